import { describe, expect, it } from 'vitest';
import { SimulatedDialer } from '../../src/telephony/simulated/simulated-dialer.ts';
import type { DialRequest } from '../../src/telephony/ports.ts';

function dialerReporting(reports: string[]) {
  return new SimulatedDialer({
    report: async (_workflowId, report) => void reports.push(report.call_id),
    loadSurvey: async () => {
      throw new Error('unanswered calls load no survey');
    },
    loadFollowUpAnswers: async () => [],
    callDelayMs: 0,
    outcomeMix: { no_answer: 1 },
    respondentMix: { cooperative: 1 },
    seed: 'dialer-test',
  });
}

const request = (callId: string): DialRequest => ({
  callId,
  attempt: 1,
  workflowId: `wf-${callId}`,
  userId: 'u',
  campaignId: 'c',
  surveyId: 's',
  contactId: `contact-${callId}`,
  participantName: null,
  toNumber: '+12025550100',
  fromNumber: '+12025550199',
  trunkId: 'ST_x',
  questionIds: [],
  timeZone: 'UTC',
  leaveVoicemail: true,
});

describe('the simulated dialer', () => {
  it('treats the call id as an idempotency key for ended calls too, and remembers a bounded number of them', async () => {
    const reports: string[] = [];
    const dialer = dialerReporting(reports);
    const first = await dialer.dial(request('call-0'));
    await expect.poll(() => reports.length, { timeout: 5_000 }).toBe(1);
    // ended, then dialed again by a retried activity: the same call, no second ring
    expect(await dialer.dial(request('call-0'))).toEqual(first);
    expect(await dialer.findCall('call-0')).toBeNull();
    expect(dialer.placedCount).toBe(1);

    // past the 10,000 calls it remembers, the oldest is forgotten: memory stays flat over a long campaign
    for (let i = 1; i <= 10_000; i++) await dialer.dial(request(`call-${i}`));
    await expect.poll(() => reports.length, { timeout: 30_000 }).toBe(10_001);
    await dialer.dial(request('call-0'));
    expect(dialer.placedCount).toBe(10_002);
    await expect.poll(() => reports.length, { timeout: 5_000 }).toBe(10_002);
    await dialer.stop();
  });
});
