import { ActivityFailure, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.ts';
import { activityPolicies } from './activity-policies.ts';

export interface WebhookDeliveryInput {
  userId: string;
  deliveryId: string;
  /** from configuration, so tests retry in milliseconds and production for 3 days */
  retry: { initialIntervalMs: number; maximumIntervalMs: number; giveUpAfterMs: number };
}

const { markWebhookDeliveryFailed } = proxyActivities<Activities>(activityPolicies.bookkeeping);

/**
 * Delivers one event to one endpoint: the activity POSTs once per attempt and Temporal retries it with
 * exponential backoff until it succeeds or the give-up time passes; then the delivery is marked failed.
 */
export async function webhookDeliveryWorkflow(input: WebhookDeliveryInput): Promise<'succeeded' | 'failed'> {
  const { deliverWebhook } = proxyActivities<Activities>({
    startToCloseTimeout: '1 minute',
    scheduleToCloseTimeout: input.retry.giveUpAfterMs,
    retry: { initialInterval: input.retry.initialIntervalMs, backoffCoefficient: 2, maximumInterval: input.retry.maximumIntervalMs },
  });
  try {
    await deliverWebhook({ userId: input.userId, deliveryId: input.deliveryId });
    return 'succeeded';
  } catch (error) {
    if (!(error instanceof ActivityFailure)) throw error;
    await markWebhookDeliveryFailed({ userId: input.userId, deliveryId: input.deliveryId, reason: error.cause?.message ?? error.message });
    return 'failed';
  }
}
