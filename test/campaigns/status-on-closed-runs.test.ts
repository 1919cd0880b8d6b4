import { QueryRejectedError, type WorkflowClient } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryCampaignStatus } from '../../src/campaigns/campaign-status.ts';
import { findCampaign } from '../../src/campaigns/campaign-store.ts';
import { createSharedStatusReader } from '../../src/campaigns/shared-status-reader.ts';
import { openRunsOnly } from '../../src/temporal/open-runs-only.ts';
import { campaignStatusQuery, campaignWorkflowId } from '../../workflows/messages.ts';
import { countStatusQueries } from '../helpers/count-status-queries.ts';
import { createHarness, type Harness } from '../helpers/harness.ts';

// bounds every query here: one sent to a worker that is not running never answers
const QUERY_DEADLINE_MS = 3_000;
/** gRPC's status code for a call past its deadline */
const GRPC_DEADLINE_EXCEEDED = 4;

describe("status reads of a live campaign's runs that have closed", () => {
  let h: Harness;
  let campaignId: string;
  let userId: string;
  let continuedRunId: string;

  beforeAll(async () => {
    // a few runs of about 20 contacts each
    h = await createHarness({ callDelayMs: 0, campaign: { contactPageSize: 20, continueAsNewAfterEvents: 100, maxConcurrentCalls: 5 } });
    await h.startWorker();
    const seeded = await h.seedSurveyWithContacts(40, 'closed-runs');
    userId = seeded.userId;
    ({ campaignId } = await h.launch(userId, seeded.surveyId));
    await h.result(campaignId);
    const runs: { runId: string; status: string }[] = [];
    for await (const run of h.client.workflow.list({ query: `WorkflowId = '${campaignWorkflowId(campaignId)}'` })) runs.push({ runId: run.runId, status: run.status.name });
    continuedRunId = runs.find((r) => r.status === 'CONTINUED_AS_NEW')!.runId;
    // from here on no worker runs: whatever a query needs a worker for, it does not get
    await h.stopWorker();
  }, 120_000);
  afterAll(() => h?.close());

  it('are refused by the server at once, not sent to a worker to replay the run', async () => {
    const ask = (workflows: WorkflowClient) =>
      h.client.withDeadline(Date.now() + QUERY_DEADLINE_MS, () =>
        workflows.getHandle(campaignWorkflowId(campaignId), continuedRunId).query(campaignStatusQuery),
      );
    // a run that continued as new: answered only by a worker's replay, which here never comes
    const unanswered = await ask(h.client.workflow).catch((error: unknown) => error);
    expect(unanswered).toMatchObject({ message: 'Failed to query Workflow', cause: { code: GRPC_DEADLINE_EXCEEDED } });
    const refused = await ask(openRunsOnly(h.client)).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(QueryRejectedError);
    expect((refused as QueryRejectedError).status).toBe(temporal.api.enums.v1.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW);
    // the campaign's last run, completed, the same
    await expect(h.client.withDeadline(Date.now() + QUERY_DEADLINE_MS, () => queryCampaignStatus(openRunsOnly(h.client), campaignId))).rejects.toBeInstanceOf(QueryRejectedError);
  });

  it('are answered by the stored counts, labelled, when the row still says the campaign is running', async () => {
    const row = (await findCampaign(h.sql, userId, campaignId))!;
    expect(row.status).toBe('completed');
    const sent = countStatusQueries(h.client);
    // a long timeout: the answer must come from the refusals, not from giving up on a worker
    const read = createSharedStatusReader(h.client, { queryTimeoutMs: 60_000 });
    const answer = await read({ ...row, status: 'running' });
    expect(answer).toMatchObject({ source: 'stored', status: { campaign_id: campaignId, completed_calls: 40, total_contacts: 40 } });
    // asked, refused, asked once more, refused
    expect(sent).toHaveLength(2);
  });
});
