import { z } from 'zod';
import { callOutcomes } from './call-outcome.ts';

/**
 * The call report's schemas, built on first use rather than when the module loads: the contact
 * workflow validates the `callCompleted` signal with them, and a module in the workflow bundle is
 * evaluated again for every workflow run (campaigns, children, upkeep) — built at load, every run paid
 * for schemas only a contact run that gets its report uses.
 */
function buildCallReportSchemas() {
  /** One answered question as the agent heard it, and what it mapped it to. */
  const answerSchema = z.object({
    question_id: z.string().min(1).max(200),
    raw_answer: z.string().max(10_000).nullable(),
    mapped_value: z.unknown().optional(),
    confidence: z.number().min(0).max(1).nullable().optional(),
    method: z.enum(['deterministic', 'llm', 'unclear', 'simulated']).optional(),
  });

  const transcriptTurnSchema = z.object({
    role: z.enum(['agent', 'participant']),
    text: z.string().max(10_000),
  });

  /**
   * Payload of the `callCompleted` signal, sent by the voice agent (or the simulator) to the contact's
   * workflow. `call_id` names the attempt, so a late report about an earlier attempt is recognised and ignored.
   */
  const callReportSchema = z.object({
    call_id: z.string().min(1),
    outcome: z.enum(callOutcomes),
    answers: z.array(answerSchema).max(500).default([]),
    transcript: z.array(transcriptTurnSchema).max(2_000).default([]),
    duration_seconds: z.number().min(0).max(24 * 3600).default(0),
    sip_status: z.number().int().min(100).max(699).nullable().optional(),
    error: z.string().max(2_000).nullable().optional(),
    /** When the person asked to be called back (outcome callback_requested). */
    callback_at: z.iso.datetime({ offset: true }).nullable().optional(),
  });
  return { answerSchema, transcriptTurnSchema, callReportSchema };
}

type CallReportSchemas = ReturnType<typeof buildCallReportSchemas>;
let built: CallReportSchemas | undefined;

/** The call report's schemas (built once per module instance, on the first call). */
export function callReportSchemas(): CallReportSchemas {
  return (built ??= buildCallReportSchemas());
}

export type Answer = z.infer<CallReportSchemas['answerSchema']>;
export type CallReport = z.infer<CallReportSchemas['callReportSchema']>;
export type CallReportInput = z.input<CallReportSchemas['callReportSchema']>;
