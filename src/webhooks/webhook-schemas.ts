import { z } from 'zod';
import { webhookEventTypes } from './webhook-events.ts';

const events = z.array(z.enum(webhookEventTypes)).min(1).transform((list) => [...new Set(list)]);

export const webhookEndpointCreateSchema = z.object({
  url: z.url().max(2000),
  events,
  description: z.string().trim().max(200).optional(),
});

export const webhookEndpointPatchSchema = z.object({
  url: z.url().max(2000).optional(),
  events: events.optional(),
  description: z.string().trim().max(200).nullable().optional(),
  /** true re-enables an endpoint disabled after failing */
  enabled: z.boolean().optional(),
});

export const rotateSecretSchema = z.object({
  /** how long the old secret keeps signing next to the new one (0: stop at once) */
  previous_secret_valid_hours: z.number().int().min(0).max(168).default(24),
});

export const webhookEndpointSchema = z.object({
  id: z.uuid(),
  url: z.string(),
  description: z.string().nullable(),
  events: z.array(z.enum(webhookEventTypes)),
  enabled: z.boolean(),
  /** the notice given when the endpoint was disabled for failing */
  disabled_reason: z.string().nullable(),
  disabled_at: z.iso.datetime().nullable(),
  failing_since: z.iso.datetime().nullable(),
  previous_secret_expires_at: z.iso.datetime().nullable(),
  created_at: z.iso.datetime(),
});

/** Create and rotate answers: the only time the signing secret is shown. */
export const webhookEndpointWithSecretSchema = webhookEndpointSchema.extend({ secret: z.string() });

export const deliveryStatuses = ['pending', 'succeeded', 'failed'] as const;

export const webhookDeliverySchema = z.object({
  id: z.uuid(),
  event_id: z.uuid(),
  event_type: z.enum(webhookEventTypes),
  status: z.enum(deliveryStatuses),
  attempts: z.number().int(),
  last_status_code: z.number().int().nullable(),
  last_error: z.string().nullable(),
  last_latency_ms: z.number().int().nullable(),
  redelivery_of: z.uuid().nullable(),
  created_at: z.iso.datetime(),
  delivered_at: z.iso.datetime().nullable(),
});

export const deliveriesQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  status: z.enum(deliveryStatuses).optional(),
});
