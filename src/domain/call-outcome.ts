import { z } from 'zod';

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
] as const;

export const callOutcomeSchema = z.enum(callOutcomes);
export type CallOutcome = z.infer<typeof callOutcomeSchema>;

/** Outcomes worth another attempt when the campaign allows more than one. */
export const retryableOutcomes: ReadonlySet<CallOutcome> = new Set(['no_answer', 'busy', 'failed', 'callback_requested']);

/** The seed's status counts `completed` contacts apart from every other final outcome. */
export function splitOutcomes(outcomes: Partial<Record<CallOutcome, number>>): { completed: number; failed: number } {
  let failed = 0;
  for (const [outcome, n] of Object.entries(outcomes)) if (outcome !== 'completed') failed += n ?? 0;
  return { completed: outcomes.completed ?? 0, failed };
}
