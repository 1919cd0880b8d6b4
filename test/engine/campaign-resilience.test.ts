import { describe, expect, it } from 'vitest';
import { queryCampaignStatus } from '../../src/campaigns/campaign-status.ts';
import { seedContacts, seedSurvey } from '../../src/dev/seed.ts';
import type { CallDialer, NumberProvider, TrunkProvider } from '../../src/telephony/ports.ts';
import { harnessPerTest, type Harness } from '../helpers/harness.ts';
import { recordingHangUps } from '../helpers/provider-wrappers.ts';
import { waitFor } from '../helpers/wait-for.ts';

const start = harnessPerTest();

/** Every contact of the campaign has exactly the attempts given, one call row each. */
async function attemptsPerContact(harness: Harness, campaignId: string) {
  return harness.sql<{ contact_id: string; attempts: number[] }[]>`
    select contact_id, array_agg(attempt order by attempt) as attempts
    from calls where campaign_id = ${campaignId} group by contact_id`;
}

describe('campaign resilience', () => {
  it('finishes after its worker is stopped mid-campaign and a new one starts, dialing no one twice', async () => {
    const CONTACTS = 60;
    const harness = await start({ callDelayMs: 250 });
    const { userId, surveyId } = await harness.seedSurveyWithContacts(CONTACTS, 'restart');
    const { campaignId } = await harness.launch(userId, surveyId, { maxConcurrentCalls: 4 });

    await waitFor(`6 completed calls in campaign ${campaignId}`, async () => (await queryCampaignStatus(harness.client, campaignId)).completed_calls >= 6, 30_000, 20);
    await harness.stopWorker();
    const midway = await harness.sql`select count(*)::int as n from calls where campaign_id = ${campaignId}`;
    // enough contacts that a slow shutdown on a loaded machine still stops the campaign midway
    expect(midway[0]!.n).toBeLessThan(CONTACTS);
    // calls in progress go on without a worker, as real calls do; their reports wait in Temporal
    await new Promise((r) => setTimeout(r, 400));
    await harness.startWorker();

    const result = await harness.result(campaignId);
    expect(result).toMatchObject({ status: 'completed', completed_calls: CONTACTS, failed_calls: 0 });
    const attempts = await attemptsPerContact(harness, campaignId);
    expect(attempts).toHaveLength(CONTACTS);
    expect(attempts.every((a) => a.attempts.length === 1 && a.attempts[0] === 1)).toBe(true);
    expect(harness.dialer.placedCount).toBe(CONTACTS);
  });

  it('a dispatch retried after the dial went out never rings the contact again', async () => {
    const lostResponses = new Set<string>();
    const harness = await start({
      callDelayMs: 50,
      // the dial reaches the network, then the activity fails as if its worker died before recording it
      dialer: (inner): CallDialer => ({
        name: inner.name,
        hangUp: (id) => inner.hangUp(id),
        findCall: (id) => inner.findCall(id),
        async dial(request) {
          const placed = await inner.dial(request);
          if (!lostResponses.has(request.callId)) {
            lostResponses.add(request.callId);
            throw new Error('connection reset after dial');
          }
          return placed;
        },
      }),
    });
    const { userId, surveyId } = await harness.seedSurveyWithContacts(6, 'lost-dial');
    const { campaignId } = await harness.launch(userId, surveyId, { maxConcurrentCalls: 3 });
    const result = await harness.result(campaignId);

    expect(result).toMatchObject({ completed_calls: 6, failed_calls: 0 });
    expect(harness.dialer.placedCount).toBe(6);
    expect([...harness.dialer.dialRequests.values()]).toEqual([2, 2, 2, 2, 2, 2]);
    const calls = await harness.sql`select provider_call_id, dialed_at from calls where campaign_id = ${campaignId}`;
    expect(calls).toHaveLength(6);
    expect(calls.every((c) => c.provider_call_id && c.dialed_at)).toBe(true);
  });

  it('buys one number and creates one trunk per user when the provider times out after succeeding', async () => {
    let buyTimeouts = 0;
    let trunkTimeouts = 0;
    const harness = await start({
      numbers: (inner): NumberProvider => ({
        name: inner.name,
        findNumberForUser: (u) => inner.findNumberForUser(u),
        releaseNumber: (sid) => inner.releaseNumber(sid),
        async buyNumberForUser(userId) {
          await inner.buyNumberForUser(userId);
          buyTimeouts++;
          throw new Error('ETIMEDOUT after purchase');
        },
      }),
      trunks: (inner): TrunkProvider => ({
        name: inner.name,
        findTrunkForUser: (u) => inner.findTrunkForUser(u),
        deleteTrunk: (id) => inner.deleteTrunk(id),
        async createTrunkForUser(userId, number) {
          await inner.createTrunkForUser(userId, number);
          trunkTimeouts++;
          throw new Error('ETIMEDOUT after create');
        },
      }),
    });
    const { userId, surveyId } = await harness.seedSurveyWithContacts(2, 'provision');
    const first = await harness.launch(userId, surveyId);
    const firstResult = await harness.result(first.campaignId);

    // a second campaign of the same user reuses both
    const otherSurvey = await seedSurvey(harness.sql, userId, { title: 'Second survey' });
    await seedContacts(harness.sql, userId, otherSurvey, 1);
    const second = await harness.launch(userId, otherSurvey);
    const secondResult = await harness.result(second.campaignId);

    expect([buyTimeouts, trunkTimeouts]).toEqual([1, 1]);
    expect(harness.simulatedNumbers.purchases).toEqual([userId]);
    expect(harness.simulatedTrunks.creations).toEqual([userId]);
    expect(secondResult.phone_number).toBe(firstResult.phone_number);
    const numbers = await harness.sql`select status from phone_numbers where user_id = ${userId}`;
    expect(numbers).toEqual([{ status: 'active' }]);
    const trunks = await harness.sql`select livekit_trunk_id from sip_trunks where user_id = ${userId} and deleted_at is null`;
    expect(trunks).toHaveLength(1);
  });

  it('retries retryable outcomes up to the attempt limit, one call row per attempt', async () => {
    const harness = await start({
      callDelayMs: 10,
      outcomeMix: { no_answer: 1 },
      campaign: { maxAttempts: 3, retryDelayMs: 30 },
    });
    const { userId, surveyId } = await harness.seedSurveyWithContacts(4, 'retry');
    const { campaignId } = await harness.launch(userId, surveyId);
    const result = await harness.result(campaignId);

    expect(result).toMatchObject({ completed_calls: 0, failed_calls: 4, pending_calls: 0 });
    const attempts = await attemptsPerContact(harness, campaignId);
    expect(attempts.map((a) => a.attempts)).toEqual([[1, 2, 3], [1, 2, 3], [1, 2, 3], [1, 2, 3]]);
    expect(harness.dialer.placedCount).toBe(12);
  });

  it('gives up on a call that never reports back, hangs it up, retries it without using the contact\'s attempts, then records a failure', async () => {
    const hungUp: string[] = [];
    const harness = await start({
      callDelayMs: 3_600_000,
      campaign: { callResultTimeoutMs: 300, retryDelayMs: 10 },
      dialer: recordingHangUps(hungUp),
    });
    const { userId, surveyId } = await harness.seedSurveyWithContacts(2, 'silent');
    const { campaignId } = await harness.launch(userId, surveyId);
    const result = await harness.result(campaignId);

    expect(result).toMatchObject({ completed_calls: 0, failed_calls: 2 });
    const calls = await harness.sql<{ id: string; contact_id: string; attempt: number; outcome: string; error: string; infrastructure_failure: boolean }[]>`
      select id, contact_id, attempt, outcome, error, infrastructure_failure from calls where campaign_id = ${campaignId} order by contact_id, attempt`;
    // a lost report is ours to reconcile: the first try plus MAX_INFRASTRUCTURE_RETRIES free ones, with a budget of 1
    expect(calls.map((c) => c.attempt)).toEqual([1, 2, 3, 4, 1, 2, 3, 4]);
    expect(new Set(calls.map((c) => c.outcome))).toEqual(new Set(['failed']));
    expect(calls.every((c) => c.infrastructure_failure && /no call result within 300 ms/.test(c.error))).toBe(true);
    expect(hungUp.sort()).toEqual(calls.map((c) => c.id).sort());
  });
});
