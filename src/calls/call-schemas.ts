import { z } from 'zod';
import { transcriptTurnSchema } from '../domain/call-report.ts';

/**
 * The shapes `GET /calls/{id}`, `GET /surveys/{id}/unclear-answers` and `PATCH /responses/{id}`
 * answer, for the OpenAPI document: the web app's types are generated from it, so these must
 * match the queries in call-store.ts.
 */
const time = z.iso.datetime().nullable();

export const callAnswerSchema = z.object({
  response_id: z.uuid(),
  question_id: z.string(),
  raw_answer: z.string().nullable(),
  mapped_value: z.unknown(),
  confidence: z.number().nullable(),
  method: z.string().nullable(),
  reviewed_by: z.uuid().nullable(),
  reviewed_at: time,
  updated_at: z.iso.datetime(),
});

export const callDetailSchema = z.object({
  call_id: z.uuid(),
  campaign_id: z.uuid(),
  survey_id: z.uuid(),
  contact_id: z.uuid(),
  attempt: z.number().int(),
  outcome: z.string().nullable(),
  sip_status: z.number().int().nullable(),
  error: z.string().nullable(),
  dial_requested_at: time,
  dialed_at: time,
  ended_at: time,
  duration_seconds: z.number().nullable(),
  callback_at: time,
  transcript: z.array(transcriptTurnSchema),
  /** when the survey's retention erased the transcript, raw answer words and recording; null: not yet */
  personal_data_erased_at: time,
  ring_seconds: z.number(),
  talk_seconds: z.number(),
  carrier_minutes: z.number(),
  agent_minutes: z.number(),
  /** tokens the agent and the answer mapper reported for this call; null: none reported (priced per call) */
  llm_input_tokens: z.number().int().nullable(),
  llm_output_tokens: z.number().int().nullable(),
  answers: z.array(callAnswerSchema),
  attempts: z.array(z.object({ call_id: z.uuid(), attempt: z.number().int(), outcome: z.string().nullable(), ended_at: time, duration_seconds: z.number().nullable() })),
});

export const unclearAnswerSchema = z.object({
  response_id: z.uuid(),
  call_id: z.uuid(),
  contact_id: z.uuid(),
  question_id: z.string(),
  raw_answer: z.string().nullable(),
  created_at: z.iso.datetime(),
});

export const reviewedAnswerSchema = z.object({
  response_id: z.uuid(),
  call_id: z.uuid(),
  question_id: z.string(),
  raw_answer: z.string().nullable(),
  mapped_value: z.unknown(),
  method: z.literal('manual'),
  reviewed_by: z.uuid().nullable(),
  reviewed_at: z.iso.datetime(),
});
