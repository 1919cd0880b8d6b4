import type { Sql } from '../db/client.ts';
import { liveCampaignStatuses } from '../../workflows/messages.ts';
import { campaignsByState } from './metrics.ts';

/** A scrape every few seconds from several Prometheus replicas must not become a query each. */
const REFRESH_INTERVAL_MS = 10_000;

/**
 * Updates the campaigns-by-state gauge from the database before a scrape, at most once per interval.
 * Counts across all users (no user label: unbounded and personal); a failing or slow query (2 s
 * statement timeout) keeps the last values rather than failing the scrape. Only the live states are
 * counted: the same list as the partial index `campaigns_one_live_per_survey` (sql/009), so the count
 * reads that small index instead of every campaign ever run. Finished campaigns only grow; how many
 * finish is a rate, which the dials counter already shows.
 */
export function campaignStateRefresher(sql: Sql, now: () => number = Date.now): () => Promise<void> {
  let refreshedAt = -Infinity;
  let pending: Promise<void> | null = null;
  const refresh = async () => {
    const rows = await sql.begin(async (tx) => {
      await tx`set local statement_timeout = 2000`;
      return tx<{ status: string; count: number }[]>`
        select status, count(*)::int as count from campaigns where status in ${tx([...liveCampaignStatuses])} group by status`;
    });
    const counts = new Map(rows.map((r) => [r.status, r.count]));
    for (const state of liveCampaignStatuses) campaignsByState.set({ state }, counts.get(state) ?? 0);
    refreshedAt = now();
  };
  return async () => {
    if (now() - refreshedAt < REFRESH_INTERVAL_MS) return;
    // concurrent scrapes share one query
    pending ??= refresh()
      .catch(() => undefined)
      .finally(() => {
        pending = null;
      });
    await pending;
  };
}
