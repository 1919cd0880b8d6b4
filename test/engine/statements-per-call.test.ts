import { afterAll, describe, expect, inject, it } from 'vitest';
import { createCallActivities } from '../../activities/calls.ts';
import { createWebhookHook } from '../../activities/webhook-hook.ts';
import { createSql } from '../../src/db/client.ts';
import { freshHistory } from '../../src/domain/retry-plan.ts';
import { answeringDialer as dialer, seedAttempt } from '../helpers/seed-attempt.ts';

const statements: string[] = [];
const sql = createSql(inject('databaseUrl'), { max: 1, onStatement: (text) => statements.push(text.trim().split(/\s+/)[0]!.toLowerCase()) });
afterAll(async () => {
  await sql.end();
});

/** The statements a step sends, by their first word. */
async function statementsOf(step: () => Promise<unknown>): Promise<string[]> {
  statements.length = 0;
  await step();
  return [...statements];
}

describe("a contact's bookkeeping", () => {
  // each statement is a socket write in the worker and a parse, plan and run in PostgreSQL: per contact,
  // at 20 contacts a second, they are a share of the engine's CPU (README, "Engine throughput")
  it('dials in three statements and records a result in a transaction of six, with no look for deliveries when none was queued', async () => {
    const started: string[] = [];
    const events = createWebhookHook({ sql, startDelivery: async ({ deliveryId }) => void started.push(deliveryId) });
    const { dispatchCall, recordCallResult } = createCallActivities({ sql, dialer, events, tell: async () => ({ delivered: true }) });
    const input = await seedAttempt(sql, 'statements-per-call');

    // the contact with its questions, its attempt and the do-not-call list; the attempt written with the
    // contact's state; the placed call noted
    expect(await statementsOf(() => dispatchCall(input))).toEqual(['select', 'with', 'update']);

    const answers = [
      { question_id: 'visit_frequency', raw_answer: 'every week', mapped_value: 'weekly', confidence: 0.9 },
      { question_id: 'satisfaction', raw_answer: 'four', mapped_value: 4, confidence: 0.8 },
    ];
    const recorded = await statementsOf(() =>
      recordCallResult({
        userId: input.userId,
        surveyId: input.surveyId,
        contactId: input.contactId,
        callId: input.callId,
        report: { call_id: input.callId, outcome: 'completed', answers, transcript: [], duration_seconds: 30 },
        next: { campaignId: input.campaignId, history: { ...freshHistory, attempts: 1, used: 1 }, retryAt: null, reason: 'retry', callingHours: null },
      }),
    );
    // begin; the outcome; then the webhook endpoints, the answers and the contact's state sent together; commit.
    // No endpoint wants the event, so no delivery is queued and none is looked for after the commit.
    expect(recorded).toEqual(['begin', 'update', 'select', 'insert', 'insert', 'commit']);
    expect(started).toEqual([]);
    expect(await sql`select question_id from responses where call_id = ${input.callId} and user_id = ${input.userId} order by question_id`).toEqual([
      { question_id: 'satisfaction' },
      { question_id: 'visit_frequency' },
    ]);
    const [contact] = await sql`select state, final_outcome from campaign_contacts where campaign_id = ${input.campaignId} and contact_id = ${input.contactId}`;
    expect(contact).toEqual({ state: 'finished', final_outcome: 'completed' });
  });
});
