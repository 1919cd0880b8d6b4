import { describe, expect, it } from 'vitest';
import { queryCampaignStatus } from '../../src/campaigns/campaign-status.ts';
import { controlCampaign, IllegalTransitionError } from '../../src/campaigns/control-campaign.ts';
import { retryableOutcomes } from '../../src/domain/call-outcome.ts';
import { retryPolicySchema } from '../../src/domain/retry-policy.ts';
import { classifyProviderError } from '../../src/telephony/live/provider-errors.ts';
import type { CallDialer } from '../../src/telephony/ports.ts';
import { campaignWorkflowId, campaignOutcomesQuery, contactWorkflowId, type CampaignStatus } from '../../workflows/messages.ts';
import { harnessPerTest, type Harness } from '../helpers/harness.ts';
import { recordingHangUps, suspendedWhile } from '../helpers/provider-wrappers.ts';
import { pause, waitFor } from '../helpers/wait-for.ts';

const start = harnessPerTest();

const statusOf = (harness: Harness, campaignId: string) => queryCampaignStatus(harness.client, campaignId);
const policy = (p: object) => retryPolicySchema.parse(p);

/** Distinct contacts the campaign has dialed (call rows are written before the provider is asked). */
async function dialedContacts(harness: Harness, campaignId: string): Promise<string[]> {
  const rows = await harness.sql<{ contact_id: string }[]>`select distinct contact_id from calls where campaign_id = ${campaignId}`;
  return rows.map((r) => r.contact_id).sort();
}

describe('campaign control', () => {
  it('keeps call slots for calls: contacts waiting for a retry hold none, and the campaign completes once they are called', async () => {
    const harness = await start({ callDelayMs: 80, outcomeMix: { completed: 1, no_answer: 1 } });
    const { userId, surveyId } = await harness.seedSurveyWithContacts(40, 'slots');
    const { campaignId } = await harness.launch(userId, surveyId, {
      maxConcurrentCalls: 4,
      retryPolicy: policy({ max_attempts: 3, backoff: { base_seconds: 3, factor: 1, cap_seconds: 10, jitter: 0 } }),
    });
    const seen: CampaignStatus[] = [];
    await waitFor('the campaign to complete', async () => {
      const s = await statusOf(harness, campaignId);
      seen.push(s);
      return s.status === 'completed';
    }, 110_000, 30); // about 30 s on an idle 2-core machine

    for (const s of seen.filter((s) => s.status !== 'provisioning')) {
      expect(s.in_progress_calls).toBeLessThanOrEqual(4);
      expect(s.completed_calls + s.failed_calls + s.in_progress_calls + s.waiting_calls + s.pending_calls).toBe(40);
    }
    // while some contacts waited for their retry, the window stayed full of other calls
    expect(seen.some((s) => s.waiting_calls > 0 && s.in_progress_calls === 4)).toBe(true);
    const result = await harness.result(campaignId);
    expect(result).toMatchObject({ status: 'completed', waiting_calls: 0, pending_calls: 0 });
    expect(result.completed_calls + result.failed_calls).toBe(40);
    const attempts = await harness.sql<{ n: number }[]>`
      select count(*)::int as n from calls where campaign_id = ${campaignId} group by contact_id order by 1 desc`;
    expect(attempts[0]!.n).toBeGreaterThan(1);
    expect(attempts[0]!.n).toBeLessThanOrEqual(3);
    const states = await harness.sql`select state, count(*)::int as n from campaign_contacts where campaign_id = ${campaignId} group by state`;
    expect(states).toEqual([{ state: 'finished', n: 40 }]);
  }, 120_000);

  it('pause holds every dial and resume completes, across continue-as-new; a finished campaign refuses both', async () => {
    const harness = await start({ callDelayMs: 150, campaign: { continueAsNewAfterEvents: 150 } });
    const { userId, surveyId } = await harness.seedSurveyWithContacts(40, 'pause');
    const { campaignId } = await harness.launch(userId, surveyId, { maxConcurrentCalls: 2 });
    await waitFor('six completed calls', async () => (await statusOf(harness, campaignId)).completed_calls >= 6);

    expect(await controlCampaign(harness.client, campaignId, 'pause')).toEqual({ status: 'paused', pause_reason: 'user' });
    // pausing twice is no change, not an error
    expect(await controlCampaign(harness.client, campaignId, 'pause')).toEqual({ status: 'paused', pause_reason: 'user' });
    await waitFor('calls in progress to finish', async () => (await statusOf(harness, campaignId)).in_progress_calls === 0);
    const dialsWhenPaused = harness.dialer.placedCount;
    await pause(2_500);
    expect(harness.dialer.placedCount).toBe(dialsWhenPaused);
    const paused = await statusOf(harness, campaignId);
    expect(paused).toMatchObject({ status: 'paused', pause_reason: 'user', in_progress_calls: 0 });
    expect(paused.completed_calls).toBeLessThan(40);
    const [row] = await harness.sql`select status, pause_reason from campaigns where id = ${campaignId}`;
    expect(row).toEqual({ status: 'paused', pause_reason: 'user' });

    expect(await controlCampaign(harness.client, campaignId, 'resume')).toEqual({ status: 'running', pause_reason: null });
    const result = await harness.result(campaignId);
    expect(result).toMatchObject({ status: 'completed', completed_calls: 40 });
    expect(harness.dialer.placedCount).toBe(40);
    let runs = 0;
    for await (const _ of harness.client.workflow.list({ query: `WorkflowId = '${campaignWorkflowId(campaignId)}'` })) runs++;
    expect(runs).toBeGreaterThan(1);

    for (const action of ['pause', 'resume', 'cancel'] as const) {
      await expect(controlCampaign(harness.client, campaignId, action)).rejects.toBeInstanceOf(IllegalTransitionError);
    }
  });

  it('cancel stops dialing, lets calls in progress finish and records everyone not reached as cancelled', async () => {
    const harness = await start({ callDelayMs: 200 });
    const { userId, surveyId } = await harness.seedSurveyWithContacts(30, 'cancel');
    const { campaignId } = await harness.launch(userId, surveyId, { maxConcurrentCalls: 2 });
    await waitFor('four completed calls', async () => (await statusOf(harness, campaignId)).completed_calls >= 4);

    expect(await controlCampaign(harness.client, campaignId, 'cancel')).toEqual({ status: 'cancelled', pause_reason: null });
    const result = await harness.result(campaignId);
    const dialed = await dialedContacts(harness, campaignId);
    expect(result).toMatchObject({ status: 'cancelled', stop_reason: 'cancelled', completed_calls: dialed.length, in_progress_calls: 0 });
    expect(result.failed_calls).toBe(30 - dialed.length);
    const outcomes = await harness.client.workflow.getHandle(campaignWorkflowId(campaignId)).query(campaignOutcomesQuery);
    expect(outcomes).toEqual({ completed: dialed.length, cancelled: 30 - dialed.length });
    const [cancelled] = await harness.sql`
      select count(*)::int as n from campaign_contacts where campaign_id = ${campaignId} and state = 'cancelled' and final_outcome = 'cancelled'`;
    expect(cancelled!.n).toBe(30 - dialed.length);
    expect(harness.dialer.placedCount).toBe(dialed.length);
    const [row] = await harness.sql`select status from campaigns where id = ${campaignId}`;
    expect(row!.status).toBe('cancelled');
    // the survey is free for a new launch
    const again = await harness.launch(userId, surveyId, { contacts: 'not_completed' });
    expect(again.totalContacts).toBe(30 - dialed.length);
    await harness.result(again.campaignId);
    expect(await dialedContacts(harness, again.campaignId)).toHaveLength(30 - dialed.length);
  });

  it("a contact's run terminated by an operator counts as failed: its call hung up and stored as failed, and the campaign completes", async () => {
    const hungUp: string[] = [];
    const harness = await start({ callDelayMs: 4_000, dialer: recordingHangUps(hungUp) });
    const { userId, surveyId } = await harness.seedSurveyWithContacts(2, 'terminated-run');
    const { campaignId } = await harness.launch(userId, surveyId, { maxConcurrentCalls: 2 });
    await waitFor('both calls in progress', async () => (await dialedContacts(harness, campaignId)).length === 2);
    const [contactId] = await dialedContacts(harness, campaignId);
    // what an operator's Terminate in the Web UI does
    await harness.client.workflow.getHandle(contactWorkflowId(campaignId, contactId!)).terminate('stuck, said the operator');

    const result = await harness.result(campaignId);
    expect(result).toMatchObject({ status: 'completed', completed_calls: 1, failed_calls: 1, in_progress_calls: 0 });
    const [call] = await harness.sql<{ id: string; outcome: string; error: string; infrastructure_failure: boolean }[]>`
      select id, outcome, error, infrastructure_failure from calls where campaign_id = ${campaignId} and contact_id = ${contactId!}`;
    expect(call).toMatchObject({ outcome: 'failed', infrastructure_failure: true });
    expect(call!.error).toMatch(/closed without a result: .*terminated/i);
    expect(hungUp).toEqual([call!.id]);
    const [contact] = await harness.sql`select state, final_outcome from campaign_contacts where campaign_id = ${campaignId} and contact_id = ${contactId!}`;
    expect(contact).toEqual({ state: 'finished', final_outcome: 'failed' });
  });

  it('cancel with hang_up ends the calls in progress at once: each is hung up at the provider and recorded as cancelled', async () => {
    const hungUp: string[] = [];
    // calls that would talk for an hour: only the hang-up can end them
    const harness = await start({ callDelayMs: 3_600_000, dialer: recordingHangUps(hungUp) });
    const { userId, surveyId } = await harness.seedSurveyWithContacts(10, 'hang-up');
    const { campaignId } = await harness.launch(userId, surveyId, { maxConcurrentCalls: 3 });
    await waitFor('three calls in progress', async () => (await statusOf(harness, campaignId)).in_progress_calls === 3);

    expect(await controlCampaign(harness.client, campaignId, 'cancel', { hang_up: true })).toEqual({ status: 'cancelled', pause_reason: null });
    const result = await harness.result(campaignId);
    expect(result).toMatchObject({ status: 'cancelled', completed_calls: 0, failed_calls: 10, in_progress_calls: 0 });
    const calls = await harness.sql<{ id: string; outcome: string }[]>`select id, outcome from calls where campaign_id = ${campaignId}`;
    expect(calls).toHaveLength(3);
    expect(calls.every((c) => c.outcome === 'cancelled')).toBe(true);
    expect(hungUp.sort()).toEqual(calls.map((c) => c.id).sort());
    expect(harness.dialer.placedCount).toBe(3);
  });

  it('retry from history dials exactly the retryable contacts, never a completed one, and a second retry is the same campaign', async () => {
    const harness = await start({ callDelayMs: 20, outcomeMix: { completed: 3, no_answer: 2, busy: 1, voicemail: 1, opted_out: 1, declined: 1 } });
    const { userId, surveyId } = await harness.seedSurveyWithContacts(30, 'retry');
    const first = await harness.launch(userId, surveyId, { maxConcurrentCalls: 5 });
    await harness.result(first.campaignId);
    const finals = await harness.sql<{ contact_id: string; outcome: string }[]>`
      select contact_id, outcome from calls where campaign_id = ${first.campaignId}`;
    const retryable = finals.filter((c) => retryableOutcomes.has(c.outcome as never)).map((c) => c.contact_id).sort();
    expect(retryable.length).toBeGreaterThan(0);
    expect(retryable.length).toBeLessThan(30);

    const retry = await harness.launch(userId, surveyId, { retryOf: first.campaignId });
    expect(retry).toMatchObject({ created: true, totalContacts: retryable.length });
    const again = await harness.launch(userId, surveyId, { retryOf: first.campaignId });
    expect(again).toMatchObject({ created: false, campaignId: retry.campaignId });
    await harness.result(retry.campaignId);
    expect(await dialedContacts(harness, retry.campaignId)).toEqual(retryable);
    const [parent] = await harness.sql`select parent_campaign_id, contact_scope from campaigns where id = ${retry.campaignId}`;
    expect(parent).toEqual({ parent_campaign_id: first.campaignId, contact_scope: 'retry' });
  });

  it('per-segment quotas: a segment whose target is met is no longer dialed, the others go on', async () => {
    const harness = await start({ callDelayMs: 40 });
    const { userId, surveyId } = await harness.seedSurveyWithContacts(30, 'segments');
    // 12 North, 12 South, 6 with no region (not limited)
    await harness.sql`
      update contacts set variables = variables || jsonb_build_object('region', case when seq % 5 = 0 then null when seq % 2 = 0 then 'North' else 'South' end)
      where survey_id = ${surveyId} and user_id = ${userId}`;
    const regions = await harness.sql<{ region: string | null; n: number }[]>`
      select variables ->> 'region' as region, count(*)::int as n from contacts where survey_id = ${surveyId} group by 1 order by 1`;
    const countOf = (region: string | null) => regions.find((r) => r.region === region)?.n ?? 0;
    const { campaignId } = await harness.launch(userId, surveyId, { maxConcurrentCalls: 2, segmentQuota: { variable: 'region', targets: { North: 3, South: 100 } } });
    const result = await harness.result(campaignId);
    expect(result.status).toBe('completed');
    const completed = await harness.sql<{ region: string | null; n: number }[]>`
      select k.variables ->> 'region' as region, count(*)::int as n
      from calls c join contacts k on k.id = c.contact_id
      where c.campaign_id = ${campaignId} and c.outcome = 'completed' group by 1`;
    const completedIn = (region: string | null) => completed.find((r) => r.region === region)?.n ?? 0;
    // North stops at its target (plus at most the calls already in progress); South and the rest are all called
    expect(completedIn('North')).toBeGreaterThanOrEqual(3);
    expect(completedIn('North')).toBeLessThanOrEqual(3 + 2);
    expect(completedIn('South')).toBe(countOf('South'));
    expect(completedIn(null)).toBe(countOf(null));
    expect(result.segments).toEqual({ North: { target: 3, completed: completedIn('North') }, South: { target: 100, completed: countOf('South') } });
    const skipped = await harness.sql<{ n: number }[]>`
      select count(*)::int as n from campaign_contacts where campaign_id = ${campaignId} and state = 'cancelled'`;
    expect(skipped[0]!.n).toBe(countOf('North') - completedIn('North'));
    expect(result.completed_calls + result.failed_calls).toBe(30);
  });

  it('stops at the completion target, pauses at the spend cap and when the provider keeps failing dials', async () => {
    const harness = await start({ callDelayMs: 40 });
    const { userId, surveyId } = await harness.seedSurveyWithContacts(30, 'quota');
    const target = await harness.launch(userId, surveyId, { maxConcurrentCalls: 2, targetCompletes: 5 });
    const reached = await harness.result(target.campaignId);
    expect(reached).toMatchObject({ status: 'completed', stop_reason: 'target_reached' });
    // at most the calls already in progress go over the target
    expect(reached.completed_calls).toBeGreaterThanOrEqual(5);
    expect(reached.completed_calls).toBeLessThanOrEqual(5 + 2);
    expect(reached.completed_calls + reached.failed_calls).toBe(30);

    const capped = await harness.launch(userId, surveyId, { maxConcurrentCalls: 1, maxSpend: 0.001 });
    const paused = await waitFor('the spend cap to pause the campaign', async () => {
      const s = await statusOf(harness, capped.campaignId);
      return s.status === 'paused' && s;
    });
    expect(paused).toMatchObject({ pause_reason: 'spend_cap' });
    expect(paused.estimated_spend).toBeGreaterThanOrEqual(0.001);
    await controlCampaign(harness.client, capped.campaignId, 'cancel');
    await harness.result(capped.campaignId);
  });

  it('a circuit breaker pauses the campaign when the provider fails most dials, without using the contacts\' attempts', async () => {
    const refused: string[] = [];
    const harness = await start({
      campaign: { breaker: { window: 10, threshold: 6 }, retryDelayMs: 60_000 },
      dialer: (inner): CallDialer => ({
        name: inner.name,
        async dial(request) {
          refused.push(request.callId);
          throw classifyProviderError('LiveKit', 'dial', { status: 403, message: 'trunk authentication failed' });
        },
        hangUp: (callId) => inner.hangUp(callId),
        findCall: (callId) => inner.findCall(callId),
      }),
    });
    const { userId, surveyId } = await harness.seedSurveyWithContacts(20, 'breaker');
    const { campaignId } = await harness.launch(userId, surveyId, { maxConcurrentCalls: 2 });
    const paused = await waitFor('the circuit breaker to pause the campaign', async () => {
      const s = await statusOf(harness, campaignId);
      return s.status === 'paused' && s;
    });
    expect(paused.pause_reason).toBe('provider_failures');
    await waitFor('calls in progress to settle', async () => (await statusOf(harness, campaignId)).in_progress_calls === 0);
    const dials = refused.length;
    expect(dials).toBeGreaterThanOrEqual(6);
    await pause(1_000);
    expect(refused.length).toBe(dials);
    // the failures were the provider's: nobody's budget is used, everyone is scheduled for a free retry
    const rows = await harness.sql<{ infrastructure_failure: boolean }[]>`select infrastructure_failure from calls where campaign_id = ${campaignId}`;
    expect(rows.every((r) => r.infrastructure_failure)).toBe(true);
    expect((await statusOf(harness, campaignId)).waiting_calls).toBe(dials);
    await controlCampaign(harness.client, campaignId, 'cancel');
    expect(await harness.result(campaignId)).toMatchObject({ status: 'cancelled', completed_calls: 0, failed_calls: 20 });
  });

  it('a campaign whose provisioning failed completes after the provider is fixed and the workflow is reset to its first task', async () => {
    let providerDown = true;
    const harness = await start({ numbers: suspendedWhile(() => providerDown) });
    const { userId, surveyId } = await harness.seedSurveyWithContacts(5, 'reset');
    const { campaignId } = await harness.launch(userId, surveyId);
    await expect(harness.result(campaignId)).rejects.toThrow();
    const [failed] = await harness.sql`select status, error from campaigns where id = ${campaignId}`;
    expect(failed!.status).toBe('failed');
    expect(failed!.error).toMatch(/account suspended/);

    // what an operator does in the Web UI (Reset → First Workflow Task) or with `temporal workflow reset`
    providerDown = false;
    const handle = harness.client.workflow.getHandle(campaignWorkflowId(campaignId));
    const history = await handle.fetchHistory();
    const firstTask = history.events!.find((e) => e.workflowTaskCompletedEventAttributes)!;
    const { runId } = await harness.client.workflowService.resetWorkflowExecution({
      namespace: 'default',
      workflowExecution: { workflowId: campaignWorkflowId(campaignId) },
      reason: 'provider fixed',
      workflowTaskFinishEventId: firstTask.eventId,
      requestId: crypto.randomUUID(),
    });
    // a new run of the same workflow, not the failed one
    expect(runId).toMatch(/^[0-9a-f-]{36}$/);
    expect(runId).not.toBe(history.events![0]!.workflowExecutionStartedEventAttributes!.originalExecutionRunId);
    const result = await harness.client.workflow.getHandle(campaignWorkflowId(campaignId), runId!).result();
    expect(result).toMatchObject({ status: 'completed', completed_calls: 5 });
    const [row] = await harness.sql`select status, completed_calls from campaigns where id = ${campaignId}`;
    expect(row).toEqual({ status: 'completed', completed_calls: 5 });
  });

  it('a campaign whose provisioning failed is retried from history once the provider is fixed: the retry dials everyone it never reached', async () => {
    let providerDown = true;
    const harness = await start({ numbers: suspendedWhile(() => providerDown) });
    const { userId, surveyId } = await harness.seedSurveyWithContacts(6, 'retry-failed');
    const failed = await harness.launch(userId, surveyId);
    await expect(harness.result(failed.campaignId)).rejects.toThrow();

    providerDown = false;
    const retry = await harness.launch(userId, surveyId, { retryOf: failed.campaignId });
    expect(retry).toMatchObject({ created: true, totalContacts: 6 });
    expect(await harness.result(retry.campaignId)).toMatchObject({ status: 'completed', completed_calls: 6 });
    const everyone = (await harness.sql<{ id: string }[]>`select id from contacts where survey_id = ${surveyId}`).map((c) => c.id).sort();
    expect(await dialedContacts(harness, retry.campaignId)).toEqual(everyone);
    expect(harness.dialer.placedCount).toBe(6);
  });
});
