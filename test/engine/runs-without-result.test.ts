import { afterAll, describe, expect, inject, it } from 'vitest';
import { createCallActivities } from '../../activities/calls.ts';
import { createRunsWithoutResultActivities } from '../../activities/runs-without-result.ts';
import { createWebhookHook } from '../../activities/webhook-hook.ts';
import { createSql } from '../../src/db/client.ts';
import { freshHistory } from '../../src/domain/retry-plan.ts';
import { noWebhookEvents } from '../helpers/no-webhook-events.ts';
import { recordingHangUps } from '../helpers/provider-wrappers.ts';
import { answeringDialer, seedAttempt } from '../helpers/seed-attempt.ts';

const sql = createSql(inject('databaseUrl'), { max: 1 });
afterAll(async () => {
  await sql.end();
});

const untold = async () => ({ delivered: false });

describe('a contact run that closed without a result', () => {
  it('hangs up the call still open, stores it as failed, reports call.failed and finishes the contact as failed, once however often asked', async () => {
    const hungUp: string[] = [];
    const dialer = recordingHangUps(hungUp)(answeringDialer);
    const started: string[] = [];
    const events = createWebhookHook({ sql, startDelivery: async ({ deliveryId }) => void started.push(deliveryId) });
    const { dispatchCall } = createCallActivities({ sql, dialer, events, tell: untold });
    const { settleRunWithoutResult } = createRunsWithoutResultActivities({ sql, dialer, events });
    const input = await seedAttempt(sql, 'settle-open-call');
    await sql`
      insert into webhook_endpoints (user_id, url, events, secret_sealed)
      values (${input.userId}, 'https://hooks.example.com/survey', ${['call.failed']}, 'sealed')`;
    await dispatchCall(input);
    const key = { userId: input.userId, campaignId: input.campaignId, contactId: input.contactId, reason: 'terminated by an operator' };

    const first = await settleRunWithoutResult(key);
    const repeat = await settleRunWithoutResult(key);

    expect(first).toEqual({ contactId: input.contactId, outcome: 'failed', attempts: 1, waitingUntil: null });
    expect(repeat).toEqual(first);
    expect(hungUp).toEqual([input.callId]);
    const [call] = await sql`select outcome, error, infrastructure_failure from calls where id = ${input.callId}`;
    expect(call).toEqual({ outcome: 'failed', error: 'terminated by an operator', infrastructure_failure: true });
    const [contact] = await sql`select state, final_outcome from campaign_contacts where campaign_id = ${input.campaignId} and contact_id = ${input.contactId}`;
    expect(contact).toEqual({ state: 'finished', final_outcome: 'failed' });
    const reported = await sql`select type, payload from webhook_events where user_id = ${input.userId}`;
    expect(reported).toHaveLength(1);
    expect(reported[0]).toMatchObject({
      type: 'call.failed',
      payload: { data: { call_id: input.callId, campaign_id: input.campaignId, survey_id: input.surveyId, contact_id: input.contactId, attempt: 1, outcome: 'failed', next_attempt_at: null } },
    });
    expect(started).toHaveLength(1);
  });

  it('keeps what the run recorded before it closed: a contact waiting for its retry stays waiting, and is counted so', async () => {
    const hungUp: string[] = [];
    const dialer = recordingHangUps(hungUp)(answeringDialer);
    const { dispatchCall, recordCallResult } = createCallActivities({ sql, dialer, events: noWebhookEvents, tell: untold });
    const { settleRunWithoutResult } = createRunsWithoutResultActivities({ sql, dialer, events: noWebhookEvents });
    const input = await seedAttempt(sql, 'settle-waiting');
    await dispatchCall(input);
    const retryAt = new Date(Date.now() + 3_600_000).toISOString();
    await recordCallResult({
      userId: input.userId,
      surveyId: input.surveyId,
      contactId: input.contactId,
      callId: input.callId,
      report: { call_id: input.callId, outcome: 'no_answer', answers: [], transcript: [], duration_seconds: 0 },
      next: { campaignId: input.campaignId, history: { ...freshHistory, attempts: 1, used: 1 }, retryAt, reason: 'retry', callingHours: null },
    });

    const settled = await settleRunWithoutResult({ userId: input.userId, campaignId: input.campaignId, contactId: input.contactId, reason: 'terminated' });

    expect(settled).toEqual({ contactId: input.contactId, outcome: 'failed', attempts: 1, waitingUntil: retryAt });
    expect(hungUp).toEqual([]);
    const [call] = await sql`select outcome from calls where id = ${input.callId}`;
    expect(call).toEqual({ outcome: 'no_answer' });
    const [contact] = await sql`select state, next_attempt_at from campaign_contacts where campaign_id = ${input.campaignId} and contact_id = ${input.contactId}`;
    expect(contact).toEqual({ state: 'waiting', next_attempt_at: new Date(retryAt) });
  });
});
