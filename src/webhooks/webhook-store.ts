import type { SecretBox } from '../crypto/secret-box.ts';
import type { Sql } from '../db/client.ts';
import type { WebhookEventType } from './webhook-events.ts';
import { newWebhookSecret } from './webhook-signature.ts';

interface EndpointRow {
  id: string;
  url: string;
  description: string | null;
  events: WebhookEventType[];
  enabled: boolean;
  disabled_reason: string | null;
  disabled_at: Date | null;
  failing_since: Date | null;
  previous_secret_expires_at: Date | null;
  created_at: Date;
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

function presentEndpoint(row: EndpointRow) {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    events: row.events,
    enabled: row.enabled,
    disabled_reason: row.disabled_reason,
    disabled_at: iso(row.disabled_at),
    failing_since: iso(row.failing_since),
    previous_secret_expires_at: iso(row.previous_secret_expires_at),
    created_at: row.created_at.toISOString(),
  };
}

export async function createEndpoint(sql: Sql, box: SecretBox, userId: string, input: { url: string; events: WebhookEventType[]; description?: string }) {
  const secret = newWebhookSecret();
  const [row] = await sql<EndpointRow[]>`
    insert into webhook_endpoints (user_id, url, description, events, secret_sealed)
    values (${userId}, ${input.url}, ${input.description ?? null}, ${input.events}, ${box.seal(secret)})
    returning *`;
  return { ...presentEndpoint(row!), secret };
}

export async function listEndpoints(sql: Sql, userId: string) {
  const rows = await sql<EndpointRow[]>`select * from webhook_endpoints where user_id = ${userId} order by created_at, id`;
  return rows.map(presentEndpoint);
}

export async function findEndpoint(sql: Sql, userId: string, id: string) {
  const [row] = await sql<EndpointRow[]>`select * from webhook_endpoints where id = ${id} and user_id = ${userId}`;
  return row ? presentEndpoint(row) : null;
}

export async function updateEndpoint(
  sql: Sql,
  userId: string,
  id: string,
  patch: { url?: string; events?: WebhookEventType[]; description?: string | null; enabled?: boolean },
) {
  const [row] = await sql<EndpointRow[]>`
    update webhook_endpoints set
      url = coalesce(${patch.url ?? null}, url),
      events = coalesce(${patch.events ?? null}::text[], events),
      description = ${patch.description === undefined ? sql`description` : patch.description},
      enabled = coalesce(${patch.enabled ?? null}, enabled),
      -- enabling again starts a fresh count of failing days and clears the notice
      ${patch.enabled === true ? sql`failing_since = null, disabled_at = null, disabled_reason = null,` : sql``}
      updated_at = now()
    where id = ${id} and user_id = ${userId}
    returning *`;
  return row ? presentEndpoint(row) : null;
}

export async function deleteEndpoint(sql: Sql, userId: string, id: string): Promise<boolean> {
  const [row] = await sql`delete from webhook_endpoints where id = ${id} and user_id = ${userId} returning id`;
  return Boolean(row);
}

/** A new secret; the old one keeps signing (as a second v1) for `previousValidHours`. */
export async function rotateSecret(sql: Sql, box: SecretBox, userId: string, id: string, previousValidHours: number) {
  const secret = newWebhookSecret();
  const [row] = await sql<EndpointRow[]>`
    update webhook_endpoints set
      previous_secret_sealed = secret_sealed,
      previous_secret_expires_at = now() + ${previousValidHours} * interval '1 hour',
      secret_sealed = ${box.seal(secret)}, updated_at = now()
    where id = ${id} and user_id = ${userId}
    returning *`;
  return row ? { ...presentEndpoint(row), secret } : null;
}

interface DeliveryRow {
  id: string;
  event_id: string;
  event_type: WebhookEventType;
  status: 'pending' | 'succeeded' | 'failed';
  attempts: number;
  last_status_code: number | null;
  last_error: string | null;
  last_latency_ms: number | null;
  redelivery_of: string | null;
  created_at: Date;
  delivered_at: Date | null;
}

const presentDelivery = (row: DeliveryRow) => ({ ...row, created_at: row.created_at.toISOString(), delivered_at: iso(row.delivered_at) });

/** The endpoint's delivery log, newest first. */
export async function listDeliveries(sql: Sql, userId: string, endpointId: string, query: { limit: number; status?: DeliveryRow['status'] }) {
  const rows = await sql<DeliveryRow[]>`
    select d.id, d.event_id, e.type as event_type, d.status, d.attempts, d.last_status_code, d.last_error,
      d.last_latency_ms, d.redelivery_of, d.created_at, d.delivered_at
    from webhook_deliveries d join webhook_events e on e.id = d.event_id and e.user_id = d.user_id
    where d.endpoint_id = ${endpointId} and d.user_id = ${userId} ${query.status ? sql`and d.status = ${query.status}` : sql``}
    order by d.created_at desc, d.id
    limit ${query.limit}`;
  return rows.map(presentDelivery);
}

/** A new delivery of the same event to the same endpoint; null when the user has no such delivery. */
export async function createRedelivery(sql: Sql, userId: string, endpointId: string, deliveryId: string) {
  const [row] = await sql<DeliveryRow[]>`
    with copy as (
      insert into webhook_deliveries (user_id, endpoint_id, event_id, redelivery_of, workflow_started_at)
      select user_id, endpoint_id, event_id, id, now() from webhook_deliveries
      where id = ${deliveryId} and endpoint_id = ${endpointId} and user_id = ${userId}
      returning *)
    select c.id, c.event_id, e.type as event_type, c.status, c.attempts, c.last_status_code, c.last_error,
      c.last_latency_ms, c.redelivery_of, c.created_at, c.delivered_at
    from copy c join webhook_events e on e.id = c.event_id`;
  return row ? presentDelivery(row) : null;
}
