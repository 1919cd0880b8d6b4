import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { WebhookConfig } from '../config.ts';
import { webhookDeliveryWorkflowId } from '../../workflows/messages.ts';
import { webhookDeliveryWorkflow } from '../../workflows/webhook-delivery.ts';

export interface DeliveryStarter {
  (delivery: { userId: string; deliveryId: string }): Promise<void>;
}

/** Starts a delivery's workflow; starting one already started is fine (the outbox may try twice). */
export function deliveryStarter(client: Client, taskQueue: string, config: WebhookConfig): DeliveryStarter {
  return async ({ userId, deliveryId }) => {
    try {
      await client.workflow.start(webhookDeliveryWorkflow, {
        workflowId: webhookDeliveryWorkflowId(deliveryId),
        taskQueue,
        args: [{ userId, deliveryId, retry: config.retry }],
      });
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
  };
}
