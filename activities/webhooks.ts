import type { WebhookConfig } from '../src/config.ts';
import type { SecretBox } from '../src/crypto/secret-box.ts';
import type { Sql } from '../src/db/client.ts';
import { postWebhook, type PostResult } from '../src/webhooks/post-webhook.ts';
import { SIGNATURE_HEADER, signatureHeader } from '../src/webhooks/webhook-signature.ts';
import { permanentFailure } from './errors.ts';
import { failureTypes } from '../workflows/messages.ts';

export interface WebhookDeliveryDeps {
  sql: Sql;
  /** opens the endpoints' sealed signing secrets */
  box: SecretBox;
  config: WebhookConfig;
}

interface DeliveryRow {
  status: string;
  url: string;
  enabled: boolean;
  secret_sealed: string;
  previous_secret_sealed: string | null;
  previous_valid: boolean;
  endpoint_id: string;
  event_id: string;
  event_type: string;
  payload: unknown;
}

export function createWebhookDeliveryActivities({ sql, box, config }: WebhookDeliveryDeps) {
  /** Notes a failed attempt on the delivery and the endpoint; disables an endpoint failing for too long. */
  const recordFailure = async (key: { userId: string; deliveryId: string; endpointId: string }, result: Partial<PostResult>, error: string) => {
    await sql`
      update webhook_deliveries set attempts = attempts + 1, last_status_code = ${result.status ?? null},
        last_latency_ms = ${result.latencyMs ?? null}, last_error = ${error}, updated_at = now()
      where id = ${key.deliveryId} and user_id = ${key.userId}`;
    const [endpoint] = await sql<{ enabled: boolean }[]>`
      update webhook_endpoints set
        failing_since = coalesce(failing_since, now()),
        enabled = enabled and not coalesce(failing_since < now() - ${config.disableAfterMs} * interval '1 millisecond', false),
        disabled_at = case when enabled and failing_since < now() - ${config.disableAfterMs} * interval '1 millisecond' then now() else disabled_at end,
        disabled_reason = case when enabled and failing_since < now() - ${config.disableAfterMs} * interval '1 millisecond'
          then 'every delivery failed since ' || to_char(failing_since at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') || '; fix the receiver and enable the endpoint again'
          else disabled_reason end,
        updated_at = now()
      where id = ${key.endpointId} and user_id = ${key.userId}
      returning enabled`;
    if (!endpoint?.enabled) throw permanentFailure(failureTypes.webhookEndpointGone, `the endpoint is disabled after failing for too long (last: ${error})`);
    throw new Error(error);
  };

  return {
    /** One attempt: sign with every valid secret and POST; any answer but 2xx is a failure to retry. */
    async deliverWebhook(input: { userId: string; deliveryId: string }): Promise<void> {
      const { userId, deliveryId } = input;
      const [row] = await sql<DeliveryRow[]>`
        select d.status, e.url, e.enabled, e.secret_sealed, e.previous_secret_sealed,
          coalesce(e.previous_secret_expires_at > now(), false) as previous_valid,
          e.id as endpoint_id, v.id as event_id, v.type as event_type, v.payload
        from webhook_deliveries d
        join webhook_endpoints e on e.id = d.endpoint_id and e.user_id = d.user_id
        join webhook_events v on v.id = d.event_id and v.user_id = d.user_id
        where d.id = ${deliveryId} and d.user_id = ${userId}`;
      if (!row) throw permanentFailure(failureTypes.webhookEndpointGone, `delivery ${deliveryId} or its endpoint no longer exists`);
      if (row.status === 'succeeded') return;
      if (!row.enabled) throw permanentFailure(failureTypes.webhookEndpointGone, 'the endpoint is disabled');

      const secrets = [box.open(row.secret_sealed), ...(row.previous_secret_sealed && row.previous_valid ? [box.open(row.previous_secret_sealed)] : [])];
      const body = JSON.stringify(row.payload);
      const headers = {
        'user-agent': 'SurveyDialer-Webhooks/1',
        'survey-dialer-event-id': row.event_id,
        'survey-dialer-event-type': row.event_type,
        'survey-dialer-delivery-id': deliveryId,
        [SIGNATURE_HEADER.toLowerCase()]: signatureHeader(body, secrets, Math.floor(Date.now() / 1000)),
      };
      const key = { userId, deliveryId, endpointId: row.endpoint_id };
      let result: PostResult;
      try {
        result = await postWebhook(row.url, body, headers, { policy: config.policy, timeoutMs: config.timeoutMs });
      } catch (error) {
        return recordFailure(key, {}, error instanceof Error ? error.message : String(error));
      }
      if (result.status < 200 || result.status > 299) return recordFailure(key, result, `the receiver answered ${result.status}`);
      await sql.begin(async (tx) => {
        await tx`
          update webhook_deliveries set status = 'succeeded', attempts = attempts + 1, last_status_code = ${result.status},
            last_latency_ms = ${result.latencyMs}, last_error = null, delivered_at = now(), updated_at = now()
          where id = ${deliveryId} and user_id = ${userId}`;
        await tx`update webhook_endpoints set failing_since = null where id = ${row.endpoint_id} and user_id = ${userId}`;
      });
    },

    async markWebhookDeliveryFailed(input: { userId: string; deliveryId: string; reason: string }): Promise<void> {
      await sql`
        update webhook_deliveries set status = 'failed', last_error = coalesce(last_error, ${input.reason}), updated_at = now()
        where id = ${input.deliveryId} and user_id = ${input.userId} and status = 'pending'`;
    },
  };
}
