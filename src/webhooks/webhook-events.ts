import { z } from 'zod';

/** Every event a webhook endpoint can subscribe to. */
export const webhookEventTypes = [
  'call.completed',
  'call.failed',
  'campaign.started',
  'campaign.paused',
  'campaign.completed',
  'campaign.failed',
  'campaign.cancelled',
  'response.unclear',
] as const;
export type WebhookEventType = (typeof webhookEventTypes)[number];

/** Bumped when a payload changes incompatibly; every payload carries it. */
export const WEBHOOK_API_VERSION = '2026-11-25';

/** The campaign states that are events, and the event each one is. */
export const campaignStateEvents: Partial<Record<string, WebhookEventType>> = {
  paused: 'campaign.paused',
  completed: 'campaign.completed',
  failed: 'campaign.failed',
  cancelled: 'campaign.cancelled',
};

/** The JSON body POSTed to an endpoint: ids and figures only, never secrets or phone numbers. */
export const webhookPayloadSchema = z.object({
  id: z.uuid().describe('the event id: the same on every attempt and redelivery (use it to deduplicate)'),
  type: z.enum(webhookEventTypes),
  api_version: z.literal(WEBHOOK_API_VERSION),
  created_at: z.iso.datetime(),
  data: z.record(z.string(), z.unknown()),
});
export type WebhookPayload = z.infer<typeof webhookPayloadSchema>;

/** What the engine tells the webhook hook: the payload is built from it when the event is recorded. */
export interface WebhookEvent {
  userId: string;
  type: WebhookEventType;
  /** identifies the fact (e.g. `call:<id>`): recording it twice is a no-op */
  dedupeKey: string;
  data: Record<string, unknown>;
}
