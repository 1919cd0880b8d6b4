// `HISTORY_VERSION=<version> npm run record-histories`: runs a small campaign on the current workflow code and
// writes its real histories to test/fixtures/histories/<version>/ for the replay test. Record a new
// version folder whenever a workflow changes on purpose; keep the old folders, so campaigns started
// on older code are proven to replay (see README, "Changing a workflow").
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { inject, it } from 'vitest';
import { controlCampaign } from '../../src/campaigns/control-campaign.ts';
import { queryCampaignStatus } from '../../src/campaigns/campaign-status.ts';
import { retryPolicySchema } from '../../src/domain/retry-policy.ts';
import { seedContacts, seedSurvey, seedUser } from '../../src/dev/seed.ts';
import { resolveTemporalExecutable } from '../../src/temporal/temporal-cli.ts';
import { campaignWorkflowId, contactWorkflowId } from '../../workflows/messages.ts';
import { provisionNumberWorkflow } from '../../workflows/provision-number.ts';
import { createHarness, uniqueEmail } from '../helpers/harness.ts';
import { handedOverHarnessOptions, terminateAHandedOverCall } from '../helpers/handed-over-call.ts';
import { waitFor } from '../helpers/wait-for.ts';

// no default: a forgotten variable would overwrite an existing folder that proves older code replays
const version = process.env.HISTORY_VERSION;
if (!version || !/^v\d+$/.test(version)) throw new Error('set HISTORY_VERSION to a new folder name such as v4 (see README, "Changing a workflow")');
const out = new URL(`../fixtures/histories/${version}/`, import.meta.url);

it(`records histories as ${version}`, async () => {
  mkdirSync(out, { recursive: true });
  const h = await createHarness({
    callDelayMs: 30,
    outcomeMix: { completed: 2, no_answer: 1, busy: 1 },
    respondentMix: { cooperative: 1, confused: 1 },
    campaign: { continueAsNewAfterEvents: 60 },
  });
  await h.startWorker();
  const userId = await seedUser(h.sql, uniqueEmail('fixture'));
  const surveyId = await seedSurvey(h.sql, userId);
  await seedContacts(h.sql, userId, surveyId, 8);
  // half the contacts in a segment with a quota of one, so skipping a full segment is in the history too
  await h.sql`update contacts set variables = jsonb_build_object('region', case when seq % 2 = 0 then 'North' else 'South' end) where survey_id = ${surveyId}`;
  const { campaignId } = await h.launch(userId, surveyId, {
    maxConcurrentCalls: 3,
    segmentQuota: { variable: 'region', targets: { North: 1 } },
    retryPolicy: retryPolicySchema.parse({ max_attempts: 2, backoff: { base_seconds: 0.2, jitter: 0 } }),
  });
  await waitFor('a first completed call', async () => (await queryCampaignStatus(h.client, campaignId)).completed_calls > 0);
  await controlCampaign(h.client, campaignId, 'pause');
  await controlCampaign(h.client, campaignId, 'resume');
  await h.result(campaignId);
  await h.client.workflow.execute(provisionNumberWorkflow, { taskQueue: h.taskQueue, workflowId: `provision-number-${userId}`, args: [{ userId }] });

  const seen = new Map<string, number>();
  for await (const run of h.client.workflow.list({ query: `CampaignId = '${campaignId}' OR WorkflowId = 'provision-number-${userId}'` })) {
    const kind = { campaignWorkflow: 'campaign', contactCallWorkflow: 'contact-call', provisionNumberWorkflow: 'provision-number' }[run.type] ?? run.type;
    const n = (seen.get(kind) ?? 0) + 1;
    seen.set(kind, n);
    if (n <= 4) writeFileSync(new URL(`${kind}-${n}.json`, out), await historyJson(run.workflowId, run.runId));
  }
  await h.close();
}, 120_000);

it(`records a run continuing as new with calls in progress as ${version}`, async () => {
  mkdirSync(out, { recursive: true });
  // calls outlast the wait for quiet: the run tells the calls still in progress, which signal the next run
  const h = await createHarness({
    callDelayMs: 1_500,
    campaign: { contactPageSize: 10, continueAsNewAfterEvents: 60, continueAsNewQuietMs: 300, maxConcurrentCalls: 4 },
  });
  await h.startWorker();
  const userId = await seedUser(h.sql, uniqueEmail('fixture-hand-over'));
  const surveyId = await seedSurvey(h.sql, userId);
  await seedContacts(h.sql, userId, surveyId, 12);
  const { campaignId } = await h.launch(userId, surveyId);
  await h.result(campaignId);

  let handedOver = false;
  let toldContact = false;
  for await (const run of h.client.workflow.list({ query: `CampaignId = '${campaignId}'` })) {
    const history = await h.client.workflow.getHandle(run.workflowId, run.runId).fetchHistory();
    const events = history.events ?? [];
    if (!handedOver && run.type === 'campaignWorkflow' && events.some((e) => e.externalWorkflowExecutionSignaledEventAttributes)) {
      writeFileSync(new URL('campaign-hand-over.json', out), await historyJson(run.workflowId, run.runId));
      handedOver = true;
    }
    if (!toldContact && run.type === 'contactCallWorkflow' && events.some((e) => e.workflowExecutionSignaledEventAttributes?.signalName === 'campaignContinued')) {
      writeFileSync(new URL('contact-call-told-campaign-continued.json', out), await historyJson(run.workflowId, run.runId));
      toldContact = true;
    }
  }
  await h.close();
  if (!handedOver || !toldContact) throw new Error(`no hand-over to record (campaign run: ${handedOver}, contact run: ${toldContact})`);
}, 120_000);

it(`records a campaign settling a contact run an operator terminated as ${version}`, async () => {
  mkdirSync(out, { recursive: true });
  const h = await createHarness({ callDelayMs: 3_000 });
  await h.startWorker();
  const userId = await seedUser(h.sql, uniqueEmail('fixture-terminated'));
  const surveyId = await seedSurvey(h.sql, userId);
  await seedContacts(h.sql, userId, surveyId, 2);
  const { campaignId } = await h.launch(userId, surveyId, { maxConcurrentCalls: 2 });
  const dialed = async () => (await h.sql<{ contact_id: string }[]>`select contact_id from calls where campaign_id = ${campaignId}`).map((r) => r.contact_id);
  await waitFor('both calls in progress', async () => (await dialed()).length === 2);
  const [contactId] = await dialed();
  await h.client.workflow.getHandle(contactWorkflowId(campaignId, contactId!)).terminate('recording a terminated run');
  await h.result(campaignId);
  writeFileSync(new URL('campaign-settled-terminated-run.json', out), await historyJson(campaignWorkflowId(campaignId), ''));
  await h.close();
}, 120_000);

it(`records a run settling a handed-over call whose run an operator terminated as ${version}`, async () => {
  mkdirSync(out, { recursive: true });
  const h = await createHarness(handedOverHarnessOptions);
  await h.startWorker();
  const { campaignId } = await terminateAHandedOverCall(h, 'fixture-handed-over-terminated');
  await h.result(campaignId);

  let settling = false;
  for await (const run of h.client.workflow.list({ query: `WorkflowId = '${campaignWorkflowId(campaignId)}'` })) {
    const history = await h.client.workflow.getHandle(run.workflowId, run.runId).fetchHistory();
    if (settling || !(history.events ?? []).some((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'settleRunWithoutResult')) continue;
    writeFileSync(new URL('campaign-settled-handed-over-run.json', out), await historyJson(run.workflowId, run.runId));
    settling = true;
  }
  await h.close();
  if (!settling) throw new Error('no campaign run settled the terminated handed-over call');
}, 120_000);

/** The CLI's JSON of one run (`temporal workflow show -o json`), the form the replay test reads. */
async function historyJson(workflowId: string, runId: string): Promise<Buffer> {
  const executable = await resolveTemporalExecutable();
  if (executable.type !== 'existing-path') throw new Error('recording needs the temporal CLI (npm run temporal:cli builds it)');
  // without a run id: the workflow's latest run
  return execFileSync(executable.path, ['workflow', 'show', '--address', inject('temporalAddress'), '-w', workflowId, ...(runId ? ['-r', runId] : []), '-o', 'json']);
}
