import type { Client } from '@temporalio/client';
import type { CampaignStatus } from '../../workflows/messages.ts';
import { queryCampaignStatus } from './campaign-status.ts';
import { statusFromRow, type CampaignRow } from './campaign-store.ts';

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
}

interface Entry {
  answer?: SharedStatus;
  refreshing?: Promise<SharedStatus>;
}

/** Campaigns nobody has asked about for this long are forgotten (the cache stays as small as what is watched). */
const FORGET_AFTER_MS = 60_000;

/**
 * One status read per campaign at a time, shared by every caller of this process (the `/status`
 * route and the event stream alike): callers within `freshnessMs` of the last answer get it as it
 * is; the first caller after that starts one workflow query and, while it runs, callers get the
 * previous answer (up to `maxStaleMs` old) instead of waiting. A workflow that cannot answer within
 * `queryTimeoutMs` (busy at a continue-as-new, a server restart, history past retention) is answered
 * for by the row's stored counts, labelled `stored`. Ownership is checked by the caller, who
 * passes the row it was allowed to read.
 */
export function createSharedStatusReader(client: Client, options: SharedStatusOptions = {}) {
  const freshnessMs = options.freshnessMs ?? 1_000;
  const maxStaleMs = options.maxStaleMs ?? 5_000;
  const queryTimeoutMs = options.queryTimeoutMs ?? 2_000;
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();
  let lastSweep = now();

  const readOnce = async (row: CampaignRow): Promise<SharedStatus> => {
    const stored = (): SharedStatus => ({ status: statusFromRow(row), source: 'stored', readAt: now() });
    // not started yet, or failed before it ran: the row is all there is
    if (row.status === 'launching' || (row.status === 'failed' && !row.started_at)) return stored();
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), queryTimeoutMs)));
    try {
      const live = await Promise.race([queryCampaignStatus(client, row.id), late]);
      return live ? { status: live, source: 'workflow', readAt: now() } : stored();
    } catch {
      return stored();
    } finally {
      clearTimeout(timer);
    }
  };

  const sweep = () => {
    if (now() - lastSweep < FORGET_AFTER_MS) return;
    lastSweep = now();
    for (const [id, entry] of entries) {
      if (!entry.refreshing && (!entry.answer || now() - entry.answer.readAt > FORGET_AFTER_MS)) entries.delete(id);
    }
  };

  return async function readStatus(row: CampaignRow): Promise<SharedStatus> {
    sweep();
    let entry = entries.get(row.id);
    if (!entry) entries.set(row.id, (entry = {}));
    const { answer } = entry;
    const age = answer ? now() - answer.readAt : Infinity;
    if (answer && age < freshnessMs) return answer;
    if (!entry.refreshing) {
      const current = entry;
      current.refreshing = readOnce(row)
        .then((fresh) => (current.answer = fresh))
        .finally(() => (current.refreshing = undefined));
    }
    return answer && age < maxStaleMs ? answer : entry.refreshing!;
  };
}

export type SharedStatusReader = ReturnType<typeof createSharedStatusReader>;
