import { Hono, type Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import { saveTokens } from '../../users/oauth-tokens.ts';
import { devIdentity, IdentityInUseError, signInUser } from '../../users/sign-in-user.ts';
import type { AuthEnv } from '../auth/require-user.ts';
import { requireUser, sessionOnly } from '../auth/require-user.ts';
import { clearSessionCookie, readSessionCookie, setSessionCookie } from '../auth/session-cookie.ts';
import type { AppDeps } from '../deps.ts';
import { ApiError } from '../errors.ts';
import { jsonBody, query } from '../validate.ts';

export const devLoginSchema = z.object({
  email: z.email().max(320),
  name: z.string().trim().min(1).max(200).optional(),
});

export const sessionSchema = z.object({
  token: z.string(),
  token_type: z.literal('Bearer'),
  expires_in: z.number(),
  user: z.object({ id: z.uuid(), email: z.string() }),
});

const callbackQuery = z.object({ code: z.string().min(1).max(4096), state: z.string().min(1).max(512) });
const loginQuery = z.object({ link: z.stringbool().optional() });
const FLOW_COOKIE = 'sd_oidc_flow';

export function authRoutes(deps: AppDeps) {
  const { config, sessions } = deps;
  const app = new Hono<AuthEnv>();

  const provider = (name: string) => {
    // own keys only: "constructor" or "__proto__" in the path would otherwise find Object.prototype's (found by the fuzz suite)
    const p = Object.hasOwn(deps.oidc, name) ? deps.oidc[name as keyof AppDeps['oidc']] : undefined;
    if (!p) throw new ApiError(404, 'provider_not_configured', `sign-in with "${name}" is not configured`);
    return p;
  };
  const redirectUri = (name: string) => `${config.http.publicUrl}/auth/${name}/callback`;
  const sessionBody = async (user: { id: string; email: string }) => ({
    token: await sessions.issue(user),
    token_type: 'Bearer' as const,
    expires_in: sessions.ttlSeconds,
    user,
  });

  /** The user of the browser's session cookie, if it holds a valid one. */
  const cookieUser = async (c: Context) => {
    const token = readSessionCookie(c);
    return token ? sessions.verify(token).catch(() => undefined) : undefined;
  };

  app.get('/:provider/login', async (c) => {
    const p = provider(c.req.param('provider'));
    // linking a second provider is something a signed-in user asks for; it is never inferred from an email
    const { link } = query(c, loginQuery);
    const linkTo = link ? (await cookieUser(c))?.id : undefined;
    if (link && !linkTo) throw new ApiError(401, 'unauthorized', 'sign in first to link another account');
    const { url, flowToken } = await p.authorizationRequest(redirectUri(p.name), linkTo);
    setCookie(c, FLOW_COOKIE, flowToken, { httpOnly: true, secure: true, sameSite: 'Lax', path: '/auth', maxAge: 600 });
    return c.redirect(url, 302);
  });

  app.get('/:provider/callback', async (c) => {
    const p = provider(c.req.param('provider'));
    if (c.req.query('error')) {
      throw new ApiError(400, 'sign_in_failed', `${p.name} sign-in failed: ${c.req.query('error_description') ?? c.req.query('error')}`);
    }
    const { code, state } = query(c, callbackQuery);
    const identity = await p.completeLogin({ code, state, flowToken: getCookie(c, FLOW_COOKIE), redirectUri: redirectUri(p.name) });
    if (identity.linkTo && (await cookieUser(c))?.id !== identity.linkTo) {
      throw new ApiError(400, 'invalid_state', 'the account to link is no longer signed in here; sign in and start again');
    }
    const user = await signInUser(deps.sql, identity, identity.linkTo).catch((error) => {
      if (error instanceof IdentityInUseError) throw new ApiError(409, 'identity_in_use', error.message);
      throw error;
    });
    if (identity.tokens) await saveTokens(deps.sql, deps.secrets, user.id, p.name, identity.tokens);
    deleteCookie(c, FLOW_COOKIE, { path: '/auth', secure: true });
    setSessionCookie(c, await sessions.issue(user), sessions.ttlSeconds);
    return c.redirect(config.http.frontendUrl, 302);
  });

  app.post('/dev/login', async (c) => {
    if (!config.auth.devLogin) throw new ApiError(404, 'not_found', 'dev sign-in is disabled (set DEV_LOGIN=true outside production)');
    const body = await jsonBody(c, devLoginSchema);
    const user = await signInUser(deps.sql, devIdentity(body.email, body.name));
    return c.json(await sessionBody(user));
  });

  app.post('/logout', (c) => {
    clearSessionCookie(c);
    return c.body(null, 204);
  });

  /** Exchanges the cookie session for a bearer token (and confirms who is signed in). */
  app.get('/session', requireUser({ sql: deps.sql, sessions, allowedOrigins: [] }), sessionOnly, async (c) => c.json(await sessionBody(c.var.user)));

  return app;
}
