import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startPollerProcess } from '../../scripts/bench/poller-process.ts';

// a stand-in for the API's status route: every third answer from the stored counts, the others from
// one of two workflow reads (as the shared reader gives one read to many callers)
let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

async function statusStandIn(): Promise<{ baseUrl: string; seen: { url: string; auth: string }[] }> {
  const seen: { url: string; auth: string }[] = [];
  server = createServer((req, res) => {
    seen.push({ url: req.url ?? '', auth: req.headers.authorization ?? '' });
    const n = seen.length;
    const body = n % 3 === 0 ? { source: 'stored' } : { source: 'workflow', as_of: n % 2 === 0 ? '2026-12-04T00:00:00.000Z' : '2026-12-04T00:00:01.000Z' };
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { baseUrl: `http://127.0.0.1:${(server!.address() as AddressInfo).port}`, seen };
}

describe('the bench status pollers in a process of their own', () => {
  it('poll the campaign status with the token until stopped, then give every answer counted', async () => {
    const { baseUrl, seen } = await statusStandIn();
    const pollers = await startPollerProcess({ baseUrl, token: 'bench-token', campaignId: 'c1', pollers: 3, intervalMs: 20 }, 0);
    // bounded: the pollers have a second to reach the stand-in a dozen times
    const until = Date.now() + 10_000;
    while (seen.length < 12 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    const figures = await pollers.stop();

    expect(seen.length).toBeGreaterThanOrEqual(12);
    expect(new Set(seen.map((s) => `${s.url} ${s.auth}`))).toEqual(new Set(['/campaigns/c1/status Bearer bench-token']));
    expect(figures.requests).toBe(seen.length);
    expect(figures.errors).toBe(0);
    expect(figures.stored).toBe(Math.floor(seen.length / 3));
    expect(figures.workflowReads).toBe(2);
    expect(figures.p50).toBeGreaterThan(0);
    expect(figures.p99).toBeGreaterThanOrEqual(figures.p50);
  });

  it('counts an answer other than 200 as an error', async () => {
    server = createServer((_req, res) => res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":{"code":"unavailable"}}'));
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const pollers = await startPollerProcess({ baseUrl, token: 't', campaignId: 'c2', pollers: 2, intervalMs: 10 }, 0);
    await new Promise((r) => setTimeout(r, 300));
    const figures = await pollers.stop();
    expect(figures.requests).toBeGreaterThan(0);
    expect(figures.errors).toBe(figures.requests);
  });
});
