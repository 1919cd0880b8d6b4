import { Hono } from 'hono';
import { z } from 'zod';
import type { AuthEnv } from '../auth/require-user.ts';
import type { AppDeps } from '../deps.ts';
import { notFound } from '../errors.ts';
import { idParam, jsonBody } from '../validate.ts';
import { findCall, reviewAnswer } from '../../calls/call-store.ts';

export const reviewAnswerSchema = z.object({ mapped_value: z.union([z.string().max(2000), z.number(), z.boolean(), z.array(z.string().max(200)).max(50)]) });

/** Calls with transcripts and answers; reviewed answers. */
export function callRoutes({ sql }: AppDeps) {
  const app = new Hono<AuthEnv>();
  app.get('/calls/:id', async (c) => {
    const id = idParam(c, 'id', 'call');
    const call = await findCall(sql, c.var.user.id, id);
    if (!call) throw notFound('call', id);
    return c.json(call);
  });
  app.patch('/responses/:id', async (c) => {
    const id = idParam(c, 'id', 'response');
    const body = await jsonBody(c, reviewAnswerSchema);
    const row = await reviewAnswer(sql, c.var.user.id, id, body.mapped_value);
    if (!row) throw notFound('response', id);
    return c.json(row);
  });
  return app;
}
