import { getExternalWorkflowHandle, isCancellation, patched, sleep } from '@temporalio/workflow';
import type { CampaignRun } from './campaign-state.ts';
import type { SettleRunWithoutResult } from './contact-run-results.ts';
import { campaignContinuedSignal, contactWorkflowId } from './messages.ts';

/**
 * The contact runs an earlier run of this campaign handed over as it continued as new: each reports
 * by signal. One terminated before it could (an operator's Terminate in the minutes around a
 * continue-as-new) would keep the campaign waiting forever, and this run did not start it, so it
 * never sees it close. So every `checkEveryMs` the runs still out are signalled again (harmless to
 * one still open); a signal that fails found the run closed. Its own report may still be on its way
 * (a run signals just before it closes), so it gets `graceMs` more, and is then settled from the
 * database like a run that closed without a result (what it recorded stands). One timer a run that
 * inherits calls, left pending when they all report first (the usual case: calls end within minutes).
 * Patched: runs from before this did not watch, and replay so.
 */
export class HandedOverRuns {
  /** contacts handed over to this run that have not reported */
  private readonly out: Set<string>;

  constructor(
    private readonly run: CampaignRun,
    private readonly campaignId: string,
    inherited: Iterable<string>,
    private readonly settleWithoutResult: SettleRunWithoutResult,
  ) {
    this.out = new Set(inherited);
  }

  /** A contact's report arrived by signal (from a handed-over run or not: only the former are out). */
  reported(contactId: string): void {
    this.out.delete(contactId);
  }

  /** Starts watching, when anything was handed over; returns at once. */
  watch(checkEveryMs: number, graceMs: number): void {
    if (this.out.size === 0 || !patched(WATCH_HANDED_OVER_RUNS)) return;
    // cancelled only with this campaign workflow: nothing is left to watch for then
    void this.watchLoop(checkEveryMs, graceMs).catch((error: unknown) => {
      if (!isCancellation(error)) throw error;
    });
  }

  private async watchLoop(checkEveryMs: number, graceMs: number): Promise<void> {
    while (this.out.size > 0) {
      await sleep(checkEveryMs);
      const closed = (await Promise.all([...this.out].map(async (contactId) => ((await this.isOpen(contactId)) ? null : contactId)))).filter(
        (contactId): contactId is string => contactId !== null,
      );
      if (closed.length === 0) continue;
      await sleep(graceMs);
      for (const contactId of closed) {
        if (!this.out.has(contactId)) continue; // its report came during the grace
        const settled = await this.settleWithoutResult(contactId, "the contact's run closed without reporting to the campaign");
        // the report may have come while the settling ran: the contact counts once either way
        if (this.out.delete(contactId)) this.run.onContactFinished(settled);
      }
    }
  }

  /** Signalling a closed run fails; an open one is only told again what it already knows. */
  private async isOpen(contactId: string): Promise<boolean> {
    try {
      await getExternalWorkflowHandle(contactWorkflowId(this.campaignId, contactId)).signal(campaignContinuedSignal);
      return true;
    } catch {
      return false;
    }
  }
}

const WATCH_HANDED_OVER_RUNS = 'watch-handed-over-contact-runs';
