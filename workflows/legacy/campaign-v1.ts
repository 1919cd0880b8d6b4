import {
  ActivityFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  ParentClosePolicy,
  proxyActivities,
  setHandler,
  startChild,
  upsertSearchAttributes,
  workflowInfo,
  WorkflowIdReusePolicy,
} from '@temporalio/workflow';
import type { Activities } from '../../activities/index.ts';
import type { ContactRef } from '../../activities/campaign-progress.ts';
import type { CallOutcome } from '../../src/domain/call-outcome.ts';
import { campaignStatus } from '../campaign-status.ts';
import {
  CampaignIdAttr,
  CampaignStatusAttr,
  ContactIdAttr,
  SurveyIdAttr,
  UserIdAttr,
} from '../../src/temporal/search-attributes.ts';
import type { legacyContactCallWorkflow, CallPolicy } from './contact-call-v1.ts';
import { contactWorkflowId, campaignOutcomesQuery, campaignStatusQuery, contactFinishedSignal, type CampaignState, type CampaignStatus } from '../messages.ts';

export interface LegacyCampaignInput {
  campaignId: string;
  userId: string;
  surveyId: string;
  testMode: boolean;
  /** The sliding window: contacts in a call (or between attempts) at once. */
  maxConcurrentCalls: number;
  contactPageSize: number;
  callPolicy: CallPolicy;
  /** Continue-as-new once a run's history reaches this many events (the server's own suggestion also counts). */
  continueAsNewAfterEvents?: number;
  /** The per-contact workflow type; only the benchmark changes it, to measure the bare fan-out ceiling. */
  contactWorkflowType?: string;
  /** Set only by continue-as-new. */
  progress?: CampaignProgress;
}

/** Everything one run hands the next: counters and the in-flight set, never the contact list. */
export interface CampaignProgress {
  phoneNumber: string;
  trunkId: string;
  totalContacts: number;
  seqLimit: string;
  startedContacts: number;
  /** seq of the last contact whose workflow was started */
  startedCursor: string | null;
  inFlight: string[];
  outcomes: Partial<Record<CallOutcome, number>>;
  run: number;
}

const DEFAULT_CONTINUE_AS_NEW_AFTER_EVENTS = 2_500;

const { ensurePhoneNumber, ensureSipTrunk } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 8 },
});
const { markCampaignRunning, loadContactsPage, markCampaignFinished } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/**
 * Version 1, kept as it was so that campaigns launched before campaign control replay and finish
 * unchanged (their input has no `protocol`; continue-as-new keeps it that way). Do not change its
 * behaviour.
 *
 * One launch of a survey: a number and a SIP trunk for the user, then one ContactCallWorkflow per
 * contact through a sliding window. Contacts are paged in by an activity and the run continues as new
 * long before Temporal's history limits, so the campaign size is unbounded.
 */
export async function legacyCampaignWorkflow(input: LegacyCampaignInput): Promise<CampaignStatus> {
  const carried = input.progress;
  let state: CampaignState = carried ? 'running' : 'provisioning';
  let phoneNumber = carried?.phoneNumber ?? null;
  let trunkId = carried?.trunkId ?? '';
  let totalContacts = carried?.totalContacts ?? 0;
  let seqLimit = carried?.seqLimit ?? '0';
  let startedContacts = carried?.startedContacts ?? 0;
  let startedCursor = carried?.startedCursor ?? null;
  const inFlight = new Set(carried?.inFlight ?? []);
  const outcomes: Partial<Record<CallOutcome, number>> = { ...carried?.outcomes };

  // queries are not part of the history: the shape may follow the current contract
  const status = (): CampaignStatus =>
    campaignStatus({
      campaignId: input.campaignId,
      state,
      phoneNumber,
      totalContacts,
      outcomes,
      inProgress: inFlight.size,
      waiting: 0,
      nextAttemptAt: null,
      pauseReason: null,
      spend: 0,
      stopReason: null,
    });
  setHandler(campaignStatusQuery, status);
  setHandler(campaignOutcomesQuery, () => outcomes);
  setHandler(contactFinishedSignal, ({ contactId, outcome }) => {
    // a contact counts once, however often its workflow's signal is delivered
    if (!inFlight.delete(contactId)) return;
    outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
  });

  if (!carried) {
    try {
      ({ phoneNumber } = await ensurePhoneNumber({ userId: input.userId }));
      ({ trunkId } = await ensureSipTrunk({ userId: input.userId, phoneNumber }));
      ({ totalContacts, seqLimit } = await markCampaignRunning({
        userId: input.userId,
        campaignId: input.campaignId,
        phoneNumber,
        testMode: input.testMode,
      }));
    } catch (error) {
      const reason = error instanceof ActivityFailure ? (error.cause?.message ?? error.message) : String(error);
      await markCampaignFinished({ userId: input.userId, campaignId: input.campaignId, status: 'failed', outcomes, error: reason });
      state = 'failed';
      upsertSearchAttributes([{ key: CampaignStatusAttr, value: state }]);
      throw error;
    }
    state = 'running';
    upsertSearchAttributes([{ key: CampaignStatusAttr, value: state }]);
  }

  const window = input.testMode ? 1 : input.maxConcurrentCalls;
  const continueAfter = input.continueAsNewAfterEvents ?? DEFAULT_CONTINUE_AS_NEW_AFTER_EVENTS;
  const shouldContinueAsNew = () =>
    workflowInfo().continueAsNewSuggested || workflowInfo().historyLength >= continueAfter;

  let buffer: ContactRef[] = [];
  let loadedCursor = startedCursor;
  let exhausted = false;
  const nextContacts = async (wanted: number): Promise<ContactRef[]> => {
    if (buffer.length < wanted && !exhausted) {
      const page = await loadContactsPage({
        userId: input.userId,
        surveyId: input.surveyId,
        afterSeq: loadedCursor,
        seqLimit,
        limit: input.contactPageSize,
      });
      buffer = buffer.concat(page);
      if (page.length > 0) loadedCursor = page[page.length - 1]!.seq;
      if (page.length < input.contactPageSize) exhausted = true;
    }
    return buffer.splice(0, wanted);
  };

  for (;;) {
    const free = Math.min(window - inFlight.size, totalContacts - startedContacts);
    if (free > 0) {
      const batch = await nextContacts(free);
      // contacts deleted since launch: the campaign is smaller than its snapshot said
      if (batch.length < free && buffer.length === 0 && exhausted) totalContacts = startedContacts + batch.length;
      for (const contact of batch) inFlight.add(contact.id);
      await Promise.all(batch.map((contact) => startContact(input, contact.id, phoneNumber!, trunkId)));
      startedContacts += batch.length;
      if (batch.length > 0) startedCursor = batch[batch.length - 1]!.seq;
    }

    if (startedContacts >= totalContacts && inFlight.size === 0) break;

    if (shouldContinueAsNew()) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof legacyCampaignWorkflow>({
        ...input,
        progress: {
          phoneNumber: phoneNumber!,
          trunkId,
          totalContacts,
          seqLimit,
          startedContacts,
          startedCursor,
          inFlight: [...inFlight],
          outcomes,
          run: (carried?.run ?? 1) + 1,
        },
      });
    }

    await condition(
      () => (inFlight.size < window && startedContacts < totalContacts) || inFlight.size === 0,
    );
  }

  // the row first: once the query says "completed", the database (and a relaunch) agree
  await markCampaignFinished({ userId: input.userId, campaignId: input.campaignId, status: 'completed', outcomes });
  state = 'completed';
  upsertSearchAttributes([{ key: CampaignStatusAttr, value: state }]);
  return status();
}

async function startContact(input: LegacyCampaignInput, contactId: string, fromNumber: string, trunkId: string): Promise<void> {
  await startChild<typeof legacyContactCallWorkflow>(input.contactWorkflowType ?? 'contactCallWorkflow', {
    workflowId: contactWorkflowId(input.campaignId, contactId),
    args: [
      {
        userId: input.userId,
        campaignId: input.campaignId,
        surveyId: input.surveyId,
        contactId,
        campaignWorkflowId: workflowInfo().workflowId,
        fromNumber,
        trunkId,
        policy: input.callPolicy,
      },
    ],
    // children outlive a run that continues as new; they report back by signal, not by completion
    parentClosePolicy: ParentClosePolicy.ABANDON,
    workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
    typedSearchAttributes: [
      { key: CampaignIdAttr, value: input.campaignId },
      { key: UserIdAttr, value: input.userId },
      { key: SurveyIdAttr, value: input.surveyId },
      { key: ContactIdAttr, value: contactId },
    ],
    staticSummary: `Survey call to contact ${contactId}`,
  });
}
