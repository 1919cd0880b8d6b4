import { z } from 'zod';
import { callOutcomes } from './call-outcome.ts';
import { answerMethods, callReportLimits as limits, transcriptRoles } from './call-report-shape.ts';

// The call report's schemas, for where reports enter (`reportCallCompleted`) and the call stores. The
// workflows import only this module's types: zod stays out of their bundle (every bundle module is
// evaluated again for each run), and they check the signal with `readCallReport`
// (`call-report-shape.ts`), which applies the same bounds, written there once.

/** One answered question as the agent heard it, and what it mapped it to. */
export const answerSchema = z.object({
  question_id: z.string().min(1).max(limits.questionIdLength),
  raw_answer: z.string().max(limits.rawAnswerLength).nullable(),
  mapped_value: z.unknown().optional(),
  confidence: z.number().min(0).max(1).nullable().optional(),
  method: z.enum(answerMethods).optional(),
});

export const transcriptTurnSchema = z.object({
  role: z.enum(transcriptRoles),
  text: z.string().max(limits.turnTextLength),
});

/**
 * Payload of the `callCompleted` signal, sent by the voice agent (or the simulator) to the contact's
 * workflow. `call_id` names the attempt, so a late report about an earlier attempt is recognised and ignored.
 */
export const callReportSchema = z.object({
  call_id: z.string().min(1),
  outcome: z.enum(callOutcomes),
  answers: z.array(answerSchema).max(limits.answers).default([]),
  transcript: z.array(transcriptTurnSchema).max(limits.turns).default([]),
  duration_seconds: z.number().min(0).max(limits.durationSeconds).default(0),
  sip_status: z.number().int().min(limits.sipStatus.min).max(limits.sipStatus.max).nullable().optional(),
  error: z.string().max(limits.errorLength).nullable().optional(),
  /** When the person asked to be called back (outcome callback_requested). */
  callback_at: z.iso.datetime({ offset: true }).nullable().optional(),
});

export type Answer = z.infer<typeof answerSchema>;
export type CallReport = z.infer<typeof callReportSchema>;
export type CallReportInput = z.input<typeof callReportSchema>;
