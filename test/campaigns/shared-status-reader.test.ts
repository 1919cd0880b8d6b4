import type { Client } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import type { CampaignRow } from '../../src/campaigns/campaign-store.ts';
import { createSharedStatusReader } from '../../src/campaigns/shared-status-reader.ts';
import type { CampaignStatus } from '../../workflows/messages.ts';

/** A client whose status query answers when the test says, counting the queries. */
function slowClient() {
  const pending: ((status: CampaignStatus) => void)[] = [];
  const client = {
    withDeadline: (_deadline: number, fn: () => Promise<unknown>) => fn(),
    workflow: { getHandle: () => ({ query: () => new Promise<CampaignStatus>((resolve) => pending.push(resolve)) }) },
  } as unknown as Client;
  return { client, pending };
}

const row = { id: 'c1', status: 'running', started_at: new Date() } as unknown as CampaignRow;
const answer = (completed: number) => ({ campaign_id: 'c1', completed_calls: completed }) as unknown as CampaignStatus;

describe('the shared status reader', () => {
  it('serves a recent answer to every caller while one refresh runs, the caller who started it included', async () => {
    let now = 0;
    const { client, pending } = slowClient();
    const read = createSharedStatusReader(client, { freshnessMs: 1_000, maxStaleMs: 5_000, queryTimeoutMs: 60_000, now: () => now });

    // nothing known yet: the first caller waits for the query
    const first = read(row);
    pending.shift()!(answer(1));
    expect((await first).status.completed_calls).toBe(1);

    // past the freshness bound: one query starts, and nobody waits for it
    now = 1_500;
    const callers = await Promise.all([read(row), read(row), read(row)]);
    expect(callers.map((c) => c.status.completed_calls)).toEqual([1, 1, 1]);
    expect(pending).toHaveLength(1);
    pending.shift()!(answer(2));
    await new Promise((r) => setImmediate(r));
    expect((await read(row)).status.completed_calls).toBe(2);

    // past the stale bound with the workflow silent: callers wait for the query again
    now = 10_000;
    const late = read(row);
    expect(pending).toHaveLength(1);
    pending.shift()!(answer(3));
    expect((await late).status.completed_calls).toBe(3);
  });
});
