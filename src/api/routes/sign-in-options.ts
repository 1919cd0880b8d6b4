import { Hono } from 'hono';
import { z } from 'zod';
import type { AppDeps } from '../deps.ts';

export const signInOptionsSchema = z.object({ google: z.boolean(), microsoft: z.boolean(), dev: z.boolean() });

/** `GET /auth/providers`: which sign-in buttons the web app shows. */
export function signInOptionRoutes({ config, oidc }: AppDeps) {
  return new Hono().get('/', (c) => c.json({ google: Boolean(oidc.google), microsoft: Boolean(oidc.microsoft), dev: config.auth.devLogin } satisfies z.infer<typeof signInOptionsSchema>));
}
