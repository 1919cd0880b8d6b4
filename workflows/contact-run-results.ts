import { isCancellation, patched, type ChildWorkflowHandle } from '@temporalio/workflow';
import type { CampaignRun } from './campaign-state.ts';
import type { contactCallWorkflow } from './contact-call.ts';
import { campaignContinuedSignal, type ContactFinished } from './messages.ts';

type ContactRun = ChildWorkflowHandle<typeof contactCallWorkflow>;

/** Settles a contact whose run closed without a result from what the database holds (an activity). */
export type SettleRunWithoutResult = (contactId: string, reason: string) => Promise<ContactFinished>;

/**
 * The results of the contact runs this campaign run started on the current protocol, taken as they
 * close: the close is an event in this run's history anyway, so the runs need not signal it too.
 * A run that outlives this one (it continues as new while calls are in progress) would close
 * unseen: before continuing, each run still open is told, and then signals the campaign's next run;
 * one that closed before the word reached it (the signal fails) is waited for here instead. A run
 * that closed without a result (terminated, say) is settled from the database and counted, so the
 * campaign does not wait for it forever.
 */
export class ContactRunResults {
  /** the runs not closed yet, each with the promise that settles once its result is counted */
  private readonly open = new Map<ContactRun, Promise<void>>();

  constructor(
    private readonly run: CampaignRun,
    private readonly settleWithoutResult: SettleRunWithoutResult,
  ) {}

  take(child: ContactRun, contactId: string): void {
    const counted = child
      .result()
      .then(
        (finished) => this.run.onContactFinished(finished),
        async (error: unknown) => {
          // patched: runs from before this counted nothing for such a run (none is recorded)
          if (!patched(SETTLE_RUNS_WITHOUT_RESULT)) return;
          this.run.onContactFinished(await this.settleWithoutResult(contactId, `the contact's run closed without a result: ${causeOf(error)}`));
        },
      )
      // settling is cancelled only with this campaign workflow: nothing is left to count for then
      .catch((error: unknown) => {
        if (!isCancellation(error)) throw error;
      })
      .finally(() => this.open.delete(child));
    this.open.set(child, counted);
  }

  /** Once this resolves, every run taken has been counted here or told to signal the next run. */
  async handOver(): Promise<void> {
    await Promise.all([...this.open].map(([child, counted]) => child.signal(campaignContinuedSignal).catch(() => counted)));
  }
}

const SETTLE_RUNS_WITHOUT_RESULT = 'settle-contact-runs-without-result';

/** "terminated", "timed out": the child failure's cause says how the run ended. */
function causeOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.cause instanceof Error ? error.cause.message || error.cause.name : error.message;
}
