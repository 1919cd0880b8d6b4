import { callOutcomes } from './call-outcome.ts';
import type { Answer, CallReport } from './call-report.ts';

// no zod here: the contact workflow imports this module, and every module in the workflow bundle is
// evaluated again for each workflow run. zod was about 460 KB of a contact run's 570 KB in a heap
// snapshot of the workflow thread, so with a window of 100 it was most of the worker's workflow heap.

/**
 * What the contact workflow checks of a `callCompleted` signal before it acts on it: the fields it and
 * the activity that stores the call read, of the types they read them as, with the defaults the full
 * schema gives. The full schema (`callReportSchemas`: lengths, ranges, formats) is applied where
 * reports enter, by `reportCallCompleted`, which the voice agent and the simulator send through, and
 * which sends the parsed report; this check stands between the workflow and anything else that
 * signals it (an operator's `temporal workflow signal`). A payload that fails it is ignored, with the
 * reason logged.
 */
export function readCallReport(payload: unknown): { report: CallReport } | { problem: string } {
  if (!isRecord(payload)) return { problem: 'the report is not an object' };
  const { call_id, outcome, answers = [], transcript = [], duration_seconds = 0, sip_status, error, callback_at } = payload;
  if (typeof call_id !== 'string' || call_id === '') return { problem: 'call_id: a non-empty string' };
  const known = callOutcomes.find((o) => o === outcome);
  if (!known) return { problem: `outcome: one of ${callOutcomes.join(', ')}` };
  if (!Array.isArray(answers) || !answers.every(isAnswer)) return { problem: 'answers: a list of { question_id, raw_answer }' };
  if (!Array.isArray(transcript) || !transcript.every(isTurn)) return { problem: 'transcript: a list of { role, text }' };
  if (typeof duration_seconds !== 'number' || !(duration_seconds >= 0)) return { problem: 'duration_seconds: a number of seconds' };
  if (!optional(sip_status, (v) => Number.isInteger(v))) return { problem: 'sip_status: an integer' };
  if (!optional(error, (v) => typeof v === 'string')) return { problem: 'error: a string' };
  if (!optional(callback_at, (v) => typeof v === 'string' && !Number.isNaN(Date.parse(v)))) return { problem: 'callback_at: a date and time' };
  return {
    report: {
      call_id,
      outcome: known,
      answers,
      transcript,
      duration_seconds,
      ...(sip_status !== undefined ? { sip_status: sip_status as number | null } : {}),
      ...(error !== undefined ? { error: error as string | null } : {}),
      ...(callback_at !== undefined ? { callback_at: callback_at as string | null } : {}),
    },
  };
}

const answerMethods: readonly unknown[] = ['deterministic', 'llm', 'unclear', 'simulated'] satisfies readonly NonNullable<Answer['method']>[];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Absent or null, or what `check` accepts. */
function optional(value: unknown, check: (value: unknown) => boolean): boolean {
  return value === undefined || value === null || check(value);
}

function isAnswer(value: unknown): value is Answer {
  return (
    isRecord(value) &&
    typeof value.question_id === 'string' &&
    value.question_id !== '' &&
    (value.raw_answer === null || typeof value.raw_answer === 'string') &&
    optional(value.confidence, (c) => typeof c === 'number' && c >= 0 && c <= 1) &&
    (value.method === undefined || answerMethods.includes(value.method))
  );
}

function isTurn(value: unknown): value is CallReport['transcript'][number] {
  return isRecord(value) && (value.role === 'agent' || value.role === 'participant') && typeof value.text === 'string';
}
