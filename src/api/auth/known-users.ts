import type { Sql } from '../../db/client.ts';
import { createRefreshAheadCache } from '../../db/refresh-ahead-cache.ts';

/** A user's existence is asked of the database again once the last answer is this old… */
export const KNOWN_USER_FRESH_MS = 1_000;
/** …and never served longer than this after it was read: a deleted account loses access about a second later under steady use, at most this much (plus one query). */
export const KNOWN_USER_MAX_STALE_MS = 3_000;

/**
 * Whether a session's user still exists, asked of the database at most about once a second per user,
 * shared by concurrent requests and refreshed in the background: dashboards polling status would
 * otherwise add a query per request, or all wait on one each second.
 */
export function createKnownUsers(sql: Sql, { freshMs = KNOWN_USER_FRESH_MS, maxStaleMs = KNOWN_USER_MAX_STALE_MS, max = 10_000 } = {}) {
  const users = createRefreshAheadCache<boolean>(
    async (userId) => {
      const [row] = await sql`select 1 from users where id = ${userId}`;
      return row !== undefined;
    },
    { freshMs, maxStaleMs, max },
  );
  return (userId: string): Promise<boolean> => users.get(userId, undefined);
}
