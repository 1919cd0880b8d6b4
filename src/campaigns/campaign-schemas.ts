import { z } from 'zod';

export const launchRequestSchema = z
  .object({
    survey_id: z.uuid(),
    test_mode: z.boolean().default(false),
  })
  .strict();

export const launchResponseSchema = z.object({
  status: z.literal('launching'),
  campaign_id: z.uuid(),
  phone_number: z.string().nullable().describe('null only if provisioning outlasted LAUNCH_WAIT_MS; poll the status'),
  total_contacts: z.number(),
  estimated_duration_minutes: z.number(),
  message: z.string(),
});

export const campaignStatusSchema = z.object({
  campaign_id: z.uuid(),
  status: z.enum(['provisioning', 'running', 'completed', 'failed']),
  phone_number: z.string().nullable(),
  total_contacts: z.number(),
  completed_calls: z.number(),
  in_progress_calls: z.number(),
  failed_calls: z.number(),
  pending_calls: z.number(),
  completion_percentage: z.number(),
});

export const campaignSummarySchema = z.object({
  campaign_id: z.uuid(),
  survey_id: z.uuid(),
  survey_title: z.string(),
  workflow_id: z.string(),
  status: z.enum(['launching', 'provisioning', 'running', 'completed', 'failed', 'cancelled']),
  phone_number: z.string().nullable(),
  test_mode: z.boolean(),
  max_concurrent_calls: z.number(),
  total_contacts: z.number(),
  completed_calls: z.number(),
  failed_calls: z.number(),
  error: z.string().nullable(),
  created_at: z.iso.datetime(),
  started_at: z.iso.datetime().nullable(),
  completed_at: z.iso.datetime().nullable(),
});

export const contactCallSchema = z.object({
  contact_id: z.uuid(),
  participant_name: z.string().nullable(),
  phone_number: z.string(),
  state: z.enum(['pending', 'in_progress', 'finished']),
  call_id: z.uuid().nullable(),
  attempt: z.number().nullable(),
  outcome: z.string().nullable(),
  sip_status: z.number().nullable(),
  error: z.string().nullable(),
  dialed_at: z.iso.datetime().nullable(),
  ended_at: z.iso.datetime().nullable(),
  duration_seconds: z.number().nullable(),
});

export const phoneNumberSchema = z.object({
  phone_number: z.string().nullable(),
  status: z.enum(['provisioned', 'not_provisioned']),
  provisioned_at: z.iso.datetime().nullable(),
  trunk_id: z.string().nullable(),
});

export const provisionResponseSchema = z.object({
  status: z.literal('provisioned'),
  phone_number: z.string(),
  message: z.string(),
});

export const campaignListQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
  survey_id: z.uuid().optional(),
});
