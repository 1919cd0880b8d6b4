import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { AuthEnv } from '../auth/require-user.ts';
import type { AppDeps } from '../deps.ts';
import { notFound } from '../errors.ts';
import { idParam } from '../validate.ts';
import { createCampaignStatusHub, type StatusSnapshot } from '../../campaigns/campaign-status-hub.ts';
import { findCampaign } from '../../campaigns/campaign-store.ts';
import { createSharedStatusReader, type SharedStatusReader } from '../../campaigns/shared-status-reader.ts';

export interface CampaignEventOptions {
  /** At most one status read per campaign per interval, shared by every watcher. */
  intervalMs?: number;
  /** A comment line this often keeps proxies from closing an idle stream. */
  heartbeatMs?: number;
  /** The app's one status reader, shared with `/status` (a reader of its own when absent). */
  readStatus?: SharedStatusReader;
}

/**
 * `GET /campaigns/{id}/events`: server-sent events with a `status` event (the status shape of
 * `/status`) whenever the counts change. Snapshots are whole states, so resuming with
 * `Last-Event-ID` means: send the current state unless the client already has it.
 */
export function campaignEventRoutes({ sql, temporal }: AppDeps, options: CampaignEventOptions = {}) {
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const readStatus = options.readStatus ?? createSharedStatusReader(temporal);
  const hub = createCampaignStatusHub(
    async (campaignId, ownerId) => {
      const row = await findCampaign(sql, ownerId, campaignId);
      if (!row) throw notFound('campaign', campaignId);
      const { status, source } = await readStatus(row);
      return { ...status, source };
    },
    { intervalMs: options.intervalMs ?? 500 },
  );
  const app = new Hono<AuthEnv>();

  app.get('/:id/events', async (c) => {
    const id = idParam(c, 'id', 'campaign');
    const row = await findCampaign(sql, c.var.user.id, id);
    if (!row) throw notFound('campaign', id);
    const resumedFrom = c.req.header('last-event-id') ?? null;

    return streamSSE(c, async (stream) => {
      let lastSent = resumedFrom;
      // writes go out one at a time, in order, whoever triggers them (hub, heartbeat)
      let writes = Promise.resolve();
      const enqueue = (write: () => Promise<unknown>) => {
        writes = writes.then(write).then(
          () => undefined,
          () => undefined,
        );
      };
      const deliver = (snapshot: StatusSnapshot) =>
        enqueue(async () => {
          if (snapshot.id === lastSent) return;
          lastSent = snapshot.id;
          await stream.writeSSE({ event: 'status', id: snapshot.id, data: JSON.stringify(snapshot.status) });
        });

      // the opening comment reaches the client at once, so it knows the stream is up even with nothing new
      enqueue(() => stream.write(`retry: 2000\n: ${resumedFrom ? `resumed after ${resumedFrom}` : 'watching'} campaign ${row.id}\n\n`));
      const subscription = hub.watch(row.id, c.var.user.id, deliver);
      if (subscription.latest) deliver(subscription.latest);
      const heartbeat = setInterval(() => enqueue(() => stream.write(': heartbeat\n\n')), heartbeatMs);
      await new Promise<void>((resolve) => stream.onAbort(resolve));
      clearInterval(heartbeat);
      subscription.unsubscribe();
    });
  });
  return app;
}
