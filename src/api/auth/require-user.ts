import { createMiddleware } from 'hono/factory';
import { authenticateApiKey, isApiKey } from '../../api-keys/api-key-store.ts';
import type { ApiKeyScope } from '../../api-keys/api-key-schemas.ts';
import type { Sql } from '../../db/client.ts';
import { ApiError } from '../errors.ts';
import type { SessionUser, Sessions } from './session.ts';
import { readSessionCookie } from './session-cookie.ts';
import { createKnownUsers } from './known-users.ts';

/** `apiKeyScopes` is set when the caller came with an API key rather than a session. */
export type AuthEnv = { Variables: { user: SessionUser; apiKeyScopes?: ApiKeyScope[] } };

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Authenticates by `Authorization: Bearer` or the session cookie. A cookie can be sent by any site
 * the browser visits, so state-changing requests authenticated by cookie must come from an allowed
 * Origin (the frontend or the API itself); bearer tokens are never sent implicitly and need no check.
 * A bearer token starting `sd_live_` is an API key: it needs the `write` scope for anything but reads.
 */
export function requireUser(deps: { sql: Sql; sessions: Sessions; allowedOrigins: string[] }) {
  const userExists = createKnownUsers(deps.sql);
  return createMiddleware<AuthEnv>(async (c, next) => {
    const header = c.req.header('authorization');
    let token: string | undefined;
    let byCookie = false;
    if (header) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (!match) throw new ApiError(401, 'unauthorized', 'use "Authorization: Bearer <token>"');
      token = match[1];
    } else {
      token = readSessionCookie(c);
      byCookie = token !== undefined;
    }
    if (!token) throw new ApiError(401, 'unauthorized', 'sign in first: no session token');

    if (!byCookie && isApiKey(token)) {
      const key = await authenticateApiKey(deps.sql, token);
      if (!key) throw new ApiError(401, 'invalid_api_key', 'the API key is unknown or revoked');
      if (!SAFE_METHODS.has(c.req.method) && !key.scopes.includes('write')) {
        throw new ApiError(403, 'insufficient_scope', 'this API key is read-only; changes need the "write" scope');
      }
      c.set('user', { id: key.userId, email: key.email });
      c.set('apiKeyScopes', key.scopes);
      return next();
    }

    let user: SessionUser;
    try {
      user = await deps.sessions.verify(token);
    } catch {
      throw new ApiError(401, 'invalid_token', 'the session token is invalid or expired; sign in again');
    }
    if (byCookie && !SAFE_METHODS.has(c.req.method)) {
      const origin = c.req.header('origin') ?? originOf(c.req.header('referer'));
      if (!origin || !deps.allowedOrigins.includes(origin)) {
        throw new ApiError(403, 'cross_site_request', 'cookie-authenticated changes must come from the frontend origin');
      }
    }
    if (!(await userExists(user.id))) throw new ApiError(401, 'invalid_token', 'the account behind this token no longer exists');
    c.set('user', user);
    await next();
  });
}

function originOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/**
 * For what only a signed-in person may do (managing API keys, getting a session token): an API key,
 * even a leaked read-only one, must not be turned into more keys or a full session.
 */
export const sessionOnly = createMiddleware<AuthEnv>(async (c, next) => {
  if (c.var.apiKeyScopes) throw new ApiError(403, 'session_required', 'this needs a signed-in session, not an API key');
  await next();
});
