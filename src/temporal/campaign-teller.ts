import { isGrpcServiceError, type Client } from '@temporalio/client';
import { encodeToPayloadsWithContext } from '@temporalio/common/lib/internal-non-workflow/index.js';
import type { CampaignTeller } from '../../activities/campaign-report.ts';
import { contactFinishedSignal } from '../../workflows/messages.ts';

/** gRPC's NOT_FOUND: the server's answer for a workflow that is gone or already closed */
const GRPC_NOT_FOUND = 5;

/**
 * Sends `contactFinished` to a campaign's current run from an activity, with the request id the
 * contact's run derives from itself. The client's own `signal()` draws a fresh id per call; a fixed
 * one lets the server drop the repeat a local activity makes when its workflow task is retried.
 * A campaign that no longer runs is not an error: the contact's result is in the database either way.
 */
export function campaignTeller(client: Client): CampaignTeller {
  const { namespace, identity, loadedDataConverter } = client.workflow.options;
  return async ({ campaignWorkflowId, requestId, finished }) => {
    const payloads = await encodeToPayloadsWithContext(loadedDataConverter, { type: 'workflow', namespace, workflowId: campaignWorkflowId }, [finished]);
    try {
      await client.workflowService.signalWorkflowExecution({
        namespace,
        identity,
        requestId,
        workflowExecution: { workflowId: campaignWorkflowId },
        signalName: contactFinishedSignal.name,
        input: { payloads },
      });
      return { delivered: true };
    } catch (error) {
      if (isGrpcServiceError(error) && error.code === GRPC_NOT_FOUND) return { delivered: false };
      throw error;
    }
  };
}
