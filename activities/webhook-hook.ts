import { randomUUID } from 'node:crypto';
import type { Queryable, Sql } from '../src/db/client.ts';
import { WEBHOOK_API_VERSION, type WebhookEvent, type WebhookPayload } from '../src/webhooks/webhook-events.ts';
import type { DeliveryStarter } from '../src/webhooks/start-delivery.ts';

/**
 * Where the engine's activities report events for webhooks (an outbox): `record` runs inside the
 * activity's own transaction, so an event exists exactly when the fact it reports was stored;
 * `flush` starts the delivery workflows after the commit, and again on the activity's retry if the
 * first start was lost.
 */
export interface WebhookHook {
  /** true when it queued deliveries: `flush` them once the transaction commits */
  record(tx: Queryable, event: WebhookEvent): Promise<boolean>;
  flush(userId: string): Promise<void>;
}

export function createWebhookHook({ sql, startDelivery }: { sql: Sql; startDelivery: DeliveryStarter | null }): WebhookHook {
  return {
    async record(tx, event) {
      const endpoints = await tx<{ id: string }[]>`
        select id from webhook_endpoints
        where user_id = ${event.userId} and enabled and ${event.type} = any(events)`;
      if (endpoints.length === 0) return false;
      const id = randomUUID();
      const payload: WebhookPayload = { id, type: event.type, api_version: WEBHOOK_API_VERSION, created_at: new Date().toISOString(), data: event.data };
      const [inserted] = await tx`
        insert into webhook_events (id, user_id, type, dedupe_key, payload)
        values (${id}, ${event.userId}, ${event.type}, ${event.dedupeKey}, ${tx.json(payload as never)})
        on conflict (user_id, dedupe_key) do nothing
        returning id`;
      if (!inserted) return false;
      for (const endpoint of endpoints) {
        await tx`insert into webhook_deliveries (user_id, endpoint_id, event_id) values (${event.userId}, ${endpoint.id}, ${id})`;
      }
      return true;
    },

    async flush(userId) {
      if (!startDelivery) return;
      const pending = await sql<{ id: string }[]>`
        select id from webhook_deliveries where user_id = ${userId} and workflow_started_at is null order by created_at limit 500`;
      for (const { id } of pending) {
        await startDelivery({ userId, deliveryId: id });
        await sql`update webhook_deliveries set workflow_started_at = now() where id = ${id} and user_id = ${userId}`;
      }
    },
  };
}
