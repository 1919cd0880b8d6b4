import { callOutcomes } from './call-outcome.ts';
import type { Answer, CallReport } from './call-report.ts';

// no zod here: the contact workflow imports this module, and every module in the workflow bundle is
// evaluated again for each workflow run. zod was about 460 KB of a contact run's 570 KB in a heap
// snapshot of the workflow thread, so with a window of 100 it was most of the worker's workflow heap.

/** The call report's bounds, written once: the zod schema (`call-report.ts`) and the workflow's check below both apply them. */
export const callReportLimits = {
  questionIdLength: 200,
  rawAnswerLength: 10_000,
  answers: 500,
  turnTextLength: 10_000,
  turns: 2_000,
  durationSeconds: 24 * 3600,
  sipStatus: { min: 100, max: 699 },
  errorLength: 2_000,
} as const;

export const answerMethods = ['deterministic', 'llm', 'unclear', 'simulated'] as const;
export const transcriptRoles = ['agent', 'participant'] as const;

/**
 * A date and time with its offset (RFC 3339; seconds and fractions optional): the zod schema's
 * `z.iso.datetime({ offset: true })` accepts no more than this. Without an offset `Date.parse` reads
 * local time, and a workflow's timer would then depend on the worker's time zone.
 */
const OFFSET_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * What the contact workflow checks of a `callCompleted` signal before it acts on it: the zod schema's
 * fields, types, bounds and defaults, without zod. The full schema (`callReportSchema`) is applied
 * where reports enter, by `reportCallCompleted`, which the voice agent and the simulator send through
 * and which sends the parsed report; this check stands between the workflow and anything else that
 * signals it (an operator's `temporal workflow signal`). It accepts everything the schema accepts; it
 * may accept a little more (a date the schema's calendar check refuses, such as February 30th), never
 * a report whose meaning depends on the worker. A payload that fails it is ignored, with the reason logged.
 */
export function readCallReport(payload: unknown): { report: CallReport } | { problem: string } {
  const limits = callReportLimits;
  if (!isRecord(payload)) return { problem: 'the report is not an object' };
  const { call_id, outcome, answers = [], transcript = [], duration_seconds = 0, sip_status, error, callback_at } = payload;
  if (typeof call_id !== 'string' || call_id === '') return { problem: 'call_id: a non-empty string' };
  const known = callOutcomes.find((o) => o === outcome);
  if (!known) return { problem: `outcome: one of ${callOutcomes.join(', ')}` };
  if (!Array.isArray(answers) || answers.length > limits.answers || !answers.every(isAnswer)) {
    return { problem: `answers: at most ${limits.answers} of { question_id, raw_answer }` };
  }
  if (!Array.isArray(transcript) || transcript.length > limits.turns || !transcript.every(isTurn)) {
    return { problem: `transcript: at most ${limits.turns} of { role, text }` };
  }
  if (typeof duration_seconds !== 'number' || !(duration_seconds >= 0 && duration_seconds <= limits.durationSeconds)) {
    return { problem: `duration_seconds: 0 to ${limits.durationSeconds}` };
  }
  const sip = limits.sipStatus;
  if (!optional(sip_status, (v) => Number.isInteger(v) && (v as number) >= sip.min && (v as number) <= sip.max)) {
    return { problem: `sip_status: an integer from ${sip.min} to ${sip.max}` };
  }
  if (!optional(error, (v) => isText(v, limits.errorLength))) return { problem: `error: a string of at most ${limits.errorLength}` };
  if (!optional(callback_at, (v) => typeof v === 'string' && OFFSET_DATE_TIME.test(v) && !Number.isNaN(Date.parse(v)))) {
    return { problem: 'callback_at: a date and time with its offset' };
  }
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

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isText(value: unknown, maxLength: number): value is string {
  return typeof value === 'string' && value.length <= maxLength;
}

/** Absent or null, or what `check` accepts. */
function optional(value: unknown, check: (value: unknown) => boolean): boolean {
  return value === undefined || value === null || check(value);
}

function isAnswer(value: unknown): value is Answer {
  const limits = callReportLimits;
  return (
    isRecord(value) &&
    isText(value.question_id, limits.questionIdLength) &&
    value.question_id !== '' &&
    (value.raw_answer === null || isText(value.raw_answer, limits.rawAnswerLength)) &&
    optional(value.confidence, (c) => typeof c === 'number' && c >= 0 && c <= 1) &&
    (value.method === undefined || (answerMethods as readonly unknown[]).includes(value.method))
  );
}

function isTurn(value: unknown): value is CallReport['transcript'][number] {
  return isRecord(value) && (transcriptRoles as readonly unknown[]).includes(value.role) && isText(value.text, callReportLimits.turnTextLength);
}
