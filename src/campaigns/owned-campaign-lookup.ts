import type { Sql } from '../db/client.ts';
import { createRefreshAheadCache } from '../db/refresh-ahead-cache.ts';
import { findCampaign, type CampaignRow } from './campaign-store.ts';
import { STATUS_FRESHNESS_MS, STATUS_MAX_STALE_MS } from './shared-status-reader.ts';

/**
 * `findCampaign` for the status path: one lookup per user and id at a time, served for the status
 * answers' own freshness bounds (refreshed in the background after `freshMs`, never older than
 * `maxStaleMs`), so 50 dashboards polling a campaign cost the database one query a second, not 50 a
 * poll, and none of them waits on it. Only found rows are kept: an id that is not (yet) the caller's
 * is looked up again on every request. The row serves ownership and the stored-counts fallback.
 */
export function createOwnedCampaignLookup(sql: Sql, { freshMs = STATUS_FRESHNESS_MS, maxStaleMs = STATUS_MAX_STALE_MS, max = 10_000 } = {}) {
  const rows = createRefreshAheadCache<CampaignRow | 'none', { userId: string; id: string }>(
    async (_key, { userId, id }) => (await findCampaign(sql, userId, id)) ?? 'none',
    { freshMs, maxStaleMs, max },
  );
  return async (userId: string, id: string): Promise<CampaignRow | null> => {
    const key = `${userId}/${id}`;
    const row = await rows.get(key, { userId, id });
    if (row !== 'none') return row;
    rows.delete(key);
    return null;
  };
}
