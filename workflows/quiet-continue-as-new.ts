import { patched, sleep, type ChildWorkflowHandle } from '@temporalio/workflow';
import type { CampaignRun } from './campaign-state.ts';
import type { contactCallWorkflow } from './contact-call.ts';

/**
 * Temporal refuses the workflow task that continues a run as new when any event reached the run while
 * the task ran: a contact's report (a signal) or the close of a child this run started. The SDK then
 * drops the run from its cache and replays its whole history for the next try, which new events
 * refuse again, until the window has emptied by itself: seconds of every contact's tasks waiting at
 * each continue-as-new under a stream of reports (see README, "Continue-as-new under a stream of
 * reports"). So once a run should continue as new it starts no contact and drains: it waits until
 * none is in flight and every child it started has closed, at most `quietMs` (real calls last
 * minutes; their reports are rare enough for the task to go through), then continues as new.
 * Patched: runs that continued as new at once replay so.
 */
export class QuietBeforeContinueAsNew {
  /** whether this run stopped starting contacts to continue as new */
  draining = false;
  private lapsed = false;
  /** children this run started that have not closed (a close is an event in this run's history) */
  private openChildren = 0;

  constructor(
    private readonly run: CampaignRun,
    private readonly quietMs: number,
  ) {}

  track(child: ChildWorkflowHandle<typeof contactCallWorkflow>): void {
    this.openChildren++;
    const closed = () => {
      this.openChildren--;
      // wakes the loop only while it drains, so the loop runs as it always did otherwise
      if (this.draining) this.run.changed = true;
    };
    child.result().then(closed, closed);
  }

  /**
   * Whether the run may continue as new now; called once it should. The first call decides (the
   * patch marker) and, for new runs, starts the drain and its one timer (not one per loop pass; left
   * pending when quiet comes first).
   */
  readyToContinue(): boolean {
    if (!this.draining) {
      if (!patched(QUIET_CONTINUE_AS_NEW)) return true;
      this.draining = true;
      const lapse = () => {
        this.lapsed = true;
        this.run.changed = true;
      };
      // a cancelled workflow cancels the timer: nothing to do then, and nothing left unhandled
      sleep(this.quietMs).then(lapse, () => undefined);
    }
    return (this.run.inFlight.size === 0 && this.openChildren === 0) || this.lapsed;
  }
}

const QUIET_CONTINUE_AS_NEW = 'quiet-continue-as-new';
