import { createHash, randomBytes } from 'node:crypto';
import { createRemoteJWKSet, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import { z } from 'zod';
import type { OidcProviderConfig } from '../../config.ts';
import type { ProviderTokens } from '../../users/oauth-tokens.ts';
import type { Identity } from '../../users/sign-in-user.ts';
import { ApiError } from '../errors.ts';

export type ProviderName = 'google' | 'microsoft';

const discoverySchema = z.object({
  issuer: z.string().min(1),
  authorization_endpoint: z.url(),
  token_endpoint: z.url(),
  jwks_uri: z.url(),
});
type Discovery = z.infer<typeof discoverySchema>;

const tokenResponseSchema = z.object({
  id_token: z.string().min(1),
  access_token: z.string().min(1).optional(),
  refresh_token: z.string().min(1).optional(),
  expires_in: z.coerce.number().optional(),
  scope: z.string().optional(),
});
const refreshResponseSchema = tokenResponseSchema.extend({ id_token: z.string().optional(), access_token: z.string().min(1) });

/** What the login step remembers for the callback, in a short-lived signed cookie. */
interface PendingLogin {
  state: string;
  nonce: string;
  verifier: string;
  /** the signed-in user who asked to link this provider to their account */
  linkTo?: string;
}

export interface VerifiedIdentity extends Identity {
  /** API tokens the sign-in granted (beyond identity), when the provider sent an access token */
  tokens: ProviderTokens | null;
}

export interface OidcOptions {
  /** scopes beyond openid/email/profile, e.g. Google Forms read access */
  extraScopes?: string[];
  /** ask for a refresh token (Google: access_type=offline with consent) */
  offline?: boolean;
}

const FLOW_AUDIENCE = 'survey-dialer-oidc-flow';
const random = () => randomBytes(32).toString('base64url');

/**
 * OpenID Connect authorization-code flow with PKCE against one provider: discovery, the redirect,
 * the code exchange and ID-token verification (signature from the provider's JWKS, issuer, audience,
 * expiry, nonce).
 */
export function createOidcProvider(name: ProviderName, config: OidcProviderConfig, flowSecret: string, options: OidcOptions = {}) {
  const flowKey = new TextEncoder().encode(flowSecret);
  let discovery: Promise<Discovery> | undefined;
  let jwks: ReturnType<typeof createRemoteJWKSet> | undefined;

  async function discover(): Promise<Discovery> {
    discovery ??= (async () => {
      const response = await fetch(`${config.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`);
      if (!response.ok) throw new Error(`discovery answered ${response.status}`);
      return discoverySchema.parse(await response.json());
    })();
    try {
      return await discovery;
    } catch (error) {
      discovery = undefined; // try again on the next sign-in
      throw new ApiError(502, 'identity_provider_unavailable', `${name} sign-in is unavailable: ${String(error)}`);
    }
  }

  /** Microsoft's multi-tenant metadata names `{tenantid}`; the token's tid fills it in. */
  function expectedIssuer(d: Discovery, payload: JWTPayload): string[] {
    if (name === 'microsoft') return [d.issuer.replace('{tenantid}', String(payload.tid ?? ''))];
    if (name === 'google') return [d.issuer, 'accounts.google.com', 'https://accounts.google.com'];
    return [d.issuer];
  }

  return {
    name,

    /** Where to send the browser, and the cookie value that must come back with it. */
    async authorizationRequest(redirectUri: string, linkTo?: string): Promise<{ url: string; flowToken: string }> {
      const d = await discover();
      const pending: PendingLogin = { state: random(), nonce: random(), verifier: random(), ...(linkTo ? { linkTo } : {}) };
      const url = new URL(d.authorization_endpoint);
      url.search = new URLSearchParams({
        client_id: config.clientId,
        response_type: 'code',
        redirect_uri: redirectUri,
        scope: ['openid', 'email', 'profile', ...(options.extraScopes ?? [])].join(' '),
        ...(options.offline ? { access_type: 'offline', prompt: 'consent' } : {}),
        state: pending.state,
        nonce: pending.nonce,
        code_challenge: createHash('sha256').update(pending.verifier).digest('base64url'),
        code_challenge_method: 'S256',
      }).toString();
      const flowToken = await new SignJWT({ ...pending, provider: name })
        .setProtectedHeader({ alg: 'HS256' })
        .setAudience(FLOW_AUDIENCE)
        .setExpirationTime('10m')
        .sign(flowKey);
      return { url: url.toString(), flowToken };
    },

    /** Exchanges the code and verifies the ID token; every failure is a 400/502 ApiError. */
    async completeLogin(params: { code: string; state: string; flowToken: string | undefined; redirectUri: string }): Promise<VerifiedIdentity & { linkTo?: string }> {
      if (!params.flowToken) throw new ApiError(400, 'invalid_state', 'the sign-in was not started here (no flow cookie)');
      let pending: PendingLogin;
      try {
        const { payload } = await jwtVerify(params.flowToken, flowKey, { audience: FLOW_AUDIENCE, algorithms: ['HS256'] });
        if (payload.provider !== name) throw new Error('provider mismatch');
        pending = payload as unknown as PendingLogin;
      } catch {
        throw new ApiError(400, 'invalid_state', 'the sign-in expired or was tampered with; start again');
      }
      if (pending.state !== params.state) throw new ApiError(400, 'invalid_state', 'state does not match the sign-in');

      const d = await discover();
      const response = await fetch(d.token_endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code: params.code,
          redirect_uri: params.redirectUri,
          client_id: config.clientId,
          client_secret: config.clientSecret,
          code_verifier: pending.verifier,
        }),
      }).catch((error) => {
        throw new ApiError(502, 'identity_provider_unavailable', `${name} token endpoint unreachable: ${String(error)}`);
      });
      const tokens = tokenResponseSchema.safeParse(await response.json().catch(() => null));
      if (!response.ok || !tokens.success) {
        throw new ApiError(400, 'sign_in_failed', `${name} refused the authorization code (${response.status})`);
      }

      jwks ??= createRemoteJWKSet(new URL(d.jwks_uri));
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(tokens.data.id_token, jwks, {
          audience: config.clientId,
          algorithms: ['RS256', 'ES256', 'PS256'],
        }));
      } catch (error) {
        throw new ApiError(401, 'invalid_id_token', `the ${name} ID token failed verification: ${(error as Error).message}`);
      }
      if (!payload.iss || !expectedIssuer(d, payload).includes(payload.iss)) {
        throw new ApiError(401, 'invalid_id_token', `the ${name} ID token has an unexpected issuer`);
      }
      if (payload.nonce !== pending.nonce) throw new ApiError(401, 'invalid_id_token', 'the ID token nonce does not match');
      const identity = name === 'microsoft' ? microsoftIdentity(payload) : googleIdentity(payload);
      const granted = tokens.data;
      return {
        ...identity,
        ...(pending.linkTo ? { linkTo: pending.linkTo } : {}),
        tokens: granted.access_token
          ? { accessToken: granted.access_token, refreshToken: granted.refresh_token ?? null, scope: granted.scope ?? '', expiresInSeconds: granted.expires_in ?? 3600 }
          : null,
      };
    },

    /** A new access token from a refresh token (for API calls on the user's behalf). */
    async refresh(refreshToken: string): Promise<ProviderTokens> {
      const d = await discover();
      const response = await fetch(d.token_endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken, client_id: config.clientId, client_secret: config.clientSecret }),
      });
      const body = refreshResponseSchema.safeParse(await response.json().catch(() => null));
      if (!response.ok || !body.success) throw new ApiError(502, 'identity_provider_error', `${name} did not refresh the access token (${response.status})`);
      return { accessToken: body.data.access_token, refreshToken: body.data.refresh_token ?? refreshToken, scope: body.data.scope ?? '', expiresInSeconds: body.data.expires_in ?? 3600 };
    },
  };
}

export type OidcProvider = ReturnType<typeof createOidcProvider>;

const claim = (payload: JWTPayload, key: string): string | undefined =>
  typeof payload[key] === 'string' && payload[key] !== '' ? (payload[key] as string) : undefined;
const invalid = (message: string) => new ApiError(401, 'invalid_id_token', message);

/** Google: `sub` is global and stable; an unverified email is refused outright. */
function googleIdentity(payload: JWTPayload): Identity {
  const email = claim(payload, 'email');
  if (!email || !email.includes('@')) throw invalid('the ID token carries no email address');
  if (payload.email_verified !== true) throw invalid('the Google account email is not verified');
  return {
    provider: 'google',
    issuer: 'https://accounts.google.com',
    subject: String(payload.sub),
    email,
    emailVerified: true,
    name: claim(payload, 'name') ?? null,
  };
}

/**
 * Microsoft: the person is tenant (`tid`) + object id (`oid`). `email` and `preferred_username` are
 * whatever the tenant's admin typed, so the email counts as verified only with the optional
 * `xms_edov` claim (the email's domain is verified as owned by the tenant).
 */
function microsoftIdentity(payload: JWTPayload): Identity {
  const tid = claim(payload, 'tid');
  const oid = claim(payload, 'oid');
  if (!tid || !oid) throw invalid('the Microsoft ID token carries no tenant or object id');
  const email = claim(payload, 'email') ?? claim(payload, 'preferred_username');
  if (!email || !email.includes('@')) throw invalid('the ID token carries no email address');
  return {
    provider: 'microsoft',
    issuer: tid,
    subject: oid,
    email,
    emailVerified: claim(payload, 'email') !== undefined && payload.xms_edov === true,
    name: claim(payload, 'name') ?? null,
    legacySubject: String(payload.sub),
  };
}
