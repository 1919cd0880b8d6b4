import type { ChildWorkflowHandle } from '@temporalio/workflow';
import type { CampaignRun } from './campaign-state.ts';
import type { contactCallWorkflow } from './contact-call.ts';
import { campaignContinuedSignal } from './messages.ts';

type ContactRun = ChildWorkflowHandle<typeof contactCallWorkflow>;

/**
 * The results of the contact runs this campaign run started on the current protocol, taken as they
 * close: the close is an event in this run's history anyway, so the runs need not signal it too.
 * A run that outlives this one (it continues as new while calls are in progress) would close
 * unseen: before continuing, each run still open is told, and then signals the campaign's next run;
 * one that closed before the word reached it (the signal fails) is waited for here instead.
 */
export class ContactRunResults {
  /** the runs not closed yet, each with the promise that settles once its result is counted */
  private readonly open = new Map<ContactRun, Promise<void>>();

  constructor(private readonly run: CampaignRun) {}

  take(child: ContactRun): void {
    const counted = child
      .result()
      .then(
        (finished) => this.run.onContactFinished(finished),
        // terminated or timed out: no result, as a run of an older protocol would send no signal
        () => undefined,
      )
      .finally(() => this.open.delete(child));
    this.open.set(child, counted);
  }

  /** Once this resolves, every run taken has been counted here or told to signal the next run. */
  async handOver(): Promise<void> {
    await Promise.all([...this.open].map(([child, counted]) => child.signal(campaignContinuedSignal).catch(() => counted)));
  }
}
