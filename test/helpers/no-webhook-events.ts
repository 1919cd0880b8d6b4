import type { WebhookHook } from '../../activities/webhook-hook.ts';

/** Activities under test without webhooks: nothing recorded, nothing to flush. */
export const noWebhookEvents: WebhookHook = { record: async () => false, flush: async () => undefined };
