import { jwtVerify, SignJWT } from 'jose';

/** Who is calling, as the session token says. */
export interface SessionUser {
  id: string;
  email: string;
}

const ISSUER = 'survey-dialer';
const AUDIENCE = 'survey-dialer-api';

/** The service's own session tokens: HS256 JWTs with the user id as subject. */
export function createSessions(secret: string, ttlSeconds: number) {
  const key = new TextEncoder().encode(secret);
  return {
    ttlSeconds,
    issue(user: SessionUser): Promise<string> {
      return new SignJWT({ email: user.email })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(user.id)
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(`${ttlSeconds}s`)
        .sign(key);
    },
    /** Throws on a bad signature, wrong issuer or audience, or expiry. */
    async verify(token: string): Promise<SessionUser> {
      const { payload } = await jwtVerify(token, key, { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'] });
      if (typeof payload.sub !== 'string' || typeof payload.email !== 'string') throw new Error('malformed session');
      return { id: payload.sub, email: payload.email };
    },
  };
}

export type Sessions = ReturnType<typeof createSessions>;
