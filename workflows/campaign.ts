import {
  ActivityFailure,
  allHandlersFinished,
  type ChildWorkflowHandle,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  ParentClosePolicy,
  patched,
  proxyActivities,
  setHandler,
  sleep,
  startChild,
  upsertSearchAttributes,
  workflowInfo,
  WorkflowIdReusePolicy,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { Activities } from '../activities/index.ts';
import type { ContactRef, ContactScope } from '../activities/campaign-progress.ts';
import type { ContactHistory } from '../src/domain/retry-plan.ts';
import type { SegmentQuota } from '../src/domain/segment-quota.ts';
import { CampaignIdAttr, CampaignStatusAttr, ContactIdAttr, SurveyIdAttr, UserIdAttr } from '../src/temporal/search-attributes.ts';
import { activityPolicies } from './activity-policies.ts';
import { CampaignRun, earliest, type CampaignProgress, type PagerProgress } from './campaign-state.ts';
import { CONTACT_PROTOCOL, LEAN_CONTACT_PROTOCOL, STEERABLE_CONTACT_PROTOCOL, type CallPolicy, type contactCallWorkflow } from './contact-call.ts';
import { ContactRunResults } from './contact-run-results.ts';
import { HandedOverRuns } from './handed-over-runs.ts';
import { legacyCampaignWorkflow, type LegacyCampaignInput } from './legacy/campaign-v1.ts';
import { contactWorkflowId, campaignOutcomesQuery, campaignStatusQuery, cancelUpdate, contactFinishedSignal, hangUpSignal, pauseUpdate, resumeUpdate, type CampaignStatus } from './messages.ts';
import { QuietBeforeContinueAsNew } from './quiet-continue-as-new.ts';

/** Inputs carrying this are version 2 (steerable); older inputs run the version they started with. */
export const CAMPAIGN_PROTOCOL = 2;

export interface CampaignInput {
  protocol: typeof CAMPAIGN_PROTOCOL;
  campaignId: string;
  userId: string;
  surveyId: string;
  testMode: boolean;
  /** Calls ringing or talking at once; contacts waiting for a retry, callback or their hours hold none. */
  maxConcurrentCalls: number;
  contactPageSize: number;
  callPolicy: CallPolicy;
  scope: ContactScope;
  /** no dial before / after (ISO) */
  startAt: string | null;
  endAt: string | null;
  /** stop dialing once this many surveys are completed */
  targetCompletes: number | null;
  /** pause (reason spend_cap) once the estimated spend reaches this */
  maxSpend: number | null;
  /** completes wanted per value of one contact variable (absent in inputs from before quotas) */
  segmentQuota?: SegmentQuota | null;
  /** pause (reason provider_failures) when `threshold` of the last `window` dials failed for the provider's reasons */
  breaker: { window: number; threshold: number };
  /** Continue-as-new once a run's history reaches this many events (the server's own suggestion also counts). */
  continueAsNewAfterEvents?: number;
  /** How long a run due to continue as new waits for quiet (absent in inputs from before the wait: 30 s). */
  continueAsNewQuietMs?: number;
  /** How often a run checks that the calls an earlier run handed over are still open (absent in inputs from before the check: 10 min). */
  handedOverCheckMs?: number;
  /** Set only by continue-as-new. */
  progress?: CampaignProgress;
}

const DEFAULT_CONTINUE_AS_NEW_AFTER_EVENTS = 2_500;
const DEFAULT_CONTINUE_AS_NEW_QUIET_MS = 30_000;
const DEFAULT_HANDED_OVER_CHECK_MS = 10 * 60_000;
/** how long a handed-over run found closed has for its own report to arrive before it is settled */
const HANDED_OVER_REPORT_GRACE_MS = 30_000;

const { ensurePhoneNumber, ensureSipTrunk } = proxyActivities<Activities>(activityPolicies.provisioning);
const { markCampaignRunning, loadContactsPage, claimDueContacts, deferClosedContacts, recordCampaignState, cancelRemainingContacts, skipContacts, settleRunWithoutResult } =
  proxyActivities<Activities>(activityPolicies.bookkeeping);

/**
 * One launch of a survey: a number and a SIP trunk for the user, then one ContactCallWorkflow run per
 * dial through a window of calls in progress. Contacts waiting for a retry, a callback or their
 * calling hours wait in the database and are claimed back when due; pause, resume and cancel are
 * updates. Contacts are paged in and the run continues as new long before Temporal's history limits.
 */
export async function campaignWorkflow(input: CampaignInput | LegacyCampaignInput): Promise<CampaignStatus> {
  if (!('protocol' in input) || input.protocol !== CAMPAIGN_PROTOCOL) return legacyCampaignWorkflow(input as LegacyCampaignInput);
  const run = new CampaignRun(
    input.campaignId,
    {
      window: input.testMode ? 1 : input.maxConcurrentCalls,
      breakerWindow: input.breaker.window,
      breakerThreshold: input.breaker.threshold,
      targetCompletes: input.targetCompletes,
      maxSpend: input.maxSpend,
      segmentQuota: input.segmentQuota ?? null,
    },
    input.progress,
  );
  setHandler(campaignStatusQuery, () => run.snapshot());
  setHandler(campaignOutcomesQuery, () => run.outcomes);
  const owner = { userId: input.userId, campaignId: input.campaignId };
  const settleWithoutResult = (contactId: string, reason: string) => settleRunWithoutResult({ ...owner, contactId, reason });
  const handedOver = new HandedOverRuns(run, input.campaignId, input.progress?.inFlight ?? [], settleWithoutResult);
  setHandler(contactFinishedSignal, (report) => {
    handedOver.reported(report.contactId);
    run.onContactFinished(report);
  });
  setHandler(pauseUpdate, () => run.pause(), { validator: () => run.validatePause() });
  setHandler(resumeUpdate, () => run.resume(), { validator: () => run.validateResume() });
  setHandler(cancelUpdate, (request) => run.cancel(request.hang_up === true), { validator: (_request) => run.validateCancel() });

  let recorded = input.progress ? run.status : 'provisioning';
  /** The row and the search attribute follow the state (one activity per transition, not per call). */
  const syncState = async () => {
    if (recorded === run.status) return;
    recorded = run.status;
    upsertSearchAttributes([{ key: CampaignStatusAttr, value: run.status }]);
    await recordCampaignState({ ...owner, status: run.snapshot(), outcomes: run.outcomes });
  };

  /** The row first: once the query says the campaign is over, the database (and a relaunch) agree. */
  const finishAs = async (final: 'completed' | 'failed' | 'cancelled', error?: string) => {
    await recordCampaignState({ ...owner, status: { ...run.snapshot(), status: final }, outcomes: run.outcomes, ...(error ? { error } : {}) });
    upsertSearchAttributes([{ key: CampaignStatusAttr, value: final }]);
    run.status = final;
  };

  if (!input.progress) {
    try {
      ({ phoneNumber: run.phoneNumber } = await ensurePhoneNumber({ userId: input.userId }));
      ({ trunkId: run.trunkId } = await ensureSipTrunk({ userId: input.userId, phoneNumber: run.phoneNumber }));
      ({ totalContacts: run.totalContacts, seqLimit: run.seqLimit } = await markCampaignRunning({
        ...owner,
        phoneNumber: run.phoneNumber,
        testMode: input.testMode,
        scope: input.scope,
      }));
    } catch (error) {
      const reason = error instanceof ActivityFailure ? (error.cause?.message ?? error.message) : String(error);
      await finishAs('failed', reason);
      throw error;
    }
    // a pause or cancel that came during provisioning stands
    if (run.status === 'provisioning') run.status = 'running';
  }

  const continueAfter = input.continueAsNewAfterEvents ?? DEFAULT_CONTINUE_AS_NEW_AFTER_EVENTS;
  const shouldContinueAsNew = () => workflowInfo().continueAsNewSuggested || workflowInfo().historyLength >= continueAfter;
  const contacts = contactPager(input, run);
  const quiet = new QuietBeforeContinueAsNew(run, input.continueAsNewQuietMs ?? DEFAULT_CONTINUE_AS_NEW_QUIET_MS);
  const results = new ContactRunResults(run, settleWithoutResult);
  const handedOverCheckMs = input.handedOverCheckMs ?? DEFAULT_HANDED_OVER_CHECK_MS;
  handedOver.watch(handedOverCheckMs, Math.min(HANDED_OVER_REPORT_GRACE_MS, handedOverCheckMs));
  /** whether this pass may start contacts: not while the run waits for quiet to continue as new */
  const mayStart = () => run.dialing && !quiet.draining;
  const segmentVariable = input.segmentQuota?.variable ?? null;
  /** Starts a run for each contact, except those whose segment's quota is met (recorded as cancelled). */
  const startRuns = async (batch: { id: string; segment: string | null; history?: ContactHistory }[]) => {
    const skipped = batch.filter((c) => run.segmentFull(c.segment));
    if (skipped.length > 0) {
      await skipContacts({ ...owner, contactIds: skipped.map((c) => c.id) });
      run.skipped(skipped.length);
    }
    const dialed = batch.filter((c) => !skipped.includes(c));
    for (const c of dialed) run.started(c.id);
    const started = await Promise.all(dialed.map((c) => startContactRun(input, run, c.id, c.segment, c.history)));
    for (const { child, protocol, contactId } of started) {
      quiet.track(child);
      if (protocol === CONTACT_PROTOCOL) results.take(child, contactId);
    }
  };

  for (;;) {
    run.changed = false;
    const now = Date.now();
    const startAtPassed = !input.startAt || Date.parse(input.startAt) <= now;
    if (input.endAt && Date.parse(input.endAt) <= now && !run.stopping) run.stopReason = 'end_at_passed';

    if (mayStart()) {
      if (run.freeSlots > 0 && run.isDue(now)) {
        run.waitReportedDuringClaim = null;
        const due = await claimDueContacts({
          ...owner,
          limit: run.freeSlots,
          token: `${workflowInfo().runId}:${++run.claims}`,
          segmentVariable,
          inFlight: [...run.inFlight],
        });
        run.waiting = Math.max(0, run.waiting - due.contacts.length);
        // a wait reported while the claim ran is not in its answer; keep it (patched: histories without such a report replay unchanged)
        const next = earliest(due.nextAttemptAt, run.waitReportedDuringClaim);
        run.nextAttemptAt = next !== due.nextAttemptAt && patched(KEEP_WAITS_REPORTED_DURING_CLAIM) ? next : due.nextAttemptAt;
        await startRuns(due.contacts);
      }
      if (run.freeSlots > 0 && run.freshLeft > 0 && startAtPassed) {
        const batch = await contacts.next(Math.min(run.freeSlots, run.freshLeft));
        await startRuns(batch);
        run.startedContacts += batch.length;
        if (batch.length > 0) run.startedCursor = batch[batch.length - 1]!.seq;
      }
    }
    if (run.stopping && !run.stopped) {
      if (run.hangUpOnStop) await hangUpCallsInProgress(input, run);
      if (run.inFlight.size === 0) {
        // contacts never dialed, and those waiting for a retry, are recorded as cancelled
        const { cancelled } = await cancelRemainingContacts({ ...owner, surveyId: input.surveyId, afterSeq: run.startedCursor, seqLimit: run.seqLimit, scope: input.scope });
        run.outcomes.cancelled = cancelled;
        run.waiting = 0;
        run.startedContacts = run.totalContacts;
        run.stopped = true;
      }
    }
    run.settle(startAtPassed);
    if (run.stopping ? run.stopped : run.allDone) break;
    await syncState();

    if (shouldContinueAsNew() && quiet.readyToContinue()) {
      await results.handOver();
      await condition(allHandlersFinished);
      await continueAsNew<typeof campaignWorkflow>({ ...input, progress: { ...run.progress(), ...contacts.carried() } });
    }
    // while it waits for quiet, a contact due does not wake the run: it will not be claimed until the next one
    await condition(() => run.changed, wakeAfter(input, run, startAtPassed, mayStart()));
  }

  await finishAs(run.status === 'cancelled' ? 'cancelled' : 'completed');
  return run.snapshot();
}

/** When the loop must wake without a message: a waiting contact due, the start or the end date. */
function wakeAfter(input: CampaignInput, run: CampaignRun, startAtPassed: boolean, claiming: boolean): number | undefined {
  const deadlines: number[] = [];
  if (claiming && run.waiting > 0 && run.nextAttemptAt && run.freeSlots > 0) deadlines.push(Date.parse(run.nextAttemptAt));
  if (!startAtPassed && input.startAt) deadlines.push(Date.parse(input.startAt));
  if (input.endAt && !run.stopping) deadlines.push(Date.parse(input.endAt));
  if (deadlines.length === 0) return undefined;
  return Math.max(1, Math.min(...deadlines) - Date.now());
}

/**
 * The campaign's contacts a page at a time, in dialing order, from where the last run left off. With
 * calling hours, each page's contacts whose hours are closed are recorded as waiting as the page is
 * loaded (one activity per page, no run for them until they are due), so the window fills with
 * contacts it may call; the open ones still buffered and the page cursor carry over continue-as-new.
 */
function contactPager(input: CampaignInput, run: CampaignRun) {
  const owner = { userId: input.userId, campaignId: input.campaignId };
  let buffer: ContactRef[] = input.progress?.pager?.buffer ?? [];
  let loadedCursor = input.progress?.pager?.cursor ?? run.startedCursor;
  let exhausted = input.progress?.pager?.exhausted ?? false;
  // patched: runs before this kept every contact for its own run to defer at dial time
  const deferring = () => input.callPolicy.callingHours !== null && patched(DEFER_CLOSED_HOURS_AT_PAGE_LOAD);
  return {
    async next(wanted: number): Promise<ContactRef[]> {
      if (buffer.length < wanted && !exhausted) {
        let page = await loadContactsPage({
          userId: input.userId,
          surveyId: input.surveyId,
          afterSeq: loadedCursor,
          seqLimit: run.seqLimit,
          limit: input.contactPageSize,
          scope: input.scope,
          segmentVariable: input.segmentQuota?.variable ?? null,
        });
        if (page.length > 0) loadedCursor = page[page.length - 1]!.seq;
        if (page.length < input.contactPageSize) exhausted = true;
        if (page.length > 0 && deferring()) {
          const { deferred } = await deferClosedContacts({ ...owner, contactIds: page.map((c) => c.id), callingHours: input.callPolicy.callingHours! });
          run.deferred(deferred.map((d) => d.until));
          const waiting = new Set(deferred.map((d) => d.id));
          page = page.filter((c) => !waiting.has(c.id));
        }
        buffer = buffer.concat(page);
      }
      const batch = buffer.splice(0, wanted);
      // contacts deleted since launch: the campaign is smaller than its snapshot said
      if (batch.length < wanted && buffer.length === 0 && exhausted) run.totalContacts = run.startedContacts + batch.length;
      return batch;
    },
    /** What the next run needs to go on where this one stopped (only once pages were deferred). */
    carried(): { pager?: PagerProgress } {
      return deferring() ? { pager: { cursor: loadedCursor, buffer, exhausted } } : {};
    },
  };
}

async function hangUpCallsInProgress(input: CampaignInput, run: CampaignRun): Promise<void> {
  run.hangUpOnStop = false;
  await Promise.all(
    [...run.inFlight].map((contactId) =>
      getExternalWorkflowHandle(contactWorkflowId(input.campaignId, contactId))
        .signal(hangUpSignal)
        .catch(() => undefined), // the call just ended on its own
    ),
  );
}

/**
 * Starts the contact's next run. A previous run of an older protocol, or one told that its campaign
 * continued as new, tells the campaign it is waiting just before it closes, so a retry due at once
 * can find that run still open: wait for it to close and start again. (Only that case branches
 * here, so histories without the error replay unchanged.)
 */
async function startContactRun(input: CampaignInput, run: CampaignRun, contactId: string, segment: string | null, history?: ContactHistory): Promise<StartedContactRun> {
  for (let tries = 1; ; tries++) {
    try {
      return await startContactRunOnce(input, run, contactId, segment, history);
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError) || tries >= MAX_START_TRIES) throw error;
      await sleep(PREVIOUS_RUN_CLOSE_WAIT_MS);
    }
  }
}

type ContactRun = ChildWorkflowHandle<typeof contactCallWorkflow>;
type ContactProtocol = typeof CONTACT_PROTOCOL | typeof LEAN_CONTACT_PROTOCOL | typeof STEERABLE_CONTACT_PROTOCOL;
interface StartedContactRun {
  child: ContactRun;
  protocol: ContactProtocol;
  contactId: string;
}

const MAX_START_TRIES = 50;
const KEEP_WAITS_REPORTED_DURING_CLAIM = 'keep-waits-reported-during-claim';
const DEFER_CLOSED_HOURS_AT_PAGE_LOAD = 'defer-closed-hours-at-page-load';
/** runs from before this patch started protocol-2 contact runs (told by external signal) and replay so */
const LEAN_CONTACT_RUNS = 'lean-contact-runs';
/** runs from before this patch started protocol-3 contact runs (every one told by signal) and replay so */
const RESULTS_BY_CLOSE = 'contact-results-by-close';
const PREVIOUS_RUN_CLOSE_WAIT_MS = 200;

/** The protocol of a contact run this run starts now: the newest its history allows. */
function contactProtocol(): ContactProtocol {
  if (patched(RESULTS_BY_CLOSE)) return CONTACT_PROTOCOL;
  return patched(LEAN_CONTACT_RUNS) ? LEAN_CONTACT_PROTOCOL : STEERABLE_CONTACT_PROTOCOL;
}

async function startContactRunOnce(input: CampaignInput, run: CampaignRun, contactId: string, segment: string | null, history?: ContactHistory): Promise<StartedContactRun> {
  const protocol = contactProtocol();
  const child = await startChild<typeof contactCallWorkflow>('contactCallWorkflow', {
    workflowId: contactWorkflowId(input.campaignId, contactId),
    args: [
      {
        protocol,
        userId: input.userId,
        campaignId: input.campaignId,
        surveyId: input.surveyId,
        contactId,
        campaignWorkflowId: workflowInfo().workflowId,
        fromNumber: run.phoneNumber!,
        trunkId: run.trunkId,
        policy: input.callPolicy,
        ...(history ? { history } : {}),
        ...(segment !== null ? { segment } : {}),
      },
    ],
    // children outlive a run that continues as new (they then report back by signal, see ContactRunResults)
    parentClosePolicy: ParentClosePolicy.ABANDON,
    // one workflow id per contact, one run per dial: a later run may reuse the id once the last one closed
    workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
    typedSearchAttributes: [
      { key: CampaignIdAttr, value: input.campaignId },
      { key: UserIdAttr, value: input.userId },
      { key: SurveyIdAttr, value: input.surveyId },
      { key: ContactIdAttr, value: contactId },
    ],
    staticSummary: `Survey call to contact ${contactId}`,
  });
  return { child, protocol, contactId };
}
