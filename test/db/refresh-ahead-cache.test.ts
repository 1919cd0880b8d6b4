import { describe, expect, it } from 'vitest';
import { createRefreshAheadCache } from '../../src/db/refresh-ahead-cache.ts';

/** A loader whose answers the test releases one by one, counting what it was asked. */
function controlledLoader() {
  const pending: { key: string; resolve(value: string): void; reject(error: Error): void }[] = [];
  return {
    pending,
    load: (key: string) => new Promise<string>((resolve, reject) => pending.push({ key, resolve, reject })),
  };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('a refresh-ahead cache', () => {
  it('serves a fresh answer as it is, an aging one at once while one shared refresh runs, and waits past the stale bound', async () => {
    let now = 1_000;
    const loader = controlledLoader();
    const cache = createRefreshAheadCache<string>(loader.load, { freshMs: 1_000, maxStaleMs: 5_000, now: () => now });

    // nothing known: callers wait, together, for one load
    const first = [cache.get('k', undefined), cache.get('k', undefined)];
    await settle();
    expect(loader.pending).toHaveLength(1);
    loader.pending.shift()!.resolve('v1');
    expect(await Promise.all(first)).toEqual(['v1', 'v1']);

    // fresh: no load
    now += 900;
    expect(await cache.get('k', undefined)).toBe('v1');
    expect(loader.pending).toHaveLength(0);

    // aging: the previous answer at once, one refresh in the background shared by every caller
    now += 200;
    expect(await cache.get('k', undefined)).toBe('v1');
    expect(await cache.get('k', undefined)).toBe('v1');
    expect(loader.pending).toHaveLength(1);
    loader.pending.shift()!.resolve('v2');
    await settle();
    expect(await cache.get('k', undefined)).toBe('v2');
    expect(loader.pending).toHaveLength(0);

    // nobody asked past the stale bound: the caller waits for the database
    now += 5_100;
    const late = cache.get('k', undefined);
    let answered = false;
    void late.then(() => (answered = true));
    await settle();
    expect(answered).toBe(false);
    expect(loader.pending).toHaveLength(1);
    loader.pending.shift()!.resolve('v3');
    expect(await late).toBe('v3');
  });

  it('drops an entry whose refresh failed, so the next caller waits and sees the failure; delete forgets a key', async () => {
    let now = 1_000;
    const loader = controlledLoader();
    const cache = createRefreshAheadCache<string>(loader.load, { freshMs: 1_000, maxStaleMs: 5_000, now: () => now });
    const first = cache.get('k', undefined);
    await settle();
    loader.pending.shift()!.resolve('v1');
    expect(await first).toBe('v1');

    now += 1_500;
    expect(await cache.get('k', undefined)).toBe('v1');
    loader.pending.shift()!.reject(new Error('database down'));
    await settle();
    const next = cache.get('k', undefined);
    await settle();
    loader.pending.shift()!.reject(new Error('database still down'));
    await expect(next).rejects.toThrow('database still down');

    const again = cache.get('k', undefined);
    await settle();
    loader.pending.shift()!.resolve('v2');
    expect(await again).toBe('v2');
    cache.delete('k');
    const afterDelete = cache.get('k', undefined);
    await settle();
    expect(loader.pending.map((p) => p.key)).toEqual(['k']);
    loader.pending.shift()!.resolve('v3');
    expect(await afterDelete).toBe('v3');
  });

  it('hands each load its caller\'s context', async () => {
    const seen: number[] = [];
    const cache = createRefreshAheadCache<string, { n: number }>(async (key, context) => {
      seen.push(context.n);
      return `${key}:${context.n}`;
    }, { freshMs: 1_000, maxStaleMs: 5_000 });
    expect(await cache.get('a', { n: 7 })).toBe('a:7');
    expect(seen).toEqual([7]);
  });
});
