import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedContacts, seedSurvey, seedUser } from '../../src/dev/seed.ts';
import { createHarness, uniqueEmail, type Harness } from '../helpers/harness.ts';

describe('simulated calls run the conversation engine with scripted respondents', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({
      callDelayMs: 10,
      outcomeMix: { completed: 4, opted_out: 1, declined: 1, callback_requested: 1, hung_up_early: 1 },
      respondentMix: { cooperative: 1, confused: 1, talkative: 1 },
    });
    await h.startWorker();
  });
  afterAll(() => h?.close());

  it('stores realistic answers, partial surveys, opt-outs and callbacks', async () => {
    const userId = await seedUser(h.sql, uniqueEmail('personas'));
    const surveyId = await seedSurvey(h.sql, userId);
    // outcomes are drawn per (random) contact id: 80 contacts make a missing one-in-eight outcome a 1-in-40,000 event
    await seedContacts(h.sql, userId, surveyId, 80);
    const { campaignId } = await h.launch(userId, surveyId, { maxConcurrentCalls: 10 });
    const result = await h.result(campaignId);

    const calls = await h.sql<{ outcome: string; answers: number; callback_at: Date | null; transcript: { role: string; text: string }[] }[]>`
      select k.outcome, k.callback_at, k.transcript, (select count(*)::int from responses r where r.call_id = k.id) as answers
      from calls k where k.campaign_id = ${campaignId}`;
    const byOutcome = (o: string) => calls.filter((c) => c.outcome === o);
    expect(new Set(calls.map((c) => c.outcome))).toEqual(new Set(['completed', 'opted_out', 'declined', 'callback_requested', 'hung_up_early']));
    expect(result.completed_calls).toBe(byOutcome('completed').length);
    expect(byOutcome('completed').every((c) => c.answers === 4)).toBe(true);
    expect(byOutcome('opted_out').every((c) => c.answers === 1)).toBe(true);
    expect(byOutcome('hung_up_early').every((c) => c.answers === 2)).toBe(true);
    expect(byOutcome('declined').every((c) => c.answers === 0)).toBe(true);
    expect(byOutcome('callback_requested').every((c) => c.callback_at instanceof Date)).toBe(true);
    expect(calls.every((c) => c.transcript[0]?.role === 'agent' && c.transcript[0].text.includes('Customer satisfaction'))).toBe(true);

    // confused and talkative people still give mapped answers; the unclear ones are marked, not guessed
    const [methods] = await h.sql`
      select count(*) filter (where r.method = 'deterministic')::int as mapped,
             count(*) filter (where r.method = 'unclear' and r.mapped_value is null)::int as unclear,
             count(*) filter (where r.method = 'unclear' and r.mapped_value is not null)::int as guessed
      from responses r join calls k on k.id = r.call_id where k.campaign_id = ${campaignId}`;
    expect(methods!.mapped).toBeGreaterThan(0);
    expect(methods!.guessed).toBe(0);
  });
});
