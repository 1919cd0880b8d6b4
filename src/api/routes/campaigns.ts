import { Hono, type Context } from 'hono';
import { WorkflowIdConflictPolicy } from '@temporalio/client';
import type { AuthEnv } from '../auth/require-user.ts';
import type { AppDeps } from '../deps.ts';
import { ApiError, notFound } from '../errors.ts';
import { cursorQuerySchema } from '../pagination.ts';
import { idParam, jsonBody, optionalJsonBody, query } from '../validate.ts';
import type { CallingHours } from '../../domain/calling-hours.ts';
import type { RetryPolicy } from '../../domain/retry-policy.ts';
import { segmentQuotaOf } from '../../domain/segment-quota.ts';
import { queryCampaignStatus } from '../../campaigns/campaign-status.ts';
import { campaignListQuerySchema, cancelRequestSchema, launchRequestSchema } from '../../campaigns/campaign-schemas.ts';
import { controlCampaign, IllegalTransitionError, type ControlAction } from '../../campaigns/control-campaign.ts';
import { findCampaign, listCampaignCalls, listCampaigns, type CampaignRow } from '../../campaigns/campaign-store.ts';
import { createOwnedCampaignLookup } from '../../campaigns/owned-campaign-lookup.ts';
import { createSharedStatusReader, type SharedStatusReader } from '../../campaigns/shared-status-reader.ts';
import { launchCampaign, LaunchError } from '../../campaigns/launch-campaign.ts';
import { phoneNumberHistory } from '../../campaigns/phone-number-history.ts';
import { campaignUsage } from '../../usage/usage-report.ts';
import { provisionWorkflowId, releaseWorkflowId, liveCampaignStatuses, isLiveCampaignStatus, type CampaignStatus } from '../../../workflows/messages.ts';
import { provisionNumberWorkflow, releaseNumberWorkflow } from '../../../workflows/provision-number.ts';

/** Average minutes a contact occupies a calling slot (ringing, talking, wrap-up), for the estimate. */
const MINUTES_PER_CALL = 3;

export function campaignRoutes({ sql, temporal, config }: AppDeps, readStatus: SharedStatusReader = createSharedStatusReader(temporal)) {
  const app = new Hono<AuthEnv>();
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  /** A short workflow's result within LAUNCH_WAIT_MS: 502 `<step>_failed` if it failed, 504 `<step>_slow` if still running. */
  const resultWithin = async <T>(handle: { result(): Promise<T> }, step: 'provisioning' | 'release', failure: string): Promise<T> => {
    const result = await Promise.race([handle.result(), sleep(config.http.launchWaitMs).then(() => null)]).catch((error) => {
      throw new ApiError(502, `${step}_failed`, `${failure}: ${error?.cause?.message ?? error.message}`);
    });
    if (result === null) throw new ApiError(504, `${step}_slow`, `the ${step} is taking longer than usual; check GET /campaigns/phone-number shortly`);
    return result;
  };

  app.get('/phone-number', async (c) => {
    const [user] = await sql<{ twilio_phone_number: string | null; phone_provisioned_at: Date | null; livekit_trunk_id: string | null }[]>`
      select twilio_phone_number, phone_provisioned_at, livekit_trunk_id from users where id = ${c.var.user.id}`;
    return c.json({
      phone_number: user?.twilio_phone_number ?? null,
      status: user?.twilio_phone_number ? 'provisioned' : 'not_provisioned',
      provisioned_at: user?.phone_provisioned_at?.toISOString() ?? null,
      trunk_id: user?.livekit_trunk_id ?? null,
    });
  });

  app.get('/phone-numbers', async (c) => c.json(await phoneNumberHistory(sql, c.var.user.id)));

  app.post('/provision-number', async (c) => {
    const userId = c.var.user.id;
    const handle = await temporal.workflow.start(provisionNumberWorkflow, {
      workflowId: provisionWorkflowId(userId),
      taskQueue: config.temporal.taskQueue,
      args: [{ userId }],
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
      staticSummary: `Provision a number and SIP trunk for user ${userId}`,
    });
    const result = await resultWithin(handle, 'provisioning', 'could not provision a number');
    return c.json({ status: 'provisioned', phone_number: result.phoneNumber, message: `Your calling number is ${result.phoneNumber}` });
  });

  app.post('/release-number', async (c) => {
    const userId = c.var.user.id;
    const [live] = await sql<{ id: string }[]>`
      select id from campaigns where user_id = ${userId} and status in ${sql([...liveCampaignStatuses])} limit 1`;
    if (live) throw new ApiError(409, 'campaign_running', 'the number is in use by a running campaign', { campaign_id: live.id });
    const handle = await temporal.workflow.start(releaseNumberWorkflow, {
      workflowId: releaseWorkflowId(userId),
      taskQueue: config.temporal.taskQueue,
      args: [{ userId }],
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
      staticSummary: `Release the calling number of user ${userId}`,
    });
    const result = await resultWithin(handle, 'release', 'could not release the number');
    return c.json(
      result.released
        ? { status: 'released', phone_number: result.released, message: `${result.released} was released` }
        : { status: 'not_provisioned', phone_number: null, message: 'there was no number to release' },
    );
  });

  const launchDeps = { sql, client: temporal, taskQueue: config.temporal.taskQueue, campaign: config.campaign, dialTaskQueue: config.telephony.dialTaskQueue };
  const launchOrExplain = async (request: Parameters<typeof launchCampaign>[1]) => {
    try {
      return await launchCampaign(launchDeps, request);
    } catch (error) {
      if (!(error instanceof LaunchError)) throw error;
      if (error.code === 'survey_not_found') throw notFound('survey', request.surveyId);
      if (error.code === 'no_contacts') throw new ApiError(400, 'no_contacts', error.message);
      throw new ApiError(409, 'campaign_already_running', error.message, { campaign_id: error.campaignId });
    }
  };

  app.post('/launch', async (c) => {
    const body = await jsonBody(c, launchRequestSchema);
    const userId = c.var.user.id;
    const launched = await launchOrExplain({
      userId,
      surveyId: body.survey_id,
      testMode: body.test_mode,
      contacts: body.contacts,
      callingHours: body.calling_hours,
      retryPolicy: body.retry_policy,
      startAt: body.start_at ?? null,
      endAt: body.end_at ?? null,
      targetCompletes: body.target_completes ?? null,
      maxSpend: body.max_spend ?? null,
      segmentQuota: segmentQuotaOf(body.segment_quotas),
    });

    // the user sees the calling number at once: wait (bounded) for the ensure-number step
    const deadline = Date.now() + config.http.launchWaitMs;
    let status: CampaignStatus | null = null;
    while (Date.now() < deadline) {
      status = await queryCampaignStatus(temporal, launched.campaignId).catch(() => null);
      if (status?.phone_number || status?.status === 'failed') break;
      await sleep(100);
    }
    if (status?.status === 'failed') {
      const row = await findCampaign(sql, userId, launched.campaignId);
      throw new ApiError(502, 'provisioning_failed', `the campaign could not get a phone number: ${row?.error ?? 'unknown error'}`, {
        campaign_id: launched.campaignId,
      });
    }
    const window = launched.maxConcurrentCalls;
    const phoneNumber = status?.phone_number ?? null;
    return c.json({
      status: 'launching',
      campaign_id: launched.campaignId,
      phone_number: phoneNumber,
      total_contacts: launched.totalContacts,
      estimated_duration_minutes: Math.ceil(launched.totalContacts / window) * MINUTES_PER_CALL,
      message: phoneNumber
        ? `Survey campaign launched! Calling from ${phoneNumber}`
        : 'Survey campaign launched! Your calling number is still being set up; check the status shortly',
    });
  });

  app.get('/', async (c) => {
    const q = query(c, campaignListQuerySchema);
    const { rows, total } = await listCampaigns(sql, c.var.user.id, { limit: q.limit, offset: q.offset, surveyId: q.survey_id });
    return c.json({ items: rows.map(summary), total, limit: q.limit, offset: q.offset });
  });

  app.get('/:id', async (c) => {
    const id = idParam(c, 'id', 'campaign');
    const row = await findCampaign(sql, c.var.user.id, id);
    if (!row) throw notFound('campaign', id);
    return c.json({ ...summary(row), usage: await campaignUsage(sql, c.var.user.id, row.id, config.prices) });
  });

  const findStatusCampaign = createOwnedCampaignLookup(sql);
  /** Shared by every caller of this process: at most one workflow query per campaign a second, answers at most ~1 s old (see SharedStatusReader). */
  app.get('/:id/status', async (c) => {
    const id = idParam(c, 'id', 'campaign');
    const row = await findStatusCampaign(c.var.user.id, id);
    if (!row) throw notFound('campaign', id);
    const { status, source, readAt } = await readStatus(row);
    return c.json({ ...status, source, as_of: new Date(readAt).toISOString() });
  });

  const control = (action: ControlAction) => async (c: Context<AuthEnv>) => {
    const id = idParam(c, 'id', 'campaign');
    const cancel = action === 'cancel' ? await optionalJsonBody(c, cancelRequestSchema) : undefined;
    const row = await findCampaign(sql, c.var.user.id, id);
    if (!row || row.id !== id) throw notFound('campaign', id);
    try {
      const state = await controlCampaign(temporal, row.id, action, cancel);
      // the caller's next /status shows the change, not an answer from before it
      readStatus.forget(row.id);
      return c.json({ campaign_id: row.id, ...state });
    } catch (error) {
      if (!(error instanceof IllegalTransitionError)) throw error;
      const current = error.current ?? { status: row.status, pause_reason: row.pause_reason };
      throw new ApiError(409, 'illegal_transition', error.message, { campaign_id: row.id, ...current });
    }
  };
  app.post('/:id/pause', control('pause'));
  app.post('/:id/resume', control('resume'));
  app.post('/:id/cancel', control('cancel'));

  /** Retry from history: a new campaign on the same survey calling only the contacts this one left retryable. */
  app.post('/:id/retry', async (c) => {
    const id = idParam(c, 'id', 'campaign');
    const row = await findCampaign(sql, c.var.user.id, id);
    if (!row || row.id !== id) throw notFound('campaign', id);
    if (isLiveCampaignStatus(row.status)) {
      throw new ApiError(409, 'campaign_still_running', 'a campaign can be retried once it has finished', { campaign_id: row.id, status: row.status });
    }
    const settings = row.settings as { calling_hours?: CallingHours; retry_policy?: RetryPolicy };
    const launched = await launchOrExplain({
      userId: c.var.user.id,
      surveyId: row.survey_id,
      testMode: false,
      maxConcurrentCalls: row.max_concurrent_calls,
      callingHours: settings.calling_hours,
      retryPolicy: settings.retry_policy,
      retryOf: row.id,
    });
    return c.json(
      { campaign_id: launched.campaignId, parent_campaign_id: row.id, total_contacts: launched.totalContacts, created: launched.created },
      launched.created ? 201 : 200,
    );
  });

  app.get('/:id/calls', async (c) => {
    const id = idParam(c, 'id', 'campaign');
    const page = query(c, cursorQuerySchema);
    const row = await findCampaign(sql, c.var.user.id, id);
    if (!row) throw notFound('campaign', id);
    return c.json({ campaign_id: row.id, ...(await listCampaignCalls(sql, c.var.user.id, row, page)) });
  });

  return app;
}

function summary(row: CampaignRow) {
  return {
    campaign_id: row.id,
    survey_id: row.survey_id,
    survey_title: row.survey_title,
    workflow_id: row.workflow_id,
    status: row.status,
    phone_number: row.phone_number,
    test_mode: row.test_mode,
    parent_campaign_id: row.parent_campaign_id,
    contact_scope: row.contact_scope,
    settings: row.settings,
    max_concurrent_calls: row.max_concurrent_calls,
    total_contacts: row.total_contacts,
    completed_calls: row.completed_calls,
    failed_calls: row.failed_calls,
    error: row.error,
    created_at: row.created_at.toISOString(),
    started_at: row.started_at?.toISOString() ?? null,
    completed_at: row.completed_at?.toISOString() ?? null,
  };
}
