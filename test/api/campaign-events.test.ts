import { Hono } from 'hono';
import type { Client } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireUser } from '../../src/api/auth/require-user.ts';
import { campaignEventRoutes } from '../../src/api/routes/campaign-events.ts';
import { findCampaign } from '../../src/campaigns/campaign-store.ts';
import { createSharedStatusReader } from '../../src/campaigns/shared-status-reader.ts';
import { createApiHarness, questions, read, type ApiHarness } from '../helpers/api-harness.ts';
import { uniqueEmail } from '../helpers/harness.ts';
import { countStatusQueries } from '../helpers/count-status-queries.ts';
import { sseReader } from '../helpers/sse-reader.ts';

describe('GET /campaigns/{id}/events (server-sent status)', () => {
  let api: ApiHarness;
  let token: string;
  let userId: string;
  let campaignId: string;
  let queryTimes: number[] = [];

  beforeAll(async () => {
    api = await createApiHarness({ callDelayMs: 250, campaign: { maxConcurrentCalls: 4 } });
    await api.engine.startWorker();
    ({ token, userId } = await api.signIn(uniqueEmail('events')));
    // count every campaignStatus query this API process sends to Temporal
    queryTimes = countStatusQueries(api.deps.temporal);
  });
  afterAll(() => api?.close());

  it('50 watchers share one status query per interval and all see the campaign reach 100 %', async () => {
    const surveyId = (await read(await api.call('POST', '/surveys', { token, json: { title: 'Live', json_questionnaire: questions } }))).id;
    const contacts = Array.from({ length: 24 }, (_, i) => ({ phone_number: `+1415555${String(3000 + i)}` }));
    await api.call('POST', `/surveys/${surveyId}/contacts`, { token, json: { contacts } });
    const launched = await read(await api.call('POST', '/campaigns/launch', { token, json: { survey_id: surveyId } }));
    campaignId = launched.campaign_id;

    queryTimes.length = 0;
    const started = Date.now();
    const watchers = await Promise.all(
      Array.from({ length: 50 }, async () => {
        const response = await api.call('GET', `/campaigns/${campaignId}/events`, { token });
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
        return sseReader(response);
      }),
    );
    const seen = await Promise.all(
      watchers.map(async (watcher) => {
        const percentages: number[] = [];
        for (;;) {
          const { id, status } = await watcher.nextStatus(30_000);
          percentages.push(status.completion_percentage);
          if (status.status === 'completed') return { id, percentages };
        }
      }),
    );
    const elapsed = Date.now() - started;
    await Promise.all(watchers.map((w) => w.close()));

    for (const { percentages } of seen) {
      expect(percentages.at(-1)).toBe(100);
      // snapshots only when something changed, never going backwards
      expect([...percentages].sort((a, b) => a - b)).toEqual(percentages);
    }
    expect(new Set(seen.map((s) => s.id)).size).toBe(1);
    // one shared poller: at most one query per 500 ms interval (plus the one at start), not one per watcher
    expect(queryTimes.length).toBeGreaterThan(0);
    expect(queryTimes.length).toBeLessThanOrEqual(Math.ceil(elapsed / 500) + 1);
  });

  it("answers 404 for another user's campaign and for unknown ids", async () => {
    const other = await api.signIn(uniqueEmail('events-other'));
    expect((await api.call('GET', `/campaigns/${campaignId}/events`, { token: other.token })).status).toBe(404);
    expect((await api.call('GET', `/campaigns/00000000-0000-4000-8000-000000000000/events`, { token })).status).toBe(404);
    expect((await api.call('GET', `/campaigns/${campaignId}/events`)).status).toBe(401);
  });

  it('resumes with Last-Event-ID: nothing resent when the client has the current state, heartbeats keep coming', async () => {
    const app = new Hono();
    app.use('*', requireUser({ sql: api.deps.sql, sessions: api.deps.sessions, allowedOrigins: [] }));
    app.route('/campaigns', campaignEventRoutes(api.deps, { heartbeatMs: 50 }));
    const open = async (headers: Record<string, string> = {}) =>
      sseReader(await app.request(`/campaigns/${campaignId}/events`, { headers: { authorization: `Bearer ${token}`, ...headers } }));

    const first = await open();
    const current = await first.nextStatus();
    expect(current.status.status).toBe('completed');
    await first.close();

    const resumed = await open({ 'last-event-id': current.id });
    expect((await resumed.next()).comment).toContain(`resumed after ${current.id}`);
    for (let heartbeats = 0; heartbeats < 4; ) {
      const event = await resumed.next();
      expect(event.event).toBeUndefined();
      if (event.comment === 'heartbeat') heartbeats += 1;
    }
    await resumed.close();

    const stale = await open({ 'last-event-id': 'an-older-state' });
    expect((await stale.nextStatus()).id).toBe(current.id);
    await stale.close();
  });

  it('falls back to the stored counts when the workflow does not answer in time', async () => {
    const row = (await findCampaign(api.deps.sql, userId, campaignId))!;
    const silent = { withDeadline: (_deadline: number, fn: () => Promise<unknown>) => fn(), workflow: { getHandle: () => ({ query: () => new Promise(() => {}) }) } } as unknown as Client;
    const answer = await createSharedStatusReader(silent, { queryTimeoutMs: 50 })(row);
    expect(answer.source).toBe('stored');
    expect(answer.status).toMatchObject({ campaign_id: campaignId, status: 'completed', total_contacts: 24, completion_percentage: 100 });
  });
});
