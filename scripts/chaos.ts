import { parseArgs } from 'node:util';
import { chaosGoalMet, runChaos } from './chaos/run-chaos.ts';

/**
 * `npm run chaos`: a 2,000-contact campaign in live telephony mode against the Twilio and LiveKit
 * stand-ins, its worker killed with -9 fifteen times and the Temporal server twice. Needs the local
 * PostgreSQL and the Temporal CLI (bash scripts/temporal-cli.sh). Exits 0 when the goal is met.
 */
const { values } = parseArgs({
  options: {
    contacts: { type: 'string', default: '2000' },
    'worker-kills': { type: 'string', default: '15' },
    'server-kills': { type: 'string', default: '2' },
    'kill-every-ms': { type: 'string', default: '6000' },
    window: { type: 'string', default: '50' },
    'deadline-minutes': { type: 'string', default: '30' },
  },
});
const number = (name: keyof typeof values) => {
  const n = Number(values[name]);
  if (!Number.isFinite(n) || n < 0) {
    console.error(`--${name} takes a number`);
    process.exit(2);
  }
  return n;
};
const report = await runChaos({
  contacts: number('contacts'),
  workerKills: number('worker-kills'),
  serverKills: number('server-kills'),
  killEveryMs: number('kill-every-ms'),
  window: number('window'),
  deadlineMs: number('deadline-minutes') * 60_000,
  adminDatabaseUrl: process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  log: (line) => console.log(line),
});
console.log(`
completed: ${report.completed ? 'yes' : 'NO'} in ${report.seconds} s (${report.completedContacts}/${report.contacts} contacts completed)
worker kills: ${report.workerKills}, Temporal server kills: ${report.serverKills}
duplicate dials at the provider: ${report.duplicateDialsByCallId} by call id, ${report.duplicateDialsByNumber} by phone number
contacts without a final outcome: ${report.contactsWithoutFinalOutcome}
completed calls without answers: ${report.completedCallsWithoutAnswers}
calls lost to the crashes: ${report.callsLostToCrashes} (${report.lostContacts} contacts), re-attempted without using the contact's attempt: ${report.lostContactsCompletedAnyway}/${report.lostContacts}
goal (completes, 0 duplicates, 0 lost): ${chaosGoalMet(report) ? 'met' : 'NOT met'}`);
process.exit(chaosGoalMet(report) ? 0 : 1);
