import { createHash, randomUUID } from 'node:crypto';
import { listenOnLoopback } from './loopback-server.ts';
import { Hono } from 'hono';
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload, type CryptoKey } from 'jose';

/** How the next ID token should differ from a valid one. */
export interface TokenTweaks {
  claims?: JWTPayload;
  /** sign with a key the JWKS does not publish */
  forge?: boolean;
}

/**
 * A local OpenID provider speaking the real protocol: discovery, JWKS, an authorize endpoint that
 * consents at once, and a token endpoint that checks the client secret and PKCE verifier and returns
 * an RS256 ID token. `multiTenant` mimics Microsoft's `{tenantid}` issuer template.
 */
export async function startOidcProvider(options: { clientId: string; clientSecret: string; multiTenant?: boolean; email?: string }) {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const forger = await generateKeyPair('RS256');
  const kid = randomUUID();
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  const codes = new Map<string, { nonce: string; challenge: string; redirectUri: string; scope: string }>();
  const refreshTokens = new Map<string, string>();
  let issued = 0;
  const tenant = '9188040d-6c67-4c5b-b112-36a304b66dad';
  let tweaks: TokenTweaks = {};
  const tokenRequests: Record<string, string>[] = [];

  const app = new Hono();
  let base = '';
  const issuer = () => (options.multiTenant ? `${base}/${tenant}/v2.0` : base);

  app.get('/.well-known/openid-configuration', (c) =>
    c.json({
      issuer: options.multiTenant ? `${base}/{tenantid}/v2.0` : base,
      authorization_endpoint: `${base}/authorize`,
      token_endpoint: `${base}/token`,
      jwks_uri: `${base}/jwks`,
      id_token_signing_alg_values_supported: ['RS256'],
    }),
  );
  app.get('/jwks', (c) => c.json({ keys: [jwk] }));
  app.get('/authorize', (c) => {
    const q = c.req.query();
    if (q.client_id !== options.clientId || q.code_challenge_method !== 'S256') return c.text('bad request', 400);
    const code = randomUUID();
    codes.set(code, { nonce: q.nonce!, challenge: q.code_challenge!, redirectUri: q.redirect_uri!, scope: q.scope ?? '' });
    const target = new URL(q.redirect_uri!);
    target.searchParams.set('code', code);
    target.searchParams.set('state', q.state!);
    return c.redirect(target.toString(), 302);
  });
  app.post('/token', async (c) => {
    const form = Object.fromEntries(new URLSearchParams(await c.req.text()));
    tokenRequests.push(form);
    if (form.client_id !== options.clientId || form.client_secret !== options.clientSecret) {
      return c.json({ error: 'invalid_client' }, 401);
    }
    if (form.grant_type === 'refresh_token') {
      const scope = refreshTokens.get(form.refresh_token ?? '');
      if (scope === undefined) return c.json({ error: 'invalid_grant' }, 400);
      return c.json({ access_token: `access-${++issued}`, token_type: 'Bearer', expires_in: 3600, scope });
    }
    const grant = codes.get(form.code ?? '');
    const verifierMatches = grant && createHash('sha256').update(form.code_verifier ?? '').digest('base64url') === grant.challenge;
    if (!grant || !verifierMatches || form.redirect_uri !== grant.redirectUri) return c.json({ error: 'invalid_grant' }, 400);
    codes.delete(form.code!);
    const claims: JWTPayload = {
      iss: issuer(),
      aud: options.clientId,
      sub: `subject-${options.email ?? 'person@example.test'}`,
      email: options.email ?? 'person@example.test',
      email_verified: true,
      name: 'Pat Person',
      nonce: grant.nonce,
      ...(options.multiTenant ? { tid: tenant, oid: `oid-${options.email ?? 'person@example.test'}` } : {}),
      ...tweaks.claims,
    };
    const key: CryptoKey = tweaks.forge ? forger.privateKey : privateKey;
    const token = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid })
      .setIssuedAt()
      .setExpirationTime(typeof claims.exp === 'number' ? claims.exp : '5m')
      .sign(key);
    const refreshToken = `refresh-${randomUUID()}`;
    refreshTokens.set(refreshToken, grant.scope);
    return c.json({ access_token: `access-${++issued}`, refresh_token: refreshToken, token_type: 'Bearer', expires_in: 300, scope: grant.scope, id_token: token });
  });

  const server = await listenOnLoopback(app);
  base = server.url;

  return {
    tenant,
    get url() {
      return base;
    },
    tokenRequests,
    /** Applies to the next token responses until changed. */
    setTweaks(next: TokenTweaks) {
      tweaks = next;
    },
    close: server.close,
  };
}
