import { LRUCache } from 'lru-cache';

export interface RefreshAheadOptions {
  /** An answer younger than this is served as it is. */
  freshMs: number;
  /** An older answer, up to this age, is served at once while one refresh runs; older still, callers wait for the database. */
  maxStaleMs: number;
  /** Entries kept at most (least recently used go first). */
  max?: number;
  /** The clock, for tests (milliseconds, any origin above 0). */
  now?: () => number;
}

/**
 * A database lookup on a hot request path, cached so that no request waits for a refresh a recent
 * answer can cover: an answer younger than `freshMs` is served as it is; an older one, up to
 * `maxStaleMs`, is served at once while one refresh runs in the background, shared by every caller;
 * past `maxStaleMs` (nobody asked for that long) callers wait for the database, together. Status
 * pollers would otherwise all wait on the query each time the answer expires, once a second per
 * lookup, and under load the slowest status answers could wait on it. Under steady
 * use a change in the database shows about `freshMs` plus one query later; an answer is never served
 * more than `maxStaleMs` after the query that read it finished. A refresh that fails drops the entry,
 * so the next caller waits and sees the failure (a lookup can fail on purpose for what it must not keep).
 */
export function createRefreshAheadCache<V extends {}, C = undefined>(
  load: (key: string, context: C) => Promise<V>,
  { freshMs, maxStaleMs, max = 10_000, now }: RefreshAheadOptions,
) {
  // the context typed loosely here: lru-cache's conditional option types do not resolve for a generic C
  const cache = new LRUCache<string, V, unknown>({
    max,
    ttl: maxStaleMs,
    // the clock read each time, not debounced: lru-cache's default caches it for 1 ms behind a timer per read
    ttlResolution: 0,
    ...(now ? { perf: { now } } : {}),
    fetchMethod: (key, _stale, { context }) => load(key, context as C),
  });
  const refreshAfterRemainingMs = maxStaleMs - freshMs;

  return {
    async get(key: string, context: C): Promise<V> {
      const remainingMs = cache.getRemainingTTL(key);
      const value = await cache.fetch(key, {
        context,
        // older than freshMs: refresh (one fetch per key at a time; a refresh under way is joined)
        forceRefresh: remainingMs < refreshAfterRemainingMs,
        // the previous answer while it is under maxStaleMs old; an absent or expired one is waited for
        allowStale: remainingMs > 0,
      });
      // the fetch method never resolves undefined, and a rejected fetch rejects its waiters
      return value as V;
    },
    /** Forgets a key: its next read waits for the database. */
    delete(key: string): void {
      cache.delete(key);
    },
  };
}

export type RefreshAheadCache<V extends {}, C = undefined> = ReturnType<typeof createRefreshAheadCache<V, C>>;
