import { WorkflowIdReusePolicy, type Client } from '@temporalio/client';
import type { Config } from '../config.ts';
import type { Sql } from '../db/client.ts';
import {
  CampaignIdAttr,
  CampaignStatusAttr,
  SurveyIdAttr,
  UserIdAttr,
} from '../temporal/search-attributes.ts';
import { CAMPAIGN_PROTOCOL, campaignWorkflow, type CampaignInput } from '../../workflows/campaign.ts';
import { campaignWorkflowId, liveCampaignStatuses } from '../../workflows/messages.ts';
import { scopeFilter, type ContactScope } from './contact-scope.ts';
import { callingHoursSchema, type CallingHours } from '../domain/calling-hours.ts';
import { retryPolicySchema, type RetryPolicy } from '../domain/retry-policy.ts';
import type { SegmentQuota } from '../domain/segment-quota.ts';

export class LaunchError extends Error {
  constructor(
    readonly code: 'survey_not_found' | 'campaign_not_found' | 'no_contacts' | 'campaign_already_running',
    message: string,
    readonly campaignId?: string,
  ) {
    super(message);
    this.name = 'LaunchError';
  }
}

export interface LaunchDeps {
  sql: Sql;
  client: Client;
  taskQueue: string;
  campaign: Config['campaign'];
  /** the rate-limited dial queue (live telephony); unset: dials run on the campaign's queue */
  dialTaskQueue?: string;
}

export interface LaunchedCampaign {
  campaignId: string;
  workflowId: string;
  totalContacts: number;
  /** the window this campaign runs with */
  maxConcurrentCalls: number;
  /** false when a retry request found the campaign an earlier request started */
  created: boolean;
}

/** What a launch may set beyond the survey's defaults. */
export interface LaunchRequest {
  userId: string;
  surveyId: string;
  testMode: boolean;
  maxConcurrentCalls?: number;
  contacts?: 'all' | 'not_completed';
  callingHours?: CallingHours;
  retryPolicy?: RetryPolicy;
  startAt?: string | null;
  endAt?: string | null;
  targetCompletes?: number | null;
  maxSpend?: number | null;
  /** completes wanted per value of one contact variable */
  segmentQuota?: SegmentQuota | null;
  /** retry from history: call only the contacts this campaign left retryable */
  retryOf?: string;
}

/** The survey's own policy, else one from configuration (CAMPAIGN_MAX_ATTEMPTS, CAMPAIGN_RETRY_DELAY_MS). */
export function defaultRetryPolicy(campaign: Config['campaign']): RetryPolicy {
  return retryPolicySchema.parse({ max_attempts: campaign.maxAttempts, backoff: { base_seconds: campaign.retryDelayMs / 1000 } });
}

async function retryChild(sql: Sql, userId: string, parentCampaignId: string): Promise<LaunchedCampaign | null> {
  const [child] = await sql<{ id: string; workflow_id: string; total_contacts: number; max_concurrent_calls: number }[]>`
    select id, workflow_id, total_contacts, max_concurrent_calls from campaigns
    where parent_campaign_id = ${parentCampaignId} and user_id = ${userId}`;
  return child
    ? { campaignId: child.id, workflowId: child.workflow_id, totalContacts: child.total_contacts, maxConcurrentCalls: child.max_concurrent_calls, created: false }
    : null;
}

function scopeOf(request: LaunchRequest): ContactScope {
  if (request.retryOf) return { kind: 'retry', parentCampaignId: request.retryOf };
  return request.contacts === 'not_completed' ? { kind: 'not_completed' } : { kind: 'all' };
}

const liveStatusList = liveCampaignStatuses.map((s) => `'${s}'`).join(', ');

/**
 * Records a campaign and starts its workflow. A survey has at most one live campaign (a unique index);
 * launching it again raises `campaign_already_running` with that campaign's id.
 */
export async function launchCampaign(deps: LaunchDeps, request: LaunchRequest): Promise<LaunchedCampaign> {
  const { sql } = deps;
  // retrying the same campaign again answers with the campaign the first retry started
  const existing = request.retryOf ? await retryChild(sql, request.userId, request.retryOf) : null;
  if (existing) return existing;
  const [survey] = await sql<{
    title: string;
    max_concurrent_calls: number | null;
    submit_to_google_form: boolean;
    calling_hours: unknown;
    retry_policy: unknown;
    contacts: number;
  }[]>`
    select s.title, s.max_concurrent_calls, s.submit_to_google_form, s.calling_hours, s.retry_policy,
      (select count(*)::int from contacts c where c.survey_id = s.id and c.user_id = s.user_id ${scopeFilter(sql, request.userId, scopeOf(request))}) as contacts
    from surveys s where s.id = ${request.surveyId} and s.user_id = ${request.userId}`;
  if (!survey) throw new LaunchError('survey_not_found', `survey ${request.surveyId} not found`);
  if (survey.contacts === 0) {
    throw new LaunchError(
      'no_contacts',
      scopeOf(request).kind === 'all'
        ? 'the survey has no contacts to call; add contacts first'
        : 'no contacts left to call: every contact has a final answer (completed, opted out, declined) or is on the do-not-call list',
    );
  }

  const maxConcurrentCalls = request.maxConcurrentCalls ?? survey.max_concurrent_calls ?? deps.campaign.maxConcurrentCalls;
  const callingHours = request.callingHours ?? (survey.calling_hours ? callingHoursSchema.parse(survey.calling_hours) : deps.campaign.callingHours);
  const retryPolicy = request.retryPolicy ?? (survey.retry_policy ? retryPolicySchema.parse(survey.retry_policy) : defaultRetryPolicy(deps.campaign));
  const scope = scopeOf(request);
  const settings = {
    calling_hours: callingHours,
    retry_policy: retryPolicy,
    start_at: request.startAt ?? null,
    end_at: request.endAt ?? null,
    target_completes: request.targetCompletes ?? null,
    max_spend: request.maxSpend ?? null,
    segment_quotas: request.segmentQuota ? { [request.segmentQuota.variable]: request.segmentQuota.targets } : null,
  };
  const campaignId = crypto.randomUUID();
  const workflowId = campaignWorkflowId(campaignId);
  const inserted = await sql<{ id: string }[]>`
    insert into campaigns (id, user_id, survey_id, workflow_id, test_mode, max_concurrent_calls, total_contacts,
                           settings, contact_scope, parent_campaign_id)
    values (${campaignId}, ${request.userId}, ${request.surveyId}, ${workflowId}, ${request.testMode},
            ${maxConcurrentCalls}, ${request.testMode ? 1 : survey.contacts}, ${sql.json(settings)}, ${scope.kind},
            ${request.retryOf ?? null})
    on conflict (survey_id) where status in (${sql.unsafe(liveStatusList)}) do nothing
    returning id`.catch(async (error) => {
    // a second retry of the same campaign: the first one's child campaign is the answer
    if (request.retryOf && (error as { constraint_name?: string }).constraint_name === 'campaigns_one_retry_per_parent') return null;
    throw error;
  });
  if (inserted === null) return (await retryChild(sql, request.userId, request.retryOf!))!;
  if (inserted.length === 0) {
    const [live] = await sql<{ id: string }[]>`
      select id from campaigns
      where survey_id = ${request.surveyId} and user_id = ${request.userId}
        and status in ${sql([...liveCampaignStatuses])}`;
    throw new LaunchError('campaign_already_running', `survey ${request.surveyId} already has a running campaign`, live?.id);
  }

  const input: CampaignInput = {
    protocol: CAMPAIGN_PROTOCOL,
    campaignId,
    userId: request.userId,
    surveyId: request.surveyId,
    testMode: request.testMode,
    maxConcurrentCalls,
    contactPageSize: deps.campaign.contactPageSize,
    callPolicy: {
      retry: retryPolicy,
      callResultTimeoutMs: deps.campaign.callResultTimeoutMs,
      callingHours,
      costPerMinute: deps.campaign.costPerMinute,
      ...(deps.dialTaskQueue ? { dialTaskQueue: deps.dialTaskQueue } : {}),
      ...(survey.submit_to_google_form ? { submitToGoogleForm: true } : {}),
    },
    scope,
    startAt: settings.start_at,
    endAt: settings.end_at,
    targetCompletes: settings.target_completes,
    maxSpend: settings.max_spend,
    segmentQuota: request.segmentQuota ?? null,
    breaker: deps.campaign.breaker,
    continueAsNewAfterEvents: deps.campaign.continueAsNewAfterEvents,
    continueAsNewQuietMs: deps.campaign.continueAsNewQuietMs,
    handedOverCheckMs: deps.campaign.handedOverCheckMs,
  };
  try {
    await deps.client.workflow.start(campaignWorkflow, {
      workflowId,
      taskQueue: deps.taskQueue,
      args: [input],
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      typedSearchAttributes: [
        { key: CampaignIdAttr, value: campaignId },
        { key: UserIdAttr, value: request.userId },
        { key: SurveyIdAttr, value: request.surveyId },
        { key: CampaignStatusAttr, value: 'provisioning' },
      ],
      staticSummary: `Campaign ${campaignId}: "${survey.title}"${request.testMode ? ' (test mode)' : ''}`,
      staticDetails: `survey ${request.surveyId}, user ${request.userId}, ${survey.contacts} contacts, window ${maxConcurrentCalls}`,
    });
  } catch (error) {
    // no workflow, no campaign: free the survey for the next launch
    await sql`update campaigns set status = 'failed', error = ${String(error)} where id = ${campaignId}`;
    throw error;
  }
  await sql`update campaigns set status = 'provisioning' where id = ${campaignId} and status = 'launching'`;
  return { campaignId, workflowId, totalContacts: request.testMode ? 1 : survey.contacts, maxConcurrentCalls, created: true };
}
