import { QueryRejectedError, type Client, type WorkflowClient } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { describe, expect, it } from 'vitest';
import type { CampaignRow } from '../../src/campaigns/campaign-store.ts';
import { createSharedStatusReader } from '../../src/campaigns/shared-status-reader.ts';
import type { CampaignStatus } from '../../workflows/messages.ts';

/**
 * A client whose status query answers when the test says, counting the queries; its open-runs-only
 * workflows are the same, so a live and a finished campaign's reads share one queue.
 */
function slowClient() {
  const pending: ((status: CampaignStatus) => void)[] = [];
  const workflow = { getHandle: () => ({ query: () => new Promise<CampaignStatus>((resolve) => pending.push(resolve)) }) };
  const client = { withDeadline: (_deadline: number, fn: () => Promise<unknown>) => fn(), workflow } as unknown as Client;
  return { client, openRuns: workflow as unknown as WorkflowClient, pending };
}

// a whole row, as the database gives it: a read still waiting when its test ends falls back to it
// once its query times out, in whatever test this process runs by then (vitest.config.ts: isolate false)
const row: CampaignRow = {
  id: 'c1', survey_id: 's1', survey_title: 'Survey', workflow_id: 'campaign-c1', status: 'running',
  phone_number: '+14155550100', test_mode: false, max_concurrent_calls: 5, total_contacts: 10,
  completed_calls: 0, failed_calls: 0, waiting_calls: 0, outcome_counts: {}, pause_reason: null,
  estimated_spend: 0, settings: {}, contact_scope: 'all', parent_campaign_id: null, error: null,
  contact_seq_limit: null, created_at: new Date(), started_at: new Date(), completed_at: null,
};
const answer = (completed: number, status = 'running') => ({ campaign_id: 'c1', status, completed_calls: completed }) as unknown as CampaignStatus;

describe('the shared status reader', () => {
  it('serves a recent answer to every caller while one refresh runs, the caller who started it included', async () => {
    let now = 0;
    const { client, openRuns, pending } = slowClient();
    const read = createSharedStatusReader(client, { freshnessMs: 1_000, maxStaleMs: 5_000, queryTimeoutMs: 60_000, now: () => now, openRuns });

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

  it("keeps a finished campaign's answer from its workflow once the row agrees, instead of asking a closed run again", async () => {
    let now = 0;
    const { client, openRuns, pending } = slowClient();
    const read = createSharedStatusReader(client, { freshnessMs: 1_000, maxStaleMs: 5_000, queryTimeoutMs: 60_000, now: () => now, openRuns });
    const finishedRow: CampaignRow = { ...row, status: 'completed' };

    // the row says completed before the workflow's last answer does: asked again until they agree
    const first = read(finishedRow);
    pending.shift()!(answer(9, 'running'));
    expect((await first).status.status).toBe('running');
    now = 2_000;
    const second = read(finishedRow);
    expect(pending).toHaveLength(1);
    pending.shift()!(answer(10, 'completed'));
    await second;
    await new Promise((r) => setImmediate(r));

    // from then on, every read (past freshness, and past the minute unasked entries are forgotten after) is that answer
    for (now = 3_000; now <= 180_000; now += 10_000) {
      const served = await read(finishedRow);
      expect(served).toMatchObject({ source: 'workflow', status: { status: 'completed', completed_calls: 10 } });
    }
    expect(pending).toHaveLength(0);

    // a campaign running again under the same row (an operator's reset of its workflow) is asked again
    now = 190_000;
    const again = read({ ...row, status: 'running' });
    expect(pending).toHaveLength(1);
    pending.shift()!(answer(10, 'running'));
    expect(await again).toMatchObject({ source: 'workflow', status: { status: 'running' } });
  });

  it("asks a live campaign's open run, once more when the run it reached had closed, then the stored counts", async () => {
    const closed = temporal.api.enums.v1.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW;
    const replies: (CampaignStatus | 'refused')[] = [];
    const asked: string[] = [];
    const workflows = (name: string) => ({
      getHandle: () => ({
        query: async () => {
          asked.push(name);
          const reply = replies.shift();
          if (reply === 'refused' || reply === undefined) throw new QueryRejectedError(closed);
          return reply;
        },
      }),
    });
    const client = { withDeadline: (_deadline: number, fn: () => Promise<unknown>) => fn(), workflow: workflows('any run') } as unknown as Client;
    let now = 0;
    const read = createSharedStatusReader(client, { freshnessMs: 1_000, queryTimeoutMs: 60_000, now: () => now, openRuns: workflows('open run') as unknown as WorkflowClient });

    // the run it reached continued as new: the next one answers
    replies.push('refused', answer(4));
    expect(await read(row)).toMatchObject({ source: 'workflow', status: { completed_calls: 4 } });
    expect(asked).toEqual(['open run', 'open run']);

    // refused twice (the campaign's last run closed before its row said so): the row answers
    now = 10_000;
    asked.length = 0;
    replies.push('refused', 'refused');
    expect(await read(row)).toMatchObject({ source: 'stored', status: { completed_calls: 0, status: 'running' } });
    expect(asked).toEqual(['open run', 'open run']);

    // once the row says it is over, its run is asked whether open or not (its final answer, kept)
    now = 20_000;
    asked.length = 0;
    replies.push(answer(10, 'completed'));
    expect(await read({ ...row, status: 'completed' })).toMatchObject({ source: 'workflow', status: { status: 'completed' } });
    expect(asked).toEqual(['any run']);
  });
});
