import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { campaignWorkflowId, cancelUpdate, illegalTransitionType, pauseUpdate, resumeUpdate, type CampaignControlState, type CancelRequest } from '../../workflows/messages.ts';

/** The campaign refused the change in its current state (or has finished). */
export class IllegalTransitionError extends Error {
  constructor(
    message: string,
    readonly current: CampaignControlState | null,
  ) {
    super(message);
    this.name = 'IllegalTransitionError';
  }
}

export type ControlAction = 'pause' | 'resume' | 'cancel';

/**
 * Pause, resume or cancel through the campaign workflow's updates: the validator answers at once
 * whether the change is allowed, and the update returns the state it led to.
 */
export async function controlCampaign(client: Client, campaignId: string, action: ControlAction, cancel: CancelRequest = {}): Promise<CampaignControlState> {
  const handle = client.workflow.getHandle(campaignWorkflowId(campaignId));
  try {
    if (action === 'pause') return await handle.executeUpdate(pauseUpdate);
    if (action === 'resume') return await handle.executeUpdate(resumeUpdate);
    return await handle.executeUpdate(cancelUpdate, { args: [cancel] });
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure && error.cause.type === illegalTransitionType) {
      throw new IllegalTransitionError(error.cause.message, (error.cause.details?.[0] as CampaignControlState | undefined) ?? null);
    }
    if (error instanceof WorkflowNotFoundError || /workflow execution already completed/i.test(String((error as Error).message))) {
      throw new IllegalTransitionError(`cannot ${action} a campaign that has finished`, null);
    }
    throw error;
  }
}
