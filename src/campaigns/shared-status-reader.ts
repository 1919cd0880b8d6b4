import { QueryRejectedError, type Client, type WorkflowClient } from '@temporalio/client';
import { isLiveCampaignStatus, type CampaignStatus } from '../../workflows/messages.ts';
import { queryCampaignStatus } from './campaign-status.ts';
import { statusFromRow, type CampaignRow } from './campaign-store.ts';
import { logger } from '../observability/logger.ts';
import { openRunsOnly } from '../temporal/open-runs-only.ts';

/** Where an answer came from: the campaign workflow's query (the source of truth) or the counts stored on its row. */
export type StatusSource = 'workflow' | 'stored';

export interface SharedStatus {
  status: CampaignStatus;
  source: StatusSource;
  /** when the answer was read (ms since the epoch) */
  readAt: number;
}

export interface SharedStatusOptions {
  /** An answer younger than this is served as it is, without asking the workflow again. */
  freshnessMs?: number;
  /** An older answer, up to this age, is served at once while one refresh runs; older still, callers wait for the refresh. */
  maxStaleMs?: number;
  /** How long the workflow query may take before the stored counts answer instead. */
  queryTimeoutMs?: number;
  now?: () => number;
  /** The client's workflows with queries to closed runs refused (default: `openRunsOnly(client)`). */
  openRuns?: WorkflowClient;
}

interface Entry {
  answer?: SharedStatus;
  /** when a caller last asked (ms since the epoch) */
  askedAt: number;
  refreshing?: Promise<SharedStatus>;
}

/** Answers younger than this are served without asking the workflow again (the README's "about a second"). */
export const STATUS_FRESHNESS_MS = 1_000;

/** An answer up to this old is served while a refresh runs; no status answer is older. */
export const STATUS_MAX_STALE_MS = 5_000;

/** How long past the caller's timeout a query may still run at the server before it is cancelled. */
const QUERY_DEADLINE_GRACE_MS = 1_000;

/** Campaigns nobody has asked about for this long are forgotten (the cache stays as small as what is watched). */
const FORGET_AFTER_MS = 60_000;

/**
 * One status read per campaign at a time, shared by every caller of this process (the `/status`
 * route and the event stream alike): callers within `freshnessMs` of the last answer get it as it
 * is; the first caller after that starts one workflow query, and every caller until it answers,
 * that first one included, gets the previous answer while it is under `maxStaleMs` old (so no caller
 * waits on a busy workflow while a recent answer exists; an answer is about `freshnessMs` plus one
 * query's time old). With no answer that recent, callers wait for the query. A workflow
 * that cannot answer within `queryTimeoutMs` (busy at a continue-as-new, a server restart, history
 * past retention) is answered for by the row's stored counts, labelled `stored`. A finished
 * campaign's answer from its workflow is final (a campaign's workflow id never runs again): once the
 * row agrees the campaign is over, that answer is served without asking again, since a query to a
 * closed run makes a worker replay the run's whole history (up to the continue-as-new point's 2,500
 * events) for every read of a dashboard left open on it. For the same reason, while the row says the
 * campaign is live its workflow is asked through `openRuns`: a query that reaches a run after it
 * continued as new is refused rather than answered by a replay, and asked once more (the next run is
 * current by then); refused again, the stored counts answer. Ownership is
 * checked by the caller, who passes the row it was allowed to read. `forget(id)` drops a campaign's
 * answer after a change the caller made (pause, resume, cancel), so its next read is fresh.
 */
export function createSharedStatusReader(client: Client, options: SharedStatusOptions = {}) {
  const freshnessMs = options.freshnessMs ?? STATUS_FRESHNESS_MS;
  const maxStaleMs = options.maxStaleMs ?? STATUS_MAX_STALE_MS;
  const queryTimeoutMs = options.queryTimeoutMs ?? 2_000;
  const now = options.now ?? Date.now;
  // made on first use: a reader that only ever sees finished campaigns needs none
  let openRuns = options.openRuns;
  const entries = new Map<string, Entry>();
  let lastSweep = now();

  const askOpenRun = async (campaignId: string): Promise<CampaignStatus> => {
    const workflows = (openRuns ??= openRunsOnly(client));
    try {
      return await queryCampaignStatus(workflows, campaignId);
    } catch (error) {
      if (!(error instanceof QueryRejectedError)) throw error;
      return queryCampaignStatus(workflows, campaignId);
    }
  };

  const readOnce = async (row: CampaignRow): Promise<SharedStatus> => {
    const stored = (): SharedStatus => ({ status: statusFromRow(row), source: 'stored', readAt: now() });
    // not started yet, or failed before it ran: the row is all there is
    if (row.status === 'launching' || (row.status === 'failed' && !row.started_at)) return stored();
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), queryTimeoutMs)));
    try {
      // the timer answers the caller; the deadline, a little later, ends the query at the server's side so
      // late queries do not pile up while Temporal is down (one path for "too slow": the timer's)
      const query = client.withDeadline(Date.now() + queryTimeoutMs + QUERY_DEADLINE_GRACE_MS, () =>
        isLiveCampaignStatus(row.status) ? askOpenRun(row.id) : queryCampaignStatus(client, row.id),
      );
      const live = await Promise.race([query, late]);
      if (live) return { status: live, source: 'workflow', readAt: now() };
      logger.warn({ campaignId: row.id, timeoutMs: queryTimeoutMs }, 'campaign status: the workflow did not answer in time; stored counts served');
    } catch (error) {
      // at most one line a refresh, so about one a second per watched campaign
      logger.warn({ campaignId: row.id, err: error }, 'campaign status: the workflow query failed; stored counts served');
    } finally {
      clearTimeout(timer);
    }
    return stored();
  };

  const isFinal = (answer: SharedStatus, row: CampaignRow) =>
    answer.source === 'workflow' && answer.status.status === row.status && !isLiveCampaignStatus(row.status);

  const sweep = () => {
    if (now() - lastSweep < FORGET_AFTER_MS) return;
    lastSweep = now();
    for (const [id, entry] of entries) {
      if (!entry.refreshing && now() - entry.askedAt > FORGET_AFTER_MS) entries.delete(id);
    }
  };

  const readStatus = async (row: CampaignRow): Promise<SharedStatus> => {
    sweep();
    const askedAt = now();
    let entry = entries.get(row.id);
    if (entry) entry.askedAt = askedAt;
    else entries.set(row.id, (entry = { askedAt }));
    const { answer } = entry;
    const age = answer ? now() - answer.readAt : Infinity;
    if (answer && (age < freshnessMs || isFinal(answer, row))) return answer;
    // someone else's refresh is under way: its previous answer, while it is recent enough
    if (entry.refreshing) return answer && age < maxStaleMs ? answer : entry.refreshing;
    const current = entry;
    const refreshing = readOnce(row).then((fresh) => (current.answer = fresh));
    current.refreshing = refreshing;
    // settled here as well, so a failure is the waiting callers' to see, never an unhandled rejection
    refreshing.catch(() => {}).finally(() => {
      if (current.refreshing === refreshing) current.refreshing = undefined;
    });
    return answer && age < maxStaleMs ? answer : refreshing;
  };

  return Object.assign(readStatus, {
    /** Drops what is known of a campaign: the next read asks the workflow. */
    forget(campaignId: string): void {
      entries.delete(campaignId);
    },
  });
}

export type SharedStatusReader = ReturnType<typeof createSharedStatusReader>;
