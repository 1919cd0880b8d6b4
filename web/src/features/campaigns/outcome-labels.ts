import type { CallOutcome } from '../../api/types';

/** A plain-words name for each of the API's call outcomes; the compiler insists on every one. */
const labels = {
  completed: 'Completed',
  no_answer: 'No answer',
  busy: 'Busy',
  voicemail: 'Voicemail',
  failed: 'Failed (call could not be made)',
  hung_up_early: 'Hung up early',
  opted_out: 'Opted out',
  declined: 'Declined',
  callback_requested: 'Asked for a callback',
  cancelled: 'Cancelled',
} satisfies Record<CallOutcome, string>;

/** The outcomes in the API's order. */
export const callOutcomes = Object.keys(labels) as CallOutcome[];

/** An outcome as the page shows it; a value this build does not know is shown as it came. */
export const outcomeLabel = (outcome: string): string => (labels as Record<string, string>)[outcome] ?? outcome;
