import { Hono } from 'hono';
import type { AuthEnv } from '../auth/require-user.ts';
import type { AppDeps } from '../deps.ts';
import { query } from '../validate.ts';
import { usageQuerySchema, usageReport } from '../../usage/usage-report.ts';

export function usageRoutes({ sql, config }: AppDeps) {
  const app = new Hono<AuthEnv>();
  app.get('/', async (c) => c.json(await usageReport(sql, c.var.user.id, config.prices, query(c, usageQuerySchema))));
  return app;
}
