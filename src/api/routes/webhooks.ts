import { Hono } from 'hono';
import type { AuthEnv } from '../auth/require-user.ts';
import type { AppDeps } from '../deps.ts';
import { ApiError, notFound } from '../errors.ts';
import { idParam, jsonBody, optionalJsonBody, query } from '../validate.ts';
import { deliveryStarter } from '../../webhooks/start-delivery.ts';
import { targetProblem } from '../../webhooks/webhook-target.ts';
import {
  deliveriesQuerySchema,
  rotateSecretSchema,
  webhookEndpointCreateSchema,
  webhookEndpointPatchSchema,
} from '../../webhooks/webhook-schemas.ts';
import {
  createEndpoint,
  createRedelivery,
  deleteEndpoint,
  findEndpoint,
  listDeliveries,
  listEndpoints,
  rotateSecret,
  updateEndpoint,
} from '../../webhooks/webhook-store.ts';

export function webhookRoutes({ sql, secrets, temporal, config }: AppDeps) {
  const app = new Hono<AuthEnv>();
  const startDelivery = deliveryStarter(temporal, config.temporal.taskQueue, config.webhooks);

  /** A quick answer at registration; the resolved address is checked again at every send. */
  const checkUrl = (url: string | undefined) => {
    const problem = url === undefined ? null : targetProblem(url, config.webhooks.policy);
    if (problem) throw new ApiError(400, 'validation_failed', 'invalid request body', [{ path: 'url', message: problem }]);
  };

  app.post('/', async (c) => {
    const body = await jsonBody(c, webhookEndpointCreateSchema);
    checkUrl(body.url);
    return c.json(await createEndpoint(sql, secrets, c.var.user.id, body), 201);
  });

  app.get('/', async (c) => c.json({ items: await listEndpoints(sql, c.var.user.id) }));

  app.get('/:id', async (c) => {
    const id = idParam(c, 'id', 'webhook endpoint');
    return c.json((await findEndpoint(sql, c.var.user.id, id)) ?? notFoundThrow('webhook endpoint', id));
  });

  app.patch('/:id', async (c) => {
    const id = idParam(c, 'id', 'webhook endpoint');
    const body = await jsonBody(c, webhookEndpointPatchSchema);
    checkUrl(body.url);
    return c.json((await updateEndpoint(sql, c.var.user.id, id, body)) ?? notFoundThrow('webhook endpoint', id));
  });

  app.delete('/:id', async (c) => {
    const id = idParam(c, 'id', 'webhook endpoint');
    if (!(await deleteEndpoint(sql, c.var.user.id, id))) throw notFound('webhook endpoint', id);
    return c.body(null, 204);
  });

  app.post('/:id/rotate-secret', async (c) => {
    const id = idParam(c, 'id', 'webhook endpoint');
    const body = await optionalJsonBody(c, rotateSecretSchema);
    return c.json((await rotateSecret(sql, secrets, c.var.user.id, id, body.previous_secret_valid_hours)) ?? notFoundThrow('webhook endpoint', id));
  });

  app.get('/:id/deliveries', async (c) => {
    const id = idParam(c, 'id', 'webhook endpoint');
    const q = query(c, deliveriesQuerySchema);
    if (!(await findEndpoint(sql, c.var.user.id, id))) throw notFound('webhook endpoint', id);
    return c.json({ items: await listDeliveries(sql, c.var.user.id, id, q) });
  });

  app.post('/:id/deliveries/:deliveryId/redeliver', async (c) => {
    const id = idParam(c, 'id', 'webhook endpoint');
    const deliveryId = idParam(c, 'deliveryId', 'delivery');
    const userId = c.var.user.id;
    const endpoint = await findEndpoint(sql, userId, id);
    if (!endpoint) throw notFound('webhook endpoint', id);
    if (!endpoint.enabled) throw new ApiError(409, 'endpoint_disabled', 'enable the endpoint first (PATCH with {"enabled": true})');
    const delivery = await createRedelivery(sql, userId, id, deliveryId);
    if (!delivery) throw notFound('delivery', deliveryId);
    await startDelivery({ userId, deliveryId: delivery.id });
    return c.json(delivery, 202);
  });

  return app;
}

function notFoundThrow(what: string, id: string): never {
  throw notFound(what, id);
}
