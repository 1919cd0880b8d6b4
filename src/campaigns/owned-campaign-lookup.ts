import type { Sql } from '../db/client.ts';
import { createRefreshAheadCache } from '../db/refresh-ahead-cache.ts';
import { findCampaign, type CampaignRow } from './campaign-store.ts';
import { STATUS_FRESHNESS_MS, STATUS_MAX_STALE_MS } from './shared-status-reader.ts';

/** A lookup that found no row: a failed load, so the cache keeps nothing for it (see below). */
class NoSuchCampaign extends Error {}

/**
 * `findCampaign` for the status path: one lookup per user and id at a time, served for the status
 * answers' own freshness bounds (refreshed in the background after `freshMs`, dropped `maxStaleMs`
 * after the last refresh), so 50 dashboards polling a campaign cost the database one query a second,
 * not 50 a poll, and none of them waits on it. Only found rows are kept: a miss is a failed load,
 * which the cache drops by itself (a delete of ours could cut short another caller's fresh lookup),
 * so an id that is not (yet) the caller's is looked up again on every request, and a refresh that no
 * longer finds the row stops it being served. The row serves ownership and the stored-counts fallback.
 */
export function createOwnedCampaignLookup(sql: Sql, { freshMs = STATUS_FRESHNESS_MS, maxStaleMs = STATUS_MAX_STALE_MS, max = 10_000 } = {}) {
  const rows = createRefreshAheadCache<CampaignRow, { userId: string; id: string }>(
    async (_key, { userId, id }) => {
      const row = await findCampaign(sql, userId, id);
      if (!row) throw new NoSuchCampaign();
      return row;
    },
    { freshMs, maxStaleMs, max },
  );
  return async (userId: string, id: string): Promise<CampaignRow | null> => {
    try {
      return await rows.get(`${userId}/${id}`, { userId, id });
    } catch (error) {
      if (error instanceof NoSuchCampaign) return null;
      throw error;
    }
  };
}
