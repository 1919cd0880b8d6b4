import { LRUCache } from 'lru-cache';
import type { Sql } from '../db/client.ts';
import { findCampaign, type CampaignRow } from './campaign-store.ts';
import { STATUS_FRESHNESS_MS } from './shared-status-reader.ts';

/**
 * `findCampaign` for the status path: one lookup per user and id at a time, reused for `ttlMs` (the
 * status answers' own freshness bound), so 50 dashboards polling a campaign cost the database one
 * query a second, not 50 a poll. Only found rows are kept: an id that is not (yet) the caller's is
 * looked up again on every request. The row serves ownership and the stored-counts fallback.
 */
export function createOwnedCampaignLookup(sql: Sql, { ttlMs = STATUS_FRESHNESS_MS, max = 10_000 } = {}) {
  const cache = new LRUCache<string, CampaignRow, { userId: string; id: string }>({
    max,
    ttl: ttlMs,
    fetchMethod: async (_key, _stale, { context }) => (await findCampaign(sql, context.userId, context.id)) ?? undefined,
  });
  return async (userId: string, id: string): Promise<CampaignRow | null> => (await cache.fetch(`${userId}/${id}`, { context: { userId, id } })) ?? null;
}
