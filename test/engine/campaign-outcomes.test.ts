import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryCampaignStatus } from '../../src/campaigns/campaign-status.ts';
import { callOutcomes, type CallOutcome } from '../../src/domain/call-outcome.ts';
import type { OutcomeMix } from '../../src/domain/outcome-mix.ts';
import { pickWeighted, seededRandom } from '../../src/domain/seeded-random.ts';
import { seedContacts, seedSurvey, seedUser } from '../../src/dev/seed.ts';
import { campaignWorkflowId, campaignOutcomesQuery, type CampaignStatus } from '../../workflows/messages.ts';
import { createHarness, uniqueEmail, type Harness } from '../helpers/harness.ts';

const mix: OutcomeMix = { completed: 5, no_answer: 2, busy: 1, voicemail: 1, failed: 1, hung_up_early: 1 };

describe('campaign outcomes and status', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ callDelayMs: 150, outcomeMix: mix });
    await h.startWorker();
  });
  afterAll(() => h?.close());

  it('counts mixed outcomes the same in the query, the database and the simulator', async () => {
    const userId = await seedUser(h.sql, uniqueEmail('mixed'));
    const surveyId = await seedSurvey(h.sql, userId);
    await seedContacts(h.sql, userId, surveyId, 40);
    const { campaignId } = await h.launch(userId, surveyId, { maxConcurrentCalls: 8 });

    // while it runs: the seed's shape, exactly, and counts that always add up
    const seen: CampaignStatus[] = [];
    for (let i = 0; i < 200; i++) {
      const status = await queryCampaignStatus(h.client, campaignId);
      seen.push(status);
      if (status.status === 'completed') break;
      await new Promise((r) => setTimeout(r, 25));
    }
    const running = seen.find((s) => s.status === 'running' && s.in_progress_calls > 0);
    expect(running, 'a status seen while calls were in progress').toMatchObject({ status: 'running', campaign_id: campaignId });
    expect(Object.keys(running!).sort()).toEqual(
      [
        'campaign_id', 'status', 'phone_number', 'total_contacts', 'completed_calls',
        'in_progress_calls', 'failed_calls', 'pending_calls', 'completion_percentage',
        // beyond the seed's shape: contacts waiting for a later attempt, the control state, the outcome breakdown
        'waiting_calls', 'next_attempt_at', 'pause_reason', 'estimated_spend', 'stop_reason', 'outcomes',
      ].sort(),
    );
    for (const s of seen.filter((s) => s.status === 'running')) {
      expect(s.completed_calls + s.failed_calls + s.in_progress_calls + s.pending_calls + s.waiting_calls).toBe(40);
      expect(s.in_progress_calls).toBeLessThanOrEqual(8);
      expect(s.completion_percentage).toBe(Math.round(((s.completed_calls + s.failed_calls) / 40) * 1000) / 10);
      expect(Object.values(s.outcomes).reduce((a, b) => a + b, 0)).toBe(s.completed_calls + s.failed_calls);
      expect(s.outcomes.completed).toBe(s.completed_calls);
    }

    const result = await h.result(campaignId);
    const contacts = await h.sql<{ id: string }[]>`select id from contacts where survey_id = ${surveyId}`;
    const expected: Partial<Record<CallOutcome, number>> = {};
    for (const { id } of contacts) {
      const outcome = pickWeighted(mix, seededRandom(`test-seed:${id}:1`));
      expected[outcome] = (expected[outcome] ?? 0) + 1;
    }
    const fromDb = Object.fromEntries(
      (await h.sql`select outcome, count(*)::int as n from calls where campaign_id = ${campaignId} group by outcome`).map(
        (r) => [r.outcome, r.n],
      ),
    );
    const fromQuery = await h.client.workflow.getHandle(campaignWorkflowId(campaignId)).query(campaignOutcomesQuery);
    expect(fromQuery).toEqual(expected);
    // the status carries the same counts, with every other outcome listed as 0
    expect(Object.fromEntries(Object.entries(result.outcomes).filter(([, n]) => n > 0))).toEqual(expected);
    expect(Object.keys(result.outcomes).sort()).toEqual([...callOutcomes].sort());
    expect(fromDb).toEqual(expected);
    expect(Object.keys(expected).length).toBeGreaterThan(3);
    expect(result).toMatchObject({
      status: 'completed',
      total_contacts: 40,
      completed_calls: expected.completed,
      failed_calls: 40 - expected.completed!,
      in_progress_calls: 0,
      pending_calls: 0,
      completion_percentage: 100,
    });
    const [row] = await h.sql`select completed_calls, failed_calls, outcome_counts from campaigns where id = ${campaignId}`;
    expect(row).toEqual({ completed_calls: expected.completed, failed_calls: 40 - expected.completed!, outcome_counts: expected });

    // partial surveys keep what was said: hung_up_early calls store half the answers
    const partial = await h.sql`
      select count(r.id)::int as answers from calls c left join responses r on r.call_id = c.id
      where c.campaign_id = ${campaignId} and c.outcome = 'hung_up_early' group by c.id`;
    expect(partial.every((p) => p.answers === 2)).toBe(true);
  });

  it('test mode calls only the first contact', async () => {
    const userId = await seedUser(h.sql, uniqueEmail('testmode'));
    const surveyId = await seedSurvey(h.sql, userId);
    await seedContacts(h.sql, userId, surveyId, 5);
    const { campaignId, totalContacts } = await h.launch(userId, surveyId, { testMode: true });
    expect(totalContacts).toBe(1);
    const result = await h.result(campaignId);
    expect(result.total_contacts).toBe(1);
    expect(result.completed_calls + result.failed_calls).toBe(1);
    const calls = await h.sql`
      select c.seq from calls k join contacts c on c.id = k.contact_id where k.campaign_id = ${campaignId}`;
    const [first] = await h.sql`select min(seq) as seq from contacts where survey_id = ${surveyId}`;
    expect(calls.map((c) => c.seq)).toEqual([first!.seq]);
  });

  it('a second launch of a running survey is refused with the running campaign id', async () => {
    const userId = await seedUser(h.sql, uniqueEmail('twice'));
    const surveyId = await seedSurvey(h.sql, userId);
    await seedContacts(h.sql, userId, surveyId, 3);
    const first = await h.launch(userId, surveyId);
    await expect(h.launch(userId, surveyId)).rejects.toMatchObject({
      code: 'campaign_already_running',
      campaignId: first.campaignId,
    });
    await h.result(first.campaignId);
    // once finished, the survey can be launched again
    const second = await h.launch(userId, surveyId);
    expect(second.campaignId).not.toBe(first.campaignId);
    await h.result(second.campaignId);
  });

  it('refuses a survey without contacts, and another user\'s survey', async () => {
    const userId = await seedUser(h.sql, uniqueEmail('empty'));
    const surveyId = await seedSurvey(h.sql, userId);
    await expect(h.launch(userId, surveyId)).rejects.toMatchObject({ code: 'no_contacts' });
    const otherId = await seedUser(h.sql, uniqueEmail('other'));
    await seedContacts(h.sql, userId, surveyId, 1);
    await expect(h.launch(otherId, surveyId)).rejects.toMatchObject({ code: 'survey_not_found' });
  });
});
