import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { retryPolicySchema } from '../../src/domain/retry-policy.ts';
import { sampleQuestionnaire, seedContacts, seedSurvey, seedUser } from '../../src/dev/seed.ts';
import { listResponses } from '../../src/responses/response-store.ts';
import { harnessPerTest, uniqueEmail, type HarnessOptions } from '../helpers/harness.ts';

const start = harnessPerTest();

async function campaign(options: HarnessOptions, contacts: number, retry: object) {
  const harness = await start(options);
  const userId = await seedUser(harness.sql, uniqueEmail('follow-up'));
  const surveyId = await seedSurvey(harness.sql, userId);
  await seedContacts(harness.sql, userId, surveyId, contacts);
  return { harness, userId, surveyId, retryPolicy: retryPolicySchema.parse(retry) };
}

type CallRow = { contact_id: string; attempt: number; outcome: string; transcript: { role: string; text: string }[]; callback_at: Date | null };

describe('calls after the first', () => {
  it('a survey dropped mid-way is finished in a follow-up call that asks only the open questions; answers are merged', async () => {
    const { harness, userId, surveyId, retryPolicy } = await campaign(
      { callDelayMs: 20, outcomeMix: { completed: 1, hung_up_early: 1 } },
      20,
      { max_attempts: 4, backoff: { base_seconds: 0.2, factor: 1, cap_seconds: 1, jitter: 0 } },
    );
    const { campaignId } = await harness.launch(userId, surveyId, { retryPolicy });
    expect((await harness.result(campaignId)).status).toBe('completed');

    const calls = await harness.sql<CallRow[]>`
      select contact_id, attempt, outcome, transcript, callback_at from calls where campaign_id = ${campaignId} order by contact_id, attempt`;
    const byContact = new Map<string, CallRow[]>();
    for (const call of calls) byContact.set(call.contact_id, [...(byContact.get(call.contact_id) ?? []), call]);
    // contacts who hung up at the third question and completed on a later call
    const resumed = [...byContact.values()].filter((attempts) => attempts[0]!.outcome === 'hung_up_early' && attempts.at(-1)!.outcome === 'completed');
    expect(resumed.length).toBeGreaterThan(0);
    const { items } = await listResponses(harness.sql, userId, surveyId, { limit: 100 });
    for (const attempts of resumed) {
      const last = attempts.at(-1)!;
      expect(last.transcript[0]!.text).toMatch(/following up on our earlier call/);
      expect(last.transcript.some((t) => /How often do you visit/.test(t.text))).toBe(false);
      // the first call's two answers and the follow-up's two, in one row
      const row = items.find((r) => r.contact_id === last.contact_id)!;
      expect(Object.keys(row.answers).sort()).toEqual(sampleQuestionnaire.map((q) => q.id).sort());
    }
    // a contact who completed at once heard the survey from the start
    const direct = [...byContact.values()].find((attempts) => attempts[0]!.outcome === 'completed');
    expect(direct?.[0]!.transcript[0]!.text).toMatch(/I'm calling with a short survey/);
  });

  it('leaves the voicemail message only on the contact\'s last attempt', async () => {
    const { harness, userId, surveyId, retryPolicy } = await campaign(
      { callDelayMs: 20, outcomeMix: { voicemail: 1 } },
      3,
      { max_attempts: 3, backoff: { base_seconds: 0.2, factor: 1, cap_seconds: 1, jitter: 0 } },
    );
    const { campaignId } = await harness.launch(userId, surveyId, { retryPolicy });
    expect((await harness.result(campaignId)).status).toBe('completed');
    const calls = await harness.sql<CallRow[]>`
      select contact_id, attempt, outcome, transcript, callback_at from calls where campaign_id = ${campaignId} order by contact_id, attempt`;
    expect(calls).toHaveLength(9);
    for (const call of calls) {
      const messageLeft = call.transcript.some((t) => t.role === 'agent' && /We will try again later/.test(t.text));
      expect({ attempt: call.attempt, messageLeft }).toEqual({ attempt: call.attempt, messageLeft: call.attempt === 3 });
    }
  });

  it('stores "tomorrow at 3pm" as 3 p.m. in the contact\'s own zone', async () => {
    const { harness, userId, surveyId, retryPolicy } = await campaign({ callDelayMs: 20, outcomeMix: { callback_requested: 1 } }, 2, { max_attempts: 1 });
    await harness.sql`update contacts set time_zone = 'America/Los_Angeles' where survey_id = ${surveyId} and user_id = ${userId}`;
    const { campaignId } = await harness.launch(userId, surveyId, { retryPolicy });
    expect((await harness.result(campaignId)).status).toBe('completed');
    const calls = await harness.sql<CallRow[]>`select contact_id, attempt, outcome, transcript, callback_at from calls where campaign_id = ${campaignId}`;
    expect(calls).toHaveLength(2);
    for (const call of calls) {
      const local = DateTime.fromJSDate(call.callback_at!, { zone: 'America/Los_Angeles' });
      expect({ hour: local.hour, minute: local.minute }).toEqual({ hour: 15, minute: 0 });
      expect(call.transcript.at(-1)!.text).toMatch(/call you back \w+day 3:00 PM\./);
    }
  });
});
