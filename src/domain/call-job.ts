import { z } from 'zod';

/**
 * The job metadata of a call's agent dispatch: what the voice agent needs to run the call and report
 * it. Written by the dialer, parsed by the agent; snake_case because it crosses a JSON boundary.
 */
export const callJobSchema = z.object({
  call_id: z.uuid(),
  attempt: z.number().int().min(1),
  workflow_id: z.string().min(1),
  user_id: z.uuid(),
  campaign_id: z.uuid(),
  survey_id: z.uuid(),
  contact_id: z.uuid(),
  participant_name: z.string().nullable(),
  phone_number: z.string().regex(/^\+[1-9]\d{6,14}$/),
  from_number: z.string(),
  trunk_id: z.string().min(1),
  /** the contact's zone for callback times; UTC for dispatches made before it was sent */
  time_zone: z.string().max(64).default('UTC'),
  /** the retry policy's voicemail rule for this attempt; absent on older dispatches: the survey decides */
  leave_voicemail: z.boolean().default(true),
  /** the agent places the call itself (SIP participant API) instead of the dial activity */
  dial: z.boolean().default(false),
  ringing_timeout_seconds: z.number().int().min(5).max(120).default(30),
  max_call_duration_seconds: z.number().int().min(60).max(7200).default(900),
});
export type CallJob = z.infer<typeof callJobSchema>;
export type CallJobInput = z.input<typeof callJobSchema>;
