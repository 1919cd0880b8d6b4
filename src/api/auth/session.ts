import { jwtVerify, SignJWT } from 'jose';
import { LRUCache } from 'lru-cache';

/** Who is calling, as the session token says. */
export interface SessionUser {
  id: string;
  email: string;
}

const ISSUER = 'survey-dialer';
const AUDIENCE = 'survey-dialer-api';

/** How many verified tokens are remembered (least recently used go first): a few hundred bytes each. */
const VERIFIED_TOKENS_KEPT = 10_000;

export interface SessionOptions {
  /** The clock (ms since the epoch), for tests. */
  now?: () => number;
}

/**
 * The service's own session tokens: HS256 JWTs with the user id as subject. A token that verified is
 * remembered until its own expiry, so a dashboard polling status pays for one signature check, not one
 * a request: HMAC through WebCrypto (jose's only build) was about a third of the API's CPU per status
 * request under 50 pollers. Only tokens that verified are kept, keyed by the whole token, so a changed
 * or forged token is never a hit; tokens are not revocable before expiry either way.
 */
export function createSessions(secret: string, ttlSeconds: number, { now = Date.now }: SessionOptions = {}) {
  const key = new TextEncoder().encode(secret);
  const verified = new LRUCache<string, { user: SessionUser; expiresAtMs: number }>({ max: VERIFIED_TOKENS_KEPT });
  return {
    ttlSeconds,
    issue(user: SessionUser): Promise<string> {
      const issuedAt = Math.floor(now() / 1000);
      return new SignJWT({ email: user.email })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(user.id)
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setIssuedAt(issuedAt)
        .setExpirationTime(issuedAt + ttlSeconds)
        .sign(key);
    },
    /** Throws on a bad signature, wrong issuer or audience, or expiry. */
    async verify(token: string): Promise<SessionUser> {
      const known = verified.get(token);
      // jose's rule: valid while the current second is before `exp`
      if (known && Math.floor(now() / 1000) * 1000 < known.expiresAtMs) return known.user;
      const { payload } = await jwtVerify(token, key, { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'], currentDate: new Date(now()) });
      if (typeof payload.sub !== 'string' || typeof payload.email !== 'string') throw new Error('malformed session');
      const user = { id: payload.sub, email: payload.email };
      if (payload.exp !== undefined) verified.set(token, { user, expiresAtMs: payload.exp * 1000 });
      return user;
    },
  };
}

export type Sessions = ReturnType<typeof createSessions>;
