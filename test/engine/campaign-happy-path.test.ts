import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryCampaignStatus } from '../../src/campaigns/campaign-status.ts';
import { sampleQuestionnaire, seedContacts, seedSurvey, seedUser } from '../../src/dev/seed.ts';
import { createHarness, uniqueEmail, type Harness } from '../helpers/harness.ts';

describe('a campaign on a real Temporal server', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ callDelayMs: 10 });
    await h.startWorker();
  });
  afterAll(() => h?.close());

  it('provisions, calls every contact once and stores outcomes and answers', async () => {
    const userId = await seedUser(h.sql, uniqueEmail('happy'));
    const surveyId = await seedSurvey(h.sql, userId);
    await seedContacts(h.sql, userId, surveyId, 12);

    const { campaignId, totalContacts } = await h.launch(userId, surveyId, { maxConcurrentCalls: 3 });
    expect(totalContacts).toBe(12);
    const result = await h.result(campaignId);

    const [user] = await h.sql`select twilio_phone_number, livekit_trunk_id from users where id = ${userId}`;
    expect(result).toEqual({
      campaign_id: campaignId,
      status: 'completed',
      phone_number: user!.twilio_phone_number,
      total_contacts: 12,
      completed_calls: 12,
      in_progress_calls: 0,
      failed_calls: 0,
      pending_calls: 0,
      completion_percentage: 100,
      waiting_calls: 0,
      next_attempt_at: null,
      pause_reason: null,
      estimated_spend: expect.any(Number),
      stop_reason: null,
      outcomes: { completed: 12, no_answer: 0, busy: 0, voicemail: 0, failed: 0, hung_up_early: 0, opted_out: 0, declined: 0, callback_requested: 0, cancelled: 0 },
    });
    expect(result.estimated_spend).toBeGreaterThan(0);
    expect(user!.twilio_phone_number).toMatch(/^\+1\d{3}55501\d{2}$/);
    expect(user!.livekit_trunk_id).toMatch(/^ST_/);
    // the query keeps answering after the workflow has closed
    expect(await queryCampaignStatus(h.client, campaignId)).toEqual(result);

    const [campaign] = await h.sql`
      select status, completed_calls, failed_calls, total_contacts, phone_number, completed_at
      from campaigns where id = ${campaignId}`;
    expect(campaign).toMatchObject({ status: 'completed', completed_calls: 12, failed_calls: 0, total_contacts: 12 });
    expect(campaign!.phone_number).toBe(user!.twilio_phone_number);
    expect(campaign!.completed_at).toBeInstanceOf(Date);

    const calls = await h.sql`select contact_id, attempt, outcome, provider_call_id from calls where campaign_id = ${campaignId}`;
    expect(calls).toHaveLength(12);
    expect(new Set(calls.map((c) => c.contact_id)).size).toBe(12);
    expect(calls.every((c) => c.attempt === 1 && c.outcome === 'completed' && c.provider_call_id)).toBe(true);

    const [answers] = await h.sql`
      select count(*)::int as n, count(distinct question_id)::int as questions
      from responses r join calls c on c.id = r.call_id where c.campaign_id = ${campaignId}`;
    expect(answers).toEqual({ n: 12 * sampleQuestionnaire.length, questions: sampleQuestionnaire.length });
  });
});
