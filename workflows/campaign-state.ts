import { ApplicationFailure } from '@temporalio/workflow';
import type { CallOutcome } from '../src/domain/call-outcome.ts';
import type { SegmentQuota } from '../src/domain/segment-quota.ts';
import { campaignStatus } from './campaign-status.ts';
import {
  illegalTransitionType,
  type CampaignControlState,
  type CampaignState,
  type CampaignStatus,
  type ContactFinished,
  type PauseReason,
  type StopReason,
} from './messages.ts';

/** Everything one run hands the next: counters, the in-flight set and the control state, never the contact list. */
export interface CampaignProgress {
  phoneNumber: string;
  trunkId: string;
  totalContacts: number;
  seqLimit: string;
  startedContacts: number;
  /** seq of the last contact whose first run was started */
  startedCursor: string | null;
  inFlight: string[];
  outcomes: Partial<Record<CallOutcome, number>>;
  waiting: number;
  nextAttemptAt: string | null;
  status: CampaignState;
  pauseReason: PauseReason | null;
  stopReason: StopReason | null;
  hangUpOnStop: boolean;
  spend: number;
  /** the latest dials, true where the provider failed them (the circuit breaker's window) */
  recentDials: boolean[];
  claims: number;
  run: number;
  /** surveys completed per segment value (per-segment quotas only) */
  segmentCompletes?: Record<string, number>;
  /** the contact pager's place when pages are screened for calling hours as they load */
  pager?: PagerProgress;
}

/** Where the contact pager stands: its cursor, and the loaded contacts not started yet (at most a page). */
export interface PagerProgress {
  cursor: string | null;
  buffer: { id: string; seq: string; segment: string | null }[];
  exhausted: boolean;
}

export interface CampaignLimits {
  window: number;
  breakerWindow: number;
  breakerThreshold: number;
  targetCompletes: number | null;
  maxSpend: number | null;
  segmentQuota: SegmentQuota | null;
}

/**
 * A campaign's state and the rules that change it, apart from the workflow's I/O: the signal and
 * update handlers and the main loop call these methods, so the loop reads as a few lines.
 */
export class CampaignRun {
  status: CampaignState;
  phoneNumber: string | null;
  trunkId: string;
  totalContacts: number;
  seqLimit: string;
  startedContacts: number;
  startedCursor: string | null;
  readonly inFlight: Set<string>;
  readonly outcomes: Partial<Record<CallOutcome, number>>;
  waiting: number;
  nextAttemptAt: string | null;
  pauseReason: PauseReason | null;
  stopReason: StopReason | null;
  hangUpOnStop: boolean;
  spend: number;
  recentDials: boolean[];
  claims: number;
  readonly segmentCompletes: Record<string, number>;
  readonly runNumber: number;
  /** set by every message; the main loop wakes on it */
  changed = false;

  constructor(
    readonly campaignId: string,
    readonly limits: CampaignLimits,
    carried?: CampaignProgress,
  ) {
    this.status = carried?.status ?? 'provisioning';
    this.phoneNumber = carried?.phoneNumber ?? null;
    this.trunkId = carried?.trunkId ?? '';
    this.totalContacts = carried?.totalContacts ?? 0;
    this.seqLimit = carried?.seqLimit ?? '0';
    this.startedContacts = carried?.startedContacts ?? 0;
    this.startedCursor = carried?.startedCursor ?? null;
    this.inFlight = new Set(carried?.inFlight ?? []);
    this.outcomes = { ...carried?.outcomes };
    this.waiting = carried?.waiting ?? 0;
    this.nextAttemptAt = carried?.nextAttemptAt ?? null;
    this.pauseReason = carried?.pauseReason ?? null;
    this.stopReason = carried?.stopReason ?? null;
    this.hangUpOnStop = carried?.hangUpOnStop ?? false;
    this.spend = carried?.spend ?? 0;
    this.recentDials = carried?.recentDials ?? [];
    this.claims = carried?.claims ?? 0;
    this.segmentCompletes = { ...carried?.segmentCompletes };
    this.runNumber = carried?.run ?? 1;
  }

  snapshot(): CampaignStatus {
    return campaignStatus({
      campaignId: this.campaignId,
      state: this.status,
      phoneNumber: this.phoneNumber,
      totalContacts: this.totalContacts,
      outcomes: this.outcomes,
      inProgress: this.inFlight.size,
      waiting: this.waiting,
      nextAttemptAt: this.nextAttemptAt,
      pauseReason: this.pauseReason,
      spend: this.spend,
      stopReason: this.stopReason,
      segments: this.segmentProgress(),
    });
  }

  private segmentProgress(): Record<string, { target: number; completed: number }> | null {
    const quota = this.limits.segmentQuota;
    if (!quota) return null;
    return Object.fromEntries(Object.entries(quota.targets).map(([value, target]) => [value, { target, completed: this.segmentCompletes[value] ?? 0 }]));
  }

  /** Has the contact's segment met its quota? (Values not listed in the quota are never full.) */
  segmentFull(segment: string | null): boolean {
    const target = segment === null ? undefined : this.limits.segmentQuota?.targets[segment];
    return target !== undefined && (this.segmentCompletes[segment!] ?? 0) >= target;
  }

  /** Contacts passed over because their segment is full: final, as cancelled. */
  skipped(count: number): void {
    if (count > 0) this.outcomes.cancelled = (this.outcomes.cancelled ?? 0) + count;
  }

  control(): CampaignControlState {
    return { status: this.status, pause_reason: this.status === 'paused' ? this.pauseReason : null };
  }

  /** Dialing has stopped for good (cancelled, target reached, end date passed); calls in progress still finish. */
  get stopping(): boolean {
    return this.stopReason !== null;
  }

  /** set once the contacts that were never reached are recorded */
  stopped = false;

  /** May new calls start now? */
  get dialing(): boolean {
    return (this.status === 'running' || this.status === 'waiting') && !this.stopping;
  }

  get freshLeft(): number {
    return Math.max(0, this.totalContacts - this.startedContacts);
  }

  get freeSlots(): number {
    return Math.max(0, this.limits.window - this.inFlight.size);
  }

  /**
   * The earliest wait reported since the last claim began. A claim reads the database without the
   * contacts still in flight, so a report that lands while it runs is newer than what it returns.
   */
  waitReportedDuringClaim: string | null = null;

  isDue(now: number): boolean {
    return this.waiting > 0 && this.nextAttemptAt !== null && Date.parse(this.nextAttemptAt) <= now;
  }

  /** Everything tried, nobody in a call, nobody waiting. */
  get allDone(): boolean {
    return this.freshLeft === 0 && this.inFlight.size === 0 && this.waiting === 0;
  }

  /** running ↔ waiting as work appears and runs out (paused and stopped campaigns keep their state). */
  settle(startAtPassed: boolean): void {
    if (this.status !== 'running' && this.status !== 'waiting') return;
    const onlyLater = this.inFlight.size === 0 && (this.freshLeft === 0 || !startAtPassed) && (this.waiting > 0 || !startAtPassed);
    this.status = onlyLater ? 'waiting' : 'running';
  }

  /** Fresh contacts recorded as waiting for their calling hours without a run; the loop goes on filling slots. */
  deferred(untils: string[]): void {
    if (untils.length === 0) return;
    // they count as started: their first run is the one the claim starts when they are due
    this.startedContacts += untils.length;
    this.waiting += untils.length;
    for (const until of untils) this.nextAttemptAt = earliest(this.nextAttemptAt, until);
    this.changed = true;
  }

  started(contactId: string): void {
    this.inFlight.add(contactId);
  }

  onContactFinished(report: ContactFinished): void {
    // a contact counts once per run, however often its workflow's signal is delivered
    if (!this.inFlight.delete(report.contactId)) return;
    this.changed = true;
    if (report.waitingUntil) {
      this.waiting += 1;
      if (!this.nextAttemptAt || report.waitingUntil < this.nextAttemptAt) this.nextAttemptAt = report.waitingUntil;
      this.waitReportedDuringClaim = earliest(this.waitReportedDuringClaim, report.waitingUntil);
    } else {
      this.outcomes[report.outcome] = (this.outcomes[report.outcome] ?? 0) + 1;
      if (report.outcome === 'completed' && report.segment != null && this.limits.segmentQuota) {
        this.segmentCompletes[report.segment] = (this.segmentCompletes[report.segment] ?? 0) + 1;
      }
    }
    this.spend += report.cost ?? 0;
    this.recentDials = [...this.recentDials, report.providerFailure === true].slice(-this.limits.breakerWindow);
    this.applyGuards();
  }

  /** The circuit breaker, the spend cap and the completion target. */
  private applyGuards(): void {
    const failures = this.recentDials.filter(Boolean).length;
    if (this.status === 'running' || this.status === 'waiting') {
      if (this.recentDials.length >= this.limits.breakerThreshold && failures >= this.limits.breakerThreshold) {
        this.pauseFor('provider_failures');
        this.recentDials = [];
      } else if (this.limits.maxSpend !== null && this.spend >= this.limits.maxSpend) {
        this.pauseFor('spend_cap');
      }
    }
    if (this.limits.targetCompletes !== null && (this.outcomes.completed ?? 0) >= this.limits.targetCompletes && !this.stopping) {
      this.stopReason = 'target_reached';
    }
  }

  pauseFor(reason: PauseReason): void {
    this.status = 'paused';
    this.pauseReason = reason;
    this.changed = true;
  }

  // --- updates: validators refuse what the current state does not allow ---

  validatePause(): void {
    this.allowFrom('pause', ['provisioning', 'running', 'waiting', 'paused']);
  }
  pause(): CampaignControlState {
    if (this.status !== 'paused') this.pauseFor('user');
    return this.control();
  }

  validateResume(): void {
    this.allowFrom('resume', ['paused', 'running', 'waiting']);
  }
  resume(): CampaignControlState {
    if (this.status === 'paused') {
      this.status = this.phoneNumber ? 'running' : 'provisioning';
      this.pauseReason = null;
      this.changed = true;
    }
    return this.control();
  }

  validateCancel(): void {
    this.allowFrom('cancel', ['provisioning', 'running', 'waiting', 'paused', 'cancelled']);
  }
  cancel(hangUp: boolean): CampaignControlState {
    if (this.status !== 'cancelled') {
      this.status = 'cancelled';
      this.pauseReason = null;
      this.stopReason = 'cancelled';
      this.hangUpOnStop = hangUp;
      this.changed = true;
    }
    return this.control();
  }

  private allowFrom(action: string, states: CampaignState[]): void {
    if (!states.includes(this.status)) {
      throw ApplicationFailure.create({
        type: illegalTransitionType,
        message: `cannot ${action} a campaign that is ${this.status}`,
        details: [this.control()],
        nonRetryable: true,
      });
    }
  }

  progress(): CampaignProgress {
    return {
      phoneNumber: this.phoneNumber!,
      trunkId: this.trunkId,
      totalContacts: this.totalContacts,
      seqLimit: this.seqLimit,
      startedContacts: this.startedContacts,
      startedCursor: this.startedCursor,
      inFlight: [...this.inFlight],
      outcomes: this.outcomes,
      waiting: this.waiting,
      nextAttemptAt: this.nextAttemptAt,
      status: this.status,
      pauseReason: this.pauseReason,
      stopReason: this.stopReason,
      hangUpOnStop: this.hangUpOnStop,
      spend: this.spend,
      recentDials: this.recentDials,
      claims: this.claims,
      run: this.runNumber + 1,
      ...(this.limits.segmentQuota ? { segmentCompletes: this.segmentCompletes } : {}),
    };
  }
}

/** The earlier of two ISO instants (null means none). */
export function earliest(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return b < a ? b : a;
}
