import type { Question } from '../../api/types';

/**
 * A mapped value as a person reads it: option ids become their labels, booleans yes/no, lists
 * joined. Shown next to the raw words, so the chart, transcripts and review queue say the same.
 */
export function answerLabel(question: Question | undefined, value: unknown): string {
  if (value === null || value === undefined) return 'no answer';
  if (Array.isArray(value)) return value.map((v) => answerLabel(question, v)).join(', ');
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  // analytics counts values as text: a yes/no question's keys are "true" and "false"
  if (question?.type === 'yes_no' && (value === 'true' || value === 'false')) return value === 'true' ? 'yes' : 'no';
  const option = question?.options?.find((o) => o.id === String(value));
  return option ? option.label : String(value);
}
