import { z } from 'zod';
import { callingHoursSchema } from '../domain/calling-hours.ts';
import { retryPolicySchema } from '../domain/retry-policy.ts';
import { segmentQuotasSchema } from '../domain/segment-quota.ts';
import { callOutcomes, type CallOutcome } from '../domain/call-outcome.ts';
import { campaignStates } from '../../workflows/messages.ts';

const future = (label: string) =>
  z.iso.datetime({ offset: true }).refine((v) => Date.parse(v) > Date.now(), { message: `${label} must be in the future` });

export const launchRequestSchema = z
  .object({
    survey_id: z.uuid(),
    test_mode: z.boolean().default(false),
    /** everyone, or only contacts never reached with a final answer (completed, opted out, declined) */
    contacts: z.enum(['all', 'not_completed']).default('all'),
    /** overrides the survey's calling hours for this campaign */
    calling_hours: callingHoursSchema.optional(),
    /** overrides the survey's retry policy for this campaign */
    retry_policy: retryPolicySchema.optional(),
    /** no dial before this time */
    start_at: z.iso.datetime({ offset: true }).optional(),
    /** no dial after this time: contacts not reached by then are recorded as cancelled */
    end_at: future('end_at').optional(),
    /** stop dialing once this many surveys are completed (calls already in progress still finish) */
    target_completes: z.number().int().min(1).max(10_000_000).optional(),
    /** pause (reason spend_cap) once the estimated spend reaches this */
    max_spend: z.number().positive().max(1_000_000).optional(),
    /** completes wanted per value of one contact variable, e.g. {"region": {"North": 50, "South": 50}} */
    segment_quotas: segmentQuotasSchema.optional(),
  })
  .strict()
  .refine((r) => !r.start_at || !r.end_at || Date.parse(r.end_at) > Date.parse(r.start_at), {
    path: ['end_at'],
    message: 'end_at must be after start_at',
  });

export const cancelRequestSchema = z.object({ hang_up: z.boolean().default(false) }).strict();

export const controlResponseSchema = z.object({
  campaign_id: z.uuid(),
  status: z.enum(campaignStates),
  pause_reason: z.enum(['user', 'provider_failures', 'spend_cap']).nullable(),
});

export const retryResponseSchema = z.object({
  campaign_id: z.uuid(),
  parent_campaign_id: z.uuid(),
  total_contacts: z.number(),
  created: z.boolean().describe('false when an earlier retry of the same campaign already started it'),
});

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
  status: z.enum(campaignStates),
  phone_number: z.string().nullable(),
  total_contacts: z.number(),
  completed_calls: z.number(),
  in_progress_calls: z.number(),
  failed_calls: z.number(),
  pending_calls: z.number(),
  completion_percentage: z.number(),
  waiting_calls: z.number().describe('contacts waiting for a retry, a callback or their calling hours (they hold no call slot)'),
  next_attempt_at: z.iso.datetime().nullable(),
  pause_reason: z.enum(['user', 'provider_failures', 'spend_cap']).nullable(),
  estimated_spend: z.number(),
  stop_reason: z.enum(['cancelled', 'target_reached', 'end_at_passed']).nullable(),
  segments: z
    .record(z.string(), z.object({ target: z.number(), completed: z.number() }))
    .optional()
    .describe('per-segment quotas (segment_quotas at launch): target and completed surveys per listed value'),
  outcomes: z
    .object(Object.fromEntries(callOutcomes.map((o) => [o, z.number().int()])) as Record<CallOutcome, z.ZodInt>)
    .describe('contacts finished, by final outcome (every outcome, 0 when none); they sum to completed_calls + failed_calls. Campaigns finished before per-outcome counts were kept report their non-completed contacts as failed'),
  source: z
    .enum(['workflow', 'stored'])
    .optional()
    .describe("workflow: the campaign workflow's own answer (the source of truth); stored: the counts last saved on the campaign's row, used when the workflow cannot answer in time"),
  as_of: z.iso.datetime().optional().describe('when this answer was read; /status answers are at most about a second old (shared by every caller), see the README'),
});

export const campaignSummarySchema = z.object({
  campaign_id: z.uuid(),
  survey_id: z.uuid(),
  survey_title: z.string(),
  workflow_id: z.string(),
  status: z.enum(['launching', ...campaignStates]),
  parent_campaign_id: z.uuid().nullable(),
  contact_scope: z.enum(['all', 'not_completed', 'retry']),
  settings: z.record(z.string(), z.unknown()),
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
  state: z.enum(['pending', 'in_progress', 'waiting', 'finished', 'cancelled']),
  call_id: z.uuid().nullable(),
  attempt: z.number().nullable(),
  attempts: z.array(z.object({ call_id: z.uuid(), attempt: z.number(), outcome: z.string().nullable(), infrastructure_failure: z.boolean() })),
  next_attempt_at: z.iso.datetime().nullable(),
  wait_reason: z.string().nullable(),
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

export const releaseResponseSchema = z.object({
  status: z.enum(['released', 'not_provisioned']),
  phone_number: z.string().nullable(),
  message: z.string(),
});

export const campaignListQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
  survey_id: z.uuid().optional(),
});
