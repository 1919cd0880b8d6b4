import { z } from 'zod';
import { questionnaireSchema } from '../domain/questionnaire.ts';
import { callingHoursSchema } from '../domain/calling-hours.ts';
import { retryPolicySchema } from '../domain/retry-policy.ts';

export const voiceAgentTones = ['friendly', 'professional', 'casual'] as const;
/** The OpenAI TTS voices the agent speaks with (agent/entry.ts); a survey saved before this list may name another, which calls speak as alloy. */
export const voiceAgentVoices = ['alloy', 'ash', 'ballad', 'coral', 'echo', 'fable', 'nova', 'onyx', 'sage', 'shimmer', 'verse'] as const;
/** When a voicemail greeting answers: leave a short message, or hang up. */
export const voicemailActions = ['leave_message', 'hang_up'] as const;

const surveyFields = {
  title: z.string().trim().min(1).max(500),
  json_questionnaire: questionnaireSchema,
  google_form_url: z.url().max(2_000).nullable(),
  voice_agent_tone: z.enum(voiceAgentTones),
  voice_agent_voice: z.enum(voiceAgentVoices),
  voice_agent_instructions: z.string().max(5_000).nullable(),
  max_concurrent_calls: z.number().int().min(1).max(500).nullable(),
  voicemail_action: z.enum(voicemailActions),
  /** Write mapped answers back to the Google Form (needs google_form_url and entry ids). */
  submit_to_google_form: z.boolean(),
  /** When contacts may be called, in each one's own zone; null: the service default (CAMPAIGN_CALLING_HOURS). */
  calling_hours: callingHoursSchema.nullable(),
  /** Attempts per contact and per outcome, backoff; null: the service default (CAMPAIGN_MAX_ATTEMPTS, CAMPAIGN_RETRY_DELAY_MS). */
  retry_policy: retryPolicySchema.nullable(),
  /** Record calls (live mode: the carrier's trunk records from answer; simulated calls have no audio). */
  record_calls: z.boolean(),
  /** Days after a call ends before its recording, transcript and raw answer words are erased; null: kept until deleted. */
  retention_days: z.number().int().min(1).max(3650).nullable(),
};

export const surveyCreateSchema = z
  .object({
    ...surveyFields,
    json_questionnaire: surveyFields.json_questionnaire.optional(),
    google_form_url: surveyFields.google_form_url.optional(),
    voice_agent_tone: surveyFields.voice_agent_tone.default('friendly'),
    voice_agent_voice: surveyFields.voice_agent_voice.default('alloy'),
    voice_agent_instructions: surveyFields.voice_agent_instructions.optional(),
    max_concurrent_calls: surveyFields.max_concurrent_calls.optional(),
    voicemail_action: surveyFields.voicemail_action.default('leave_message'),
    submit_to_google_form: surveyFields.submit_to_google_form.default(false),
    calling_hours: surveyFields.calling_hours.optional(),
    retry_policy: surveyFields.retry_policy.optional(),
    record_calls: surveyFields.record_calls.default(false),
    retention_days: surveyFields.retention_days.optional(),
  })
  .strict()
  .refine((s) => s.json_questionnaire !== undefined || s.google_form_url, {
    message: 'give json_questionnaire or google_form_url',
    path: ['json_questionnaire'],
  })
  .refine((s) => !s.submit_to_google_form || s.google_form_url, {
    message: 'submitting answers to a Google Form needs google_form_url',
    path: ['submit_to_google_form'],
  });

export const surveyPatchSchema = z
  .object({
    title: surveyFields.title,
    json_questionnaire: surveyFields.json_questionnaire,
    google_form_url: surveyFields.google_form_url,
    voice_agent_tone: surveyFields.voice_agent_tone,
    voice_agent_voice: surveyFields.voice_agent_voice,
    voice_agent_instructions: surveyFields.voice_agent_instructions,
    max_concurrent_calls: surveyFields.max_concurrent_calls,
    voicemail_action: surveyFields.voicemail_action,
    submit_to_google_form: surveyFields.submit_to_google_form,
    calling_hours: surveyFields.calling_hours,
    retry_policy: surveyFields.retry_policy,
    record_calls: surveyFields.record_calls,
    retention_days: surveyFields.retention_days,
  })
  .partial()
  .strict()
  .refine((s) => Object.keys(s).length > 0, { message: 'nothing to change' });

export const surveySchema = z.object({
  id: z.uuid(),
  title: z.string(),
  json_questionnaire: questionnaireSchema.or(z.array(z.never())),
  google_form_url: z.string().nullable(),
  voice_agent_tone: z.enum(voiceAgentTones),
  // a string, not the enum: surveys saved before the list may name another voice
  voice_agent_voice: z.string(),
  voice_agent_instructions: z.string().nullable(),
  max_concurrent_calls: z.number().nullable(),
  voicemail_action: z.enum(voicemailActions),
  submit_to_google_form: z.boolean(),
  calling_hours: callingHoursSchema.nullable(),
  retry_policy: retryPolicySchema.nullable(),
  record_calls: z.boolean(),
  retention_days: z.number().int().nullable(),
  contact_count: z.number(),
  created_at: z.iso.datetime(),
  updated_at: z.iso.datetime(),
});

/** A Google Form item left out of the imported questionnaire (grids, file uploads, unknown kinds), and why. */
export const importWarningSchema = z.object({
  position: z.number().int().min(1).describe("1-based place among the form's questions (imported and skipped alike; sections, titles and images not counted)"),
  title: z.string(),
  kind: z.string().describe('grid, file upload, or the unknown item kind'),
  reason: z.string(),
});

/** What `POST /surveys` answers: the survey, plus what a Google Form import left out. */
export const surveyCreatedSchema = surveySchema.extend({
  import_warnings: z.array(importWarningSchema).optional().describe('present when the survey was imported from a Google Form; empty when every item became a question'),
});

export type ImportWarning = z.infer<typeof importWarningSchema>;
export type SurveyCreate = z.infer<typeof surveyCreateSchema>;
export type SurveyPatch = z.infer<typeof surveyPatchSchema>;
export type Survey = z.infer<typeof surveySchema>;
