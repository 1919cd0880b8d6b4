import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryCampaignStatus } from '../../src/campaigns/campaign-status.ts';
import { seedContacts, seedSurvey, seedUser } from '../../src/dev/seed.ts';
import { createHarness, uniqueEmail, type Harness } from '../helpers/harness.ts';
import { campaignWorkflowId, contactFinishedSignal } from '../../workflows/messages.ts';
import { handedOverHarnessOptions, terminateAHandedOverCall } from '../helpers/handed-over-call.ts';
import { replayOptions, tracingModes } from '../helpers/replay-options.ts';
import { waitFor } from '../helpers/wait-for.ts';

// enough for several runs at 400 events each (about 100 contacts a run), small enough for the fast suite
const CONTACTS = 500;
const EVENT_BOUND = 4_096;

describe('a campaign larger than one run', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({
      callDelayMs: 0,
      campaign: { contactPageSize: 50, continueAsNewAfterEvents: 400, maxConcurrentCalls: 25 },
    });
    await h.startWorker();
  });
  afterAll(() => h?.close());

  it('continues as new with only counters and the in-flight set, answering status throughout', { timeout: 330_000 }, async () => {
    const userId = await seedUser(h.sql, uniqueEmail('large'));
    const surveyId = await seedSurvey(h.sql, userId);
    await seedContacts(h.sql, userId, surveyId, CONTACTS);
    const { campaignId } = await h.launch(userId, surveyId);
    const workflowId = campaignWorkflowId(campaignId);

    let previousDone = 0;
    let polls = 0;
    await waitFor(`campaign ${campaignId} to complete, its status adding up at every poll`, async () => {
      const s = await queryCampaignStatus(h.client, campaignId);
      polls++;
      const done = s.completed_calls + s.failed_calls;
      expect(done).toBeGreaterThanOrEqual(previousDone);
      if (s.status !== "provisioning") {
        expect({ ...s, sum: done + s.in_progress_calls + s.pending_calls }).toMatchObject({ sum: CONTACTS });
      }
      previousDone = done;
      return s.status === 'completed';
    }, 300_000, 100); // about 40 s on an idle 2-core machine; CI runs it beside other load
    expect(polls).toBeGreaterThan(3);

    const result = await h.result(campaignId);
    expect(result).toMatchObject({ status: 'completed', total_contacts: CONTACTS, completed_calls: CONTACTS });

    const runs: { runId: string; status: string; events: number; failedTasks: string[]; reportsBySignal: number; closesSeen: number }[] = [];
    for await (const run of h.client.workflow.list({ query: `WorkflowId = '${workflowId}'` })) {
      const history = await h.client.workflow.getHandle(workflowId, run.runId).fetchHistory();
      // each refused task by its cause and message, and the events written right after it (what reached
      // the run while the task ran), so a failure here says what refused it
      const events = history.events ?? [];
      const failedTasks = events.flatMap((e, i) => {
        const failed = e.workflowTaskFailedEventAttributes;
        if (!failed) return [];
        const after = events.slice(i + 1, i + 6).map((n) => temporal.api.enums.v1.EventType[n.eventType ?? 0]).join(', ');
        return [`event ${e.eventId}: ${temporal.api.enums.v1.WorkflowTaskFailedCause[failed.cause ?? 0]}: ${failed.failure?.message ?? ''}; then ${after}`];
      });
      const reportsBySignal = events.filter((e) => e.workflowExecutionSignaledEventAttributes?.signalName === contactFinishedSignal.name).length;
      const closesSeen = events.filter((e) => e.childWorkflowExecutionCompletedEventAttributes).length;
      runs.push({ runId: run.runId, status: run.status.name, events: history.events?.length ?? 0, failedTasks, reportsBySignal, closesSeen });
    }
    expect(runs.length).toBeGreaterThanOrEqual(3);
    expect(runs.filter((r) => r.status === 'CONTINUED_AS_NEW')).toHaveLength(runs.length - 1);
    for (const run of runs) expect(run.events).toBeLessThan(EVENT_BOUND);
    // each run waited for its calls in flight to end before it continued as new, so no report reached
    // it during that task and Temporal refused none (without the wait: two refusals in most runs)
    expect(runs.map((r) => r.failedTasks)).toEqual(runs.map(() => []));
    // every contact's result came with its run's close, in the campaign run that started it: no signals
    expect(runs.reduce((sum, r) => sum + r.reportsBySignal, 0)).toBe(0);
    expect(runs.reduce((sum, r) => sum + r.closesSeen, 0)).toBe(CONTACTS);
    // the window keeps each run near the threshold: it never carries the contact list
    expect(Math.max(...runs.map((r) => r.events))).toBeLessThan(400 + 25 * 12);

    const [calls] = await h.sql`
      select count(*)::int as calls, count(distinct contact_id)::int as contacts
      from calls where campaign_id = ${campaignId}`;
    expect(calls).toEqual({ calls: CONTACTS, contacts: CONTACTS });
    expect(h.dialer.placedCount).toBe(CONTACTS);
  });
});

describe('a run that continues as new while calls are still in progress', () => {
  let h: Harness;
  beforeAll(async () => {
    // calls outlast the wait for quiet: every run gives up waiting and continues with calls in flight
    h = await createHarness({
      callDelayMs: 1_500,
      campaign: { contactPageSize: 20, continueAsNewAfterEvents: 100, continueAsNewQuietMs: 300, maxConcurrentCalls: 8 },
    });
    await h.startWorker();
  });
  afterAll(() => h?.close());

  it('hands those calls to the next run, which counts each exactly once', { timeout: 120_000 }, async () => {
    const contacts = 40;
    const userId = await seedUser(h.sql, uniqueEmail('lapse'));
    const surveyId = await seedSurvey(h.sql, userId);
    await seedContacts(h.sql, userId, surveyId, contacts);
    const { campaignId } = await h.launch(userId, surveyId);
    const result = await h.result(campaignId);
    expect(result).toMatchObject({ status: 'completed', total_contacts: contacts, completed_calls: contacts, failed_calls: 0, in_progress_calls: 0 });

    const workflowId = campaignWorkflowId(campaignId);
    const continuedAfterLapse: boolean[] = [];
    let toldToSignal = 0;
    let reportsBySignal = 0;
    for await (const run of h.client.workflow.list({ query: `WorkflowId = '${workflowId}'` })) {
      const history = await h.client.workflow.getHandle(workflowId, run.runId).fetchHistory();
      toldToSignal += (history.events ?? []).filter((e) => e.externalWorkflowExecutionSignaledEventAttributes).length;
      reportsBySignal += (history.events ?? []).filter((e) => e.workflowExecutionSignaledEventAttributes?.signalName === contactFinishedSignal.name).length;
      if (run.status.name !== 'CONTINUED_AS_NEW') continue;
      // the campaign sets no other timer here (no calling hours, start or end date, no retries)
      continuedAfterLapse.push((history.events ?? []).some((e) => e.timerFiredEventAttributes));
      // the lapsed wait replays as it ran
      for (const mode of tracingModes) await expect(Worker.runReplayHistory(replayOptions(mode), history, workflowId)).resolves.toBeUndefined();
    }
    expect(continuedAfterLapse.length).toBeGreaterThan(0);
    expect(continuedAfterLapse).toContain(true);
    // the calls still in progress when a run continued were told so, and reported to the next run by signal
    expect(toldToSignal).toBeGreaterThan(0);
    expect(reportsBySignal).toBe(toldToSignal);

    const [calls] = await h.sql`
      select count(*)::int as calls, count(distinct contact_id)::int as contacts
      from calls where campaign_id = ${campaignId} and outcome = 'completed'`;
    expect(calls).toEqual({ calls: contacts, contacts });
    expect(h.dialer.placedCount).toBe(contacts);
  });
});

describe('a call handed over to the next run whose run an operator then terminates', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(handedOverHarnessOptions);
    await h.startWorker();
  });
  afterAll(() => h?.close());

  it('is found closed by the run it was handed to, settled as failed, and the campaign completes', { timeout: 120_000 }, async () => {
    const { campaignId, contactId } = await terminateAHandedOverCall(h, 'handed-over-terminated');

    const result = await h.result(campaignId);
    expect(result).toMatchObject({ status: 'completed', completed_calls: 1, failed_calls: 1, in_progress_calls: 0 });
    const [call] = await h.sql<{ outcome: string; error: string; infrastructure_failure: boolean }[]>`
      select outcome, error, infrastructure_failure from calls where campaign_id = ${campaignId} and contact_id = ${contactId}`;
    expect(call).toEqual({ outcome: 'failed', error: "the contact's run closed without reporting to the campaign", infrastructure_failure: true });
    const [contact] = await h.sql`select state, final_outcome from campaign_contacts where campaign_id = ${campaignId} and contact_id = ${contactId}`;
    expect(contact).toEqual({ state: 'finished', final_outcome: 'failed' });
  });
});
