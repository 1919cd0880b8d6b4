import { LRUCache } from 'lru-cache';
import type { Sql } from '../../db/client.ts';

/** How long a user's existence is taken as known: a deleted account loses access at most this much later. */
export const KNOWN_USER_TTL_MS = 1_000;

/**
 * Whether a session's user still exists, asked of the database at most once a second per user and
 * shared by concurrent requests: dashboards polling status would otherwise add a query per request.
 */
export function createKnownUsers(sql: Sql, { ttlMs = KNOWN_USER_TTL_MS, max = 10_000 } = {}) {
  const cache = new LRUCache<string, boolean>({
    max,
    ttl: ttlMs,
    fetchMethod: async (userId) => {
      const [row] = await sql`select 1 from users where id = ${userId}`;
      return row !== undefined;
    },
  });
  return async (userId: string): Promise<boolean> => (await cache.fetch(userId)) === true;
}
