import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { callReportSchema, type CallReportInput } from '../domain/call-report.ts';
import { callCompletedSignal } from '../../workflows/messages.ts';

export type ReportResult = { delivered: true } | { delivered: false; reason: 'invalid_report' | 'unknown_or_finished_call'; detail: string };

/**
 * Sends `callCompleted` to a contact's workflow, as the voice agent and the simulator do. An invalid
 * report or a workflow that no longer runs comes back as a reason, not an exception; transport errors
 * are retried by the Temporal client itself and thrown when they persist.
 */
export async function reportCallCompleted(client: Client, workflowId: string, report: CallReportInput): Promise<ReportResult> {
  const parsed = callReportSchema.safeParse(report);
  if (!parsed.success) {
    return { delivered: false, reason: 'invalid_report', detail: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
  }
  try {
    await client.workflow.getHandle(workflowId).signal(callCompletedSignal, parsed.data);
    return { delivered: true };
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) {
      return { delivered: false, reason: 'unknown_or_finished_call', detail: error.message };
    }
    throw error;
  }
}
