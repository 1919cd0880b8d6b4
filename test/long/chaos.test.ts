// The chaos run's shorter version (`npm run chaos` is the long one): a campaign in live telephony mode
// against the Twilio and LiveKit stand-ins, the worker process killed with -9 four times and the
// Temporal dev server once, each restarted; nothing is dialed twice and nobody is left without an outcome.
import { describe, expect, it } from 'vitest';
import { chaosGoalMet, runChaos } from '../../scripts/chaos/run-chaos.ts';

describe('chaos: kill -9 of workers and of the Temporal server during a live-mode campaign', () => {
  it('completes 200 contacts with no duplicate dial, no contact without an outcome, and losses retried for free', async () => {
    const report = await runChaos({
      contacts: 200,
      workerKills: 4,
      serverKills: 1,
      killEveryMs: 6_000,
      window: 25,
      deadlineMs: 9 * 60_000,
      adminDatabaseUrl: process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
      log: () => {},
    });
    expect(report).toMatchObject({
      completed: true,
      workerKills: 4,
      serverKills: 1,
      completedContacts: 200,
      duplicateDialsByCallId: 0,
      duplicateDialsByNumber: 0,
      contactsWithoutFinalOutcome: 0,
      completedCallsWithoutAnswers: 0,
    });
    expect(report.lostContactsCompletedAnyway).toBe(report.lostContacts);
    expect(chaosGoalMet(report)).toBe(true);
  }, 10 * 60_000);
});
