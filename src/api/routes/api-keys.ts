import { Hono } from 'hono';
import { apiKeyCreateSchema } from '../../api-keys/api-key-schemas.ts';
import { createApiKey, listApiKeys, revokeApiKey } from '../../api-keys/api-key-store.ts';
import { sessionOnly, type AuthEnv } from '../auth/require-user.ts';
import type { AppDeps } from '../deps.ts';
import { notFound } from '../errors.ts';
import { idParam, jsonBody } from '../validate.ts';

export function apiKeyRoutes({ sql }: AppDeps) {
  const app = new Hono<AuthEnv>();

  app.use('*', sessionOnly);

  app.post('/', async (c) => {
    const body = await jsonBody(c, apiKeyCreateSchema);
    return c.json(await createApiKey(sql, c.var.user.id, body), 201);
  });

  app.get('/', async (c) => c.json({ items: await listApiKeys(sql, c.var.user.id) }));

  app.delete('/:id', async (c) => {
    const id = idParam(c, 'id', 'API key');
    if (!(await revokeApiKey(sql, c.var.user.id, id))) throw notFound('API key', id);
    return c.body(null, 204);
  });

  return app;
}
