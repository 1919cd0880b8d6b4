import { WorkflowIdReusePolicy, type Client } from '@temporalio/client';
import type { Config } from '../config.ts';
import type { Sql } from '../db/client.ts';
import {
  CampaignIdAttr,
  CampaignStatusAttr,
  SurveyIdAttr,
  UserIdAttr,
} from '../temporal/search-attributes.ts';
import { campaignWorkflow, type CampaignInput } from '../../workflows/campaign.ts';
import { campaignWorkflowId } from '../../workflows/ids.ts';

export class LaunchError extends Error {
  constructor(
    readonly code: 'survey_not_found' | 'no_contacts' | 'campaign_already_running',
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
}

/**
 * Records a campaign and starts its workflow. A survey has at most one live campaign (a unique index);
 * launching it again raises `campaign_already_running` with that campaign's id.
 */
export async function launchCampaign(
  deps: LaunchDeps,
  request: { userId: string; surveyId: string; testMode: boolean; maxConcurrentCalls?: number },
  /** Workflow input fields to override (the benchmark's bare-ceiling run). */
  overrides: Partial<CampaignInput> = {},
): Promise<LaunchedCampaign> {
  const { sql } = deps;
  const [survey] = await sql<{ title: string; max_concurrent_calls: number | null; submit_to_google_form: boolean; contacts: number }[]>`
    select s.title, s.max_concurrent_calls, s.submit_to_google_form,
      (select count(*)::int from contacts c where c.survey_id = s.id and c.user_id = s.user_id) as contacts
    from surveys s where s.id = ${request.surveyId} and s.user_id = ${request.userId}`;
  if (!survey) throw new LaunchError('survey_not_found', `survey ${request.surveyId} not found`);
  if (survey.contacts === 0) throw new LaunchError('no_contacts', 'the survey has no contacts to call; add contacts first');

  const maxConcurrentCalls = request.maxConcurrentCalls ?? survey.max_concurrent_calls ?? deps.campaign.maxConcurrentCalls;
  const campaignId = crypto.randomUUID();
  const workflowId = campaignWorkflowId(campaignId);
  const inserted = await sql<{ id: string }[]>`
    insert into campaigns (id, user_id, survey_id, workflow_id, test_mode, max_concurrent_calls, total_contacts)
    values (${campaignId}, ${request.userId}, ${request.surveyId}, ${workflowId}, ${request.testMode},
            ${maxConcurrentCalls}, ${request.testMode ? 1 : survey.contacts})
    on conflict (survey_id) where status in ('launching', 'provisioning', 'running') do nothing
    returning id`;
  if (inserted.length === 0) {
    const [live] = await sql<{ id: string }[]>`
      select id from campaigns
      where survey_id = ${request.surveyId} and user_id = ${request.userId}
        and status in ('launching', 'provisioning', 'running')`;
    throw new LaunchError('campaign_already_running', `survey ${request.surveyId} already has a running campaign`, live?.id);
  }

  const input: CampaignInput = {
    campaignId,
    userId: request.userId,
    surveyId: request.surveyId,
    testMode: request.testMode,
    maxConcurrentCalls,
    contactPageSize: deps.campaign.contactPageSize,
    callPolicy: {
      maxAttempts: deps.campaign.maxAttempts,
      retryDelayMs: deps.campaign.retryDelayMs,
      callResultTimeoutMs: deps.campaign.callResultTimeoutMs,
      ...(deps.dialTaskQueue ? { dialTaskQueue: deps.dialTaskQueue } : {}),
      ...(survey.submit_to_google_form ? { submitToGoogleForm: true } : {}),
    },
    continueAsNewAfterEvents: deps.campaign.continueAsNewAfterEvents,
    ...overrides,
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
  return { campaignId, workflowId, totalContacts: request.testMode ? 1 : survey.contacts, maxConcurrentCalls };
}
