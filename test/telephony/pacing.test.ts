import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedContacts, seedSurvey, seedUser } from '../../src/dev/seed.ts';
import type { CallDialer } from '../../src/telephony/ports.ts';
import { createHarness, uniqueEmail, type Harness } from '../helpers/harness.ts';

describe('account-wide pacing', () => {
  let h: Harness;
  const dialedAt: number[] = [];
  beforeAll(async () => {
    h = await createHarness({
      callDelayMs: 10,
      dialRatePerSecond: 2,
      dialer: (inner): CallDialer => ({
        name: inner.name,
        hangUp: (id) => inner.hangUp(id),
        findCall: (id) => inner.findCall(id),
        dial(request) {
          dialedAt.push(Date.now());
          return inner.dial(request);
        },
      }),
    });
    await h.startWorker();
  });
  afterAll(() => h?.close());

  it('holds two campaigns together to the dial queue\'s rate, whatever their windows', async () => {
    const launches = [];
    for (const label of ['pace-a', 'pace-b']) {
      const userId = await seedUser(h.sql, uniqueEmail(label));
      const surveyId = await seedSurvey(h.sql, userId);
      await seedContacts(h.sql, userId, surveyId, 5);
      launches.push(await h.launch(userId, surveyId, { maxConcurrentCalls: 5 }));
    }
    const results = await Promise.all(launches.map((l) => h.result(l.campaignId)));
    expect(results.map((r) => r.completed_calls)).toEqual([5, 5]);
    expect(dialedAt).toHaveLength(10);
    dialedAt.sort((a, b) => a - b);
    // ten dials at 2 per second take at least four seconds, although both windows would allow all ten at once
    expect(dialedAt[9]! - dialedAt[0]!).toBeGreaterThanOrEqual(3_500);
  }, 60_000);
});
