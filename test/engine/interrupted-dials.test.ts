import { ApplicationFailure } from '@temporalio/common';
import { afterAll, afterEach, describe, expect, inject, it } from 'vitest';
import { permanentFailure } from '../../activities/errors.ts';
import { createCallActivities } from '../../activities/calls.ts';
import type { CampaignReport } from '../../activities/campaign-report.ts';
import { freshHistory } from '../../src/domain/retry-plan.ts';
import { createSql } from '../../src/db/client.ts';
import { seedContacts, seedSurvey, seedUser } from '../../src/dev/seed.ts';
import type { CallDialer, DialedCall, DialRequest } from '../../src/telephony/ports.ts';
import { failureTypes } from '../../workflows/messages.ts';
import { createHarness, uniqueEmail, type Harness } from '../helpers/harness.ts';
import { noWebhookEvents } from '../helpers/no-webhook-events.ts';
import { answeringDialer, seedAttempt } from '../helpers/seed-attempt.ts';

const sql = createSql(inject('databaseUrl'), { max: 1 });
let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});
afterAll(async () => {
  await sql.end();
});

/** only dispatchCall runs here: no campaign is told anything */
const untold = async () => ({ delivered: false });
const never = new Promise<never>(() => {});

/**
 * A provider stand-in that records what it was asked. `crashDuringDial` makes a dial hang the way a
 * worker killed mid-request looks from the database: the attempt's row written, no answer ever.
 */
function recordingProvider(options: { placeBeforeCrash: boolean }) {
  const calls = new Map<string, DialedCall>();
  const rung: string[] = [];
  let crashNext = true;
  const dialer: CallDialer = {
    name: 'stand-in',
    async dial(request: DialRequest) {
      if (crashNext) {
        crashNext = false;
        if (options.placeBeforeCrash) {
          rung.push(request.callId);
          calls.set(request.callId, { providerCallId: `PC-${request.callId}`, roomName: `call-${request.callId}` });
        }
        return never;
      }
      rung.push(request.callId);
      const call = { providerCallId: `PC-${request.callId}`, roomName: `call-${request.callId}` };
      calls.set(request.callId, call);
      return call;
    },
    findCall: async (callId) => calls.get(callId) ?? null,
    hangUp: async () => {},
  };
  return { dialer, rung };
}

describe('a dial interrupted by a lost worker', () => {
  it('is found at the provider on the retry and carried on, never rung twice', async () => {
    const { dialer, rung } = recordingProvider({ placeBeforeCrash: true });
    const { dispatchCall } = createCallActivities({ sql, dialer, events: noWebhookEvents, tell: untold });
    const input = await seedAttempt(sql, 'lost-found');

    void dispatchCall(input); // the worker dies while the provider rings
    await expect.poll(() => rung.length, { timeout: 5_000 }).toBe(1);
    const retried = await dispatchCall(input);

    expect(retried).toEqual({ providerCallId: `PC-${input.callId}`, roomName: `call-${input.callId}` });
    expect(rung).toEqual([input.callId]);
    const [row] = await sql`select provider_call_id, dial_in_flight, dialed_at from calls where id = ${input.callId} and user_id = ${input.userId}`;
    expect(row).toMatchObject({ provider_call_id: `PC-${input.callId}`, dial_in_flight: false });
    expect(row!.dialed_at).toBeInstanceOf(Date);
  });

  it('that the provider never got (or has ended) ends as lost, a failure the workflow does not retry, without ringing', async () => {
    const { dialer, rung } = recordingProvider({ placeBeforeCrash: false });
    const { dispatchCall } = createCallActivities({ sql, dialer, events: noWebhookEvents, tell: untold });
    const input = await seedAttempt(sql, 'lost-gone');

    void dispatchCall(input);
    await expect.poll(async () => (await sql`select 1 from calls where id = ${input.callId} and dial_in_flight`).length, { timeout: 5_000 }).toBe(1);
    const error = await dispatchCall(input).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ApplicationFailure);
    expect(error).toMatchObject({ type: failureTypes.dialLost, nonRetryable: true });
    expect(rung).toEqual([]);
  });

  it('whose dial went out and finished, but whose result was lost (Temporal down), is never dialed again, even after the call ended', async () => {
    const rung: string[] = [];
    const live = new Set<string>();
    const dialer: CallDialer = {
      name: 'stand-in',
      async dial(request) {
        rung.push(request.callId);
        live.add(request.callId);
        return { providerCallId: `PC-${request.callId}`, roomName: `call-${request.callId}` };
      },
      findCall: async (callId) => (live.has(callId) ? { providerCallId: `PC-${callId}`, roomName: `call-${callId}` } : null),
      hangUp: async () => {},
    };
    const { dispatchCall } = createCallActivities({ sql, dialer, events: noWebhookEvents, tell: untold });
    const input = await seedAttempt(sql, 'result-lost');

    await dispatchCall(input);
    expect(await dispatchCall(input)).toEqual({ providerCallId: `PC-${input.callId}`, roomName: `call-${input.callId}` });
    live.clear(); // the call is over and its room gone
    expect(await dispatchCall(input)).toEqual({ providerCallId: `PC-${input.callId}`, roomName: `call-${input.callId}` });
    expect(rung).toEqual([input.callId]);
  });

  it('but a dial the provider refused is dialed again by the retry (the provider answered: nothing was in flight)', async () => {
    let tries = 0;
    const rung: string[] = [];
    const dialer: CallDialer = {
      name: 'stand-in',
      async dial(request) {
        if (++tries === 1) throw new Error('503 from the provider');
        rung.push(request.callId);
        return { providerCallId: `PC-${request.callId}`, roomName: `call-${request.callId}` };
      },
      findCall: async () => null,
      hangUp: async () => {},
    };
    const { dispatchCall } = createCallActivities({ sql, dialer, events: noWebhookEvents, tell: untold });
    const input = await seedAttempt(sql, 'refused');

    await expect(dispatchCall(input)).rejects.toThrow('503');
    await expect(dispatchCall(input)).resolves.toMatchObject({ providerCallId: `PC-${input.callId}` });
    expect(rung).toEqual([input.callId]);
  });

  it('in a campaign: a lost dial that rang keeps its agent\'s report; one that never rang is retried for free and completes', async () => {
    const staged = new Map<string, 'rang' | 'never-rang'>();
    h = await createHarness({
      callDelayMs: 50,
      campaign: { callResultTimeoutMs: 5_000 },
      // what the dial activity answers after a lost worker: the first contact's call went out before
      // the crash, the second's never did
      activities: (built) => ({
        ...built,
        async dispatchCall(input) {
          if (input.attempt === 1 && !staged.has(input.contactId) && staged.size < 2) {
            const kind = staged.size === 0 ? 'rang' : 'never-rang';
            staged.set(input.contactId, kind);
            if (kind === 'rang') await built.dispatchCall(input);
            else {
              // the attempt's row as the lost worker left it: written, the provider never asked
              await h!.sql`
                insert into calls (id, user_id, campaign_id, contact_id, attempt, provider, to_number, from_number, dial_requested_at, dial_in_flight)
                select ${input.callId}, ${input.userId}, ${input.campaignId}, c.id, ${input.attempt}, 'simulated', c.phone_number, ${input.fromNumber}, now(), true
                from contacts c where c.id = ${input.contactId} and c.user_id = ${input.userId}`;
            }
            throw permanentFailure(failureTypes.dialLost, `dial ${input.callId} was interrupted and the provider has no such call; not dialed again`);
          }
          return built.dispatchCall(input);
        },
      }),
    });
    await h.startWorker();
    const userId = await seedUser(h.sql, uniqueEmail('lost-campaign'));
    const surveyId = await seedSurvey(h.sql, userId);
    await seedContacts(h.sql, userId, surveyId, 4);
    const { campaignId } = await h.launch(userId, surveyId, { maxConcurrentCalls: 1 });
    const result = await h.result(campaignId);

    expect(result).toMatchObject({ completed_calls: 4, failed_calls: 0 });
    const calls = await h.sql<{ contact_id: string; attempt: number; outcome: string; infrastructure_failure: boolean; error: string | null }[]>`
      select contact_id, attempt, outcome, infrastructure_failure, error from calls where campaign_id = ${campaignId} and user_id = ${userId} order by attempt`;
    const of = (kind: string) => calls.filter((c) => staged.get(c.contact_id) === kind);
    expect(of('rang').map((c) => [c.attempt, c.outcome])).toEqual([[1, 'completed']]);
    expect(of('never-rang').map((c) => [c.attempt, c.outcome, c.infrastructure_failure])).toEqual([[1, 'failed', true], [2, 'completed', false]]);
    expect(of('never-rang')[0]!.error).toMatch(/interrupted/);
    // each call id reached the network at most once
    expect([...h.dialer.dialRequests.values()].every((n) => n === 1)).toBe(true);
  });
});

describe('a call result recorded again', () => {
  it('keeps the first result: a repeat with another result writes nothing, and returns and tells the campaign what was recorded', async () => {
    const dialer = answeringDialer;
    const told: CampaignReport[] = [];
    const tell = async (report: CampaignReport) => (told.push(report), { delivered: true });
    const { dispatchCall, recordCallResult } = createCallActivities({ sql, dialer, events: noWebhookEvents, tell });
    const input = await seedAttempt(sql, 'first-result-stands');
    await dispatchCall(input);
    const key = { userId: input.userId, surveyId: input.surveyId, contactId: input.contactId, callId: input.callId };
    const history = { ...freshHistory, attempts: 1, used: 1 };
    const tellCampaign = { campaignWorkflowId: 'campaign-x', requestId: 'run-1/finished', finished: { contactId: input.contactId, outcome: 'completed' as const, attempts: 1 } };
    const answers = [{ question_id: 'q1', raw_answer: 'yes', mapped_value: true, confidence: 0.9 }];

    const first = await recordCallResult({
      ...key,
      report: { call_id: input.callId, outcome: 'completed', answers, transcript: [], duration_seconds: 20 },
      next: { campaignId: input.campaignId, history, retryAt: null, reason: 'retry', callingHours: null },
      tellCampaign,
    });
    // the same run's workflow task retried after more history arrived: it now offers a lost call and a retry
    const repeat = await recordCallResult({
      ...key,
      report: { call_id: input.callId, outcome: 'failed', answers: [], transcript: [], duration_seconds: 0, error: 'no call result' },
      infrastructure: true,
      next: { campaignId: input.campaignId, history, retryAt: new Date(Date.now() + 60_000).toISOString(), reason: 'infrastructure', callingHours: null },
      tellCampaign: { ...tellCampaign, finished: { ...tellCampaign.finished, outcome: 'failed' as const } },
    });

    // the stored outcome comes back too: a current contact run closes with it
    expect(first).toEqual({ nextAttemptAt: null, outcome: 'completed' });
    expect(repeat).toEqual({ nextAttemptAt: null, outcome: 'completed' });
    expect(told.map((t) => [t.requestId, t.finished.outcome, t.finished.waitingUntil])).toEqual([
      ['run-1/finished', 'completed', null],
      ['run-1/finished', 'completed', null],
    ]);
    const [call] = await sql`select outcome, infrastructure_failure from calls where id = ${input.callId}`;
    expect(call).toEqual({ outcome: 'completed', infrastructure_failure: false });
    const [contact] = await sql`select state, final_outcome from campaign_contacts where campaign_id = ${input.campaignId} and contact_id = ${input.contactId}`;
    expect(contact).toEqual({ state: 'finished', final_outcome: 'completed' });
    expect(await sql`select raw_answer from responses where call_id = ${input.callId}`).toEqual([{ raw_answer: 'yes' }]);
  });
});
