import type { Context, Hono, MiddlewareHandler } from 'hono';
import { rateLimiter } from 'hono-rate-limiter';
import type { Config } from '../config.ts';
import type { ErrorBody } from './errors.ts';

/**
 * Request budgets per client IP and per signed-in user, for the routes that cost money or invite
 * guessing. Counters live in this process's memory (hono-rate-limiter's MemoryStore): N API processes
 * allow N times the budget, and a restart forgets them. Sized in the README ("Limits").
 */
export const rateLimits = {
  /** OIDC login/callback and dev sign-in: an office behind one NAT signing in at once fits; a password-spray does not */
  signIn: { perIp: { limit: 60, windowMs: 60_000 } },
  /** launch, retry and provisioning a number: each one buys numbers or starts dialing */
  launch: { perUser: { limit: 10, windowMs: 60_000 }, perIp: { limit: 30, windowMs: 60_000 } },
  /** contact uploads: up to MAX_UPLOAD_BYTES each, parsed and inserted in one request */
  upload: { perUser: { limit: 30, windowMs: 60_000 }, perIp: { limit: 60, windowMs: 60_000 } },
} as const;

/** The caller's address: the socket's peer, or with TRUST_PROXY the address the proxy appended last to X-Forwarded-For. */
export function clientIp(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',').map((s) => s.trim()).filter(Boolean).at(-1);
    if (forwarded) return forwarded;
  }
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? 'local';
}

/** Refusals of malformed input cost nothing past validation, so spending budgets do not count them (a form with a typo is not a launch). */
const malformedInput = new Set([400, 413, 415, 422]);

function limiter(name: string, budget: { limit: number; windowMs: number }, key: (c: Context) => string, countMalformed = true): MiddlewareHandler {
  return rateLimiter({
    windowMs: budget.windowMs,
    limit: budget.limit,
    // sign-in counts every attempt (guessing fails); launch and upload skip requests refused as malformed
    skipFailedRequests: !countMalformed,
    requestWasSuccessful: (c) => !malformedInput.has(c.res.status),
    standardHeaders: 'draft-7',
    keyGenerator: key,
    handler: (c) => {
      const retryAfter = c.res.headers.get('retry-after') ?? String(Math.ceil(budget.windowMs / 1000));
      c.header('Retry-After', retryAfter);
      const body: ErrorBody = {
        error: { code: 'rate_limited', message: `too many ${name} requests; try again in ${retryAfter} s`, details: { retry_after_seconds: Number(retryAfter) } },
      };
      return c.json(body, 429);
    },
  });
}

const ipKey = (config: Config) => (c: Context) => `ip:${clientIp(c, config.http.trustProxy)}`;

/** Sign-in budgets; install before the /auth routes. */
export function applySignInRateLimits(app: Hono, config: Config): void {
  const signIn = limiter('sign-in', rateLimits.signIn.perIp, ipKey(config));
  for (const path of ['/auth/:provider/login', '/auth/:provider/callback']) app.get(path, signIn);
  app.post('/auth/dev/login', signIn);
}

/** Launch and upload budgets; install after the sign-in check (per-user keys read the user) and before the routes. */
export function applySpendRateLimits(app: Hono, config: Config): void {
  const ip = ipKey(config);
  const user = (c: Context) => `user:${(c.get('user' as never) as { id?: string } | undefined)?.id ?? ip(c)}`;

  const launchIp = limiter('launch', rateLimits.launch.perIp, ip, false);
  const launchUser = limiter('launch', rateLimits.launch.perUser, user, false);
  for (const path of ['/campaigns/launch', '/campaigns/provision-number', '/campaigns/:id/retry']) app.post(path, launchIp, launchUser);

  const uploadIp = limiter('upload', rateLimits.upload.perIp, ip, false);
  const uploadUser = limiter('upload', rateLimits.upload.perUser, user, false);
  app.post('/surveys/:surveyId/contacts', uploadIp, uploadUser);
}
