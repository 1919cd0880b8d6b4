/** How one dial attempt ended. */
export const callOutcomes = [
  'completed',
  'no_answer',
  'busy',
  'voicemail',
  'failed',
  'hung_up_early',
  'opted_out',
  'declined',
  'callback_requested',
  // the campaign was cancelled before this contact was reached (or while its call was hung up)
  'cancelled',
] as const;

// no zod here: workflows use this list, and call-report.ts builds the outcome's schema from it
export type CallOutcome = (typeof callOutcomes)[number];

/**
 * Outcomes worth another attempt, each within the survey's retry policy; a retry campaign
 * (POST /campaigns/{id}/retry) dials exactly the contacts whose final outcome is one of these.
 */
export const retryableOutcomes: ReadonlySet<CallOutcome> = new Set([
  'no_answer',
  'busy',
  'voicemail',
  'failed',
  'hung_up_early',
  'callback_requested',
  'cancelled',
]);

/** Final outcomes that must never be dialed again for the same survey. */
export const settledOutcomes: ReadonlySet<CallOutcome> = new Set(['completed', 'opted_out', 'declined']);

/** The seed's status counts `completed` contacts apart from every other final outcome. */
export function splitOutcomes(outcomes: Partial<Record<CallOutcome, number>>): { completed: number; failed: number } {
  let failed = 0;
  for (const [outcome, n] of Object.entries(outcomes)) if (outcome !== 'completed') failed += n ?? 0;
  return { completed: outcomes.completed ?? 0, failed };
}
