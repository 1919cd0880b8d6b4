import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, ConfigError } from '../../src/config.ts';
import { createApiHarness, FRONTEND, questions, read, type ApiHarness } from '../helpers/api-harness.ts';
import { startOidcProvider, type TokenTweaks } from '../helpers/oidc-provider.ts';

const cookieValue = (response: Response, name: string): string | undefined => {
  for (const header of response.headers.getSetCookie()) {
    const [pair] = header.split(';');
    const [key, value] = pair!.split('=');
    if (key === name) return value;
  }
  return undefined;
};

describe('sign-in', () => {
  let api: ApiHarness;
  let google: Awaited<ReturnType<typeof startOidcProvider>>;
  let microsoft: Awaited<ReturnType<typeof startOidcProvider>>;

  beforeAll(async () => {
    google = await startOidcProvider({ clientId: 'google-client', clientSecret: 'google-secret', email: 'pat@gmail.test' });
    microsoft = await startOidcProvider({ clientId: 'ms-client', clientSecret: 'ms-secret', multiTenant: true, email: 'pat@contoso.test' });
    api = await createApiHarness({
      env: {
        GOOGLE_CLIENT_ID: 'google-client',
        GOOGLE_CLIENT_SECRET: 'google-secret',
        GOOGLE_ISSUER: google.url,
        MICROSOFT_CLIENT_ID: 'ms-client',
        MICROSOFT_CLIENT_SECRET: 'ms-secret',
        MICROSOFT_ISSUER: microsoft.url,
      },
    });
  });
  afterAll(async () => {
    await api?.close();
    await google?.close();
    await microsoft?.close();
  });

  /** Browser round trip: login redirect, provider consent, callback. Returns the callback response. */
  async function signInWith(provider: 'google' | 'microsoft', options: { state?: string; dropFlowCookie?: boolean } = {}) {
    const login = await api.call('GET', `/auth/${provider}/login`);
    expect(login.status).toBe(302);
    const authorize = new URL(login.headers.get('location')!);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('redirect_uri')).toBe(`http://api.test/auth/${provider}/callback`);
    const flow = cookieValue(login, 'sd_oidc_flow');
    const consent = await fetch(authorize, { redirect: 'manual' });
    const callback = new URL(consent.headers.get('location')!);
    if (options.state) callback.searchParams.set('state', options.state);
    return api.call('GET', `${callback.pathname}${callback.search}`, {
      headers: options.dropFlowCookie ? {} : { cookie: `sd_oidc_flow=${flow}` },
    });
  }

  it('signs in with Google: verified ID token → user, session cookie, redirect to the frontend', async () => {
    google.setTweaks({});
    const callback = await signInWith('google');
    expect(callback.status).toBe(302);
    expect(callback.headers.get('location')).toBe(FRONTEND);
    const setCookie = callback.headers.getSetCookie().find((c) => c.startsWith('sd_session='))!;
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/Secure/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    const session = cookieValue(callback, 'sd_session')!;
    expect(google.tokenRequests.at(-1)).toMatchObject({ grant_type: 'authorization_code', client_secret: 'google-secret' });

    const me = await api.call('GET', '/auth/session', { headers: { cookie: `sd_session=${session}` } });
    expect(me.status).toBe(200);
    const body = await read(me);
    expect(body.user.email).toBe('pat@gmail.test');
    // the bearer token from /auth/session works on its own
    expect((await api.call('GET', '/surveys', { token: body.token })).status).toBe(200);

    // cookie-authenticated changes need the frontend's Origin
    const create = (headers: Record<string, string>) =>
      api.call('POST', '/surveys', { json: { title: 'By cookie', json_questionnaire: questions }, headers: { cookie: `sd_session=${session}`, ...headers } });
    expect((await create({})).status).toBe(403);
    expect((await read(await create({ origin: 'https://evil.test' }))).error.code).toBe('cross_site_request');
    expect((await create({ origin: FRONTEND })).status).toBe(201);
    expect((await api.call('GET', '/surveys', { headers: { cookie: `sd_session=${session}` } })).status).toBe(200);

    const logout = await api.call('POST', '/auth/logout');
    expect(logout.status).toBe(204);
    expect(logout.headers.getSetCookie().some((c) => c.startsWith('sd_session=;') && /Max-Age=0/.test(c))).toBe(true);
  });

  it('signs in with Microsoft, checking the tenant-specific issuer', async () => {
    microsoft.setTweaks({});
    const callback = await signInWith('microsoft');
    expect(callback.status).toBe(302);
    const me = await read(await api.call('GET', '/auth/session', { headers: { cookie: `sd_session=${cookieValue(callback, 'sd_session')}` } }));
    expect(me.user.email).toBe('pat@contoso.test');

    microsoft.setTweaks({ claims: { tid: 'another-tenant' } });
    expect((await read(await signInWith('microsoft'))).error.code).toBe('invalid_id_token');
  });

  describe('identities', () => {
    const sessionOf = (response: Response) => ({ cookie: `sd_session=${cookieValue(response, 'sd_session')}` });
    const whoIs = async (headers: Record<string, string>) => (await read(await api.call('GET', '/auth/session', { headers }))).user;
    const surveysOf = async (headers: Record<string, string>) => (await read(await api.call('GET', '/surveys', { headers }))).items;
    const victimEmail = 'pat@gmail.test';

    it('never lets a Microsoft token from another tenant carrying the victim\'s email into the victim\'s account', async () => {
      google.setTweaks({});
      const victim = sessionOf(await signInWith('google'));
      const created = await api.call('POST', '/surveys', { json: { title: 'Victim survey', json_questionnaire: questions }, headers: { ...victim, origin: FRONTEND } });
      expect(created.status).toBe(201);
      const stolen = (await read(created)).id;
      const victimId = (await whoIs(victim)).id;

      // an attacker's own tenant, whose admin set the user's email (and username) to the victim's address
      for (const claims of [
        { email: victimEmail },
        { email: victimEmail, preferred_username: victimEmail },
        { preferred_username: victimEmail, email: undefined },
      ]) {
        microsoft.setTweaks({ claims: { tid: 'attacker-tenant', iss: `${microsoft.url}/attacker-tenant/v2.0`, oid: 'attacker-oid', ...claims } });
        const attacker = sessionOf(await signInWith('microsoft'));
        const account = await whoIs(attacker);
        expect(account.id).not.toBe(victimId);
        expect(await surveysOf(attacker)).toEqual([]);
        expect((await api.call('GET', `/surveys/${stolen}`, { headers: attacker })).status).toBe(404);
      }
      microsoft.setTweaks({});
    });

    it('joins accounts by email only when both providers assert it is verified, or when the signed-in user links them', async () => {
      google.setTweaks({ claims: { sub: 'google-kim', email: 'kim@contoso.test' } });
      const kimGoogle = await whoIs(sessionOf(await signInWith('google')));

      // Microsoft without the verified-domain claim: a separate account, whatever the email says
      microsoft.setTweaks({ claims: { oid: 'kim-oid', email: 'kim@contoso.test' } });
      const unverified = await whoIs(sessionOf(await signInWith('microsoft')));
      expect(unverified.id).not.toBe(kimGoogle.id);

      // the same tenant asserting it owns the email's domain (xms_edov): the same person
      microsoft.setTweaks({ claims: { oid: 'kim-oid-2', email: 'kim@contoso.test', xms_edov: true } });
      expect((await whoIs(sessionOf(await signInWith('microsoft')))).id).toBe(kimGoogle.id);

      // a signed-in user links another provider explicitly
      google.setTweaks({ claims: { sub: 'google-lee', email: 'lee@gmail.test' } });
      const lee = sessionOf(await signInWith('google'));
      const leeId = (await whoIs(lee)).id;
      microsoft.setTweaks({ claims: { oid: 'lee-oid', email: 'lee.work@contoso.test' } });
      const link = await api.call('GET', '/auth/microsoft/login?link=true', { headers: lee });
      expect(link.status).toBe(302);
      const consent = await fetch(new URL(link.headers.get('location')!), { redirect: 'manual' });
      const callback = new URL(consent.headers.get('location')!);
      const linked = await api.call('GET', `${callback.pathname}${callback.search}`, {
        headers: { cookie: `sd_oidc_flow=${cookieValue(link, 'sd_oidc_flow')}; ${lee.cookie}` },
      });
      expect(linked.status).toBe(302);
      expect((await whoIs(sessionOf(linked))).id).toBe(leeId);
      // and from then on that Microsoft identity signs in to Lee's account on its own
      expect((await whoIs(sessionOf(await signInWith('microsoft')))).id).toBe(leeId);
      // linking needs a signed-in user
      expect((await read(await api.call('GET', '/auth/microsoft/login?link=true'))).error.code).toBe('unauthorized');
      google.setTweaks({});
      microsoft.setTweaks({});
    });

    it('never links the dev sign-in to an account made by a provider, nor the reverse', async () => {
      google.setTweaks({ claims: { sub: 'google-dev-check', email: 'devcheck@gmail.test' } });
      const real = await whoIs(sessionOf(await signInWith('google')));
      const dev = await api.signIn('devcheck@gmail.test');
      expect(dev.userId).not.toBe(real.id);
      expect((await read(await api.call('GET', '/surveys', { token: dev.token }))).items).toEqual([]);

      const devFirst = await api.signIn('devfirst@gmail.test');
      google.setTweaks({ claims: { sub: 'google-dev-first', email: 'devfirst@gmail.test' } });
      expect((await whoIs(sessionOf(await signInWith('google')))).id).not.toBe(devFirst.userId);
      // the same dev email is the same dev account
      expect((await api.signIn('DEVFIRST@gmail.test')).userId).toBe(devFirst.userId);
      google.setTweaks({});
    });

    it('upgrades a Microsoft account made before identities were keyed by tenant and object id', async () => {
      const [legacy] = await api.engine.sql`insert into users (email) values ('legacy@contoso.test') returning id`;
      await api.engine.sql`
        insert into user_identities (user_id, provider, issuer, subject, email)
        values (${legacy!.id}, 'microsoft', 'legacy', 'legacy-sub', 'legacy@contoso.test')`;
      microsoft.setTweaks({ claims: { sub: 'legacy-sub', oid: 'legacy-oid', email: 'legacy@contoso.test' } });
      expect((await whoIs(sessionOf(await signInWith('microsoft')))).id).toBe(legacy!.id);
      const [row] = await api.engine.sql`select issuer, subject from user_identities where user_id = ${legacy!.id}`;
      expect(row).toEqual({ issuer: microsoft.tenant, subject: 'legacy-oid' });
      microsoft.setTweaks({});
    });
  });

  it('rejects expired, forged, wrong-audience, wrong-issuer, wrong-nonce and unverified ID tokens', async () => {
    const now = Math.floor(Date.now() / 1000);
    const bad: [string, TokenTweaks][] = [
      ['expired', { claims: { exp: now - 600, iat: now - 1200 } }],
      ['forged', { forge: true }],
      ['wrong audience', { claims: { aud: 'someone-else' } }],
      ['wrong issuer', { claims: { iss: 'https://impostor.test' } }],
      ['wrong nonce', { claims: { nonce: 'replayed' } }],
      ['unverified email', { claims: { email_verified: false } }],
    ];
    for (const [label, tweaks] of bad) {
      google.setTweaks(tweaks);
      const response = await signInWith('google');
      expect({ label, status: response.status }).toEqual({ label, status: 401 });
      expect((await read(response)).error.code).toBe('invalid_id_token');
      expect(cookieValue(response, 'sd_session')).toBeUndefined();
    }
    google.setTweaks({});
  });

  it('rejects a callback whose state or flow cookie does not match', async () => {
    google.setTweaks({});
    const wrongState = await signInWith('google', { state: 'tampered' });
    expect(wrongState.status).toBe(400);
    expect((await read(wrongState)).error.code).toBe('invalid_state');
    const noCookie = await signInWith('google', { dropFlowCookie: true });
    expect((await read(noCookie)).error.code).toBe('invalid_state');
    expect((await read(await api.call('GET', '/auth/github/login'))).error.code).toBe('provider_not_configured');
    const denied = await api.call('GET', '/auth/google/callback?error=access_denied&error_description=User+said+no');
    expect(denied.status).toBe(400);
  });

  it('rejects session tokens that are missing, malformed, forged, expired or for another audience', async () => {
    const secret = new TextEncoder().encode('test-secret-test-secret-test-secret-0123');
    const { userId } = await api.signIn('token-checks@example.test');
    const sign = (key: Uint8Array, audience: string, exp: number | string) =>
      new SignJWT({ email: 'x@example.test' }).setProtectedHeader({ alg: 'HS256' }).setSubject(userId)
        .setIssuer('survey-dialer').setAudience(audience).setExpirationTime(exp).sign(key);
    const cases: [string, Record<string, string>][] = [
      ['no token', {}],
      ['not bearer', { authorization: 'Basic abc' }],
      ['garbage', { authorization: 'Bearer not.a.jwt' }],
      ['forged', { authorization: `Bearer ${await sign(new TextEncoder().encode('x'.repeat(40)), 'survey-dialer-api', '1h')}` }],
      ['expired', { authorization: `Bearer ${await sign(secret, 'survey-dialer-api', Math.floor(Date.now() / 1000) - 60)}` }],
      ['wrong audience', { authorization: `Bearer ${await sign(secret, 'other-api', '1h')}` }],
    ];
    for (const [label, headers] of cases) {
      const response = await api.call('GET', '/surveys', { headers });
      expect({ label, status: response.status }).toEqual({ label, status: 401 });
    }
    expect((await api.call('GET', '/surveys', { headers: { authorization: `Bearer ${await sign(secret, 'survey-dialer-api', '1h')}` } })).status).toBe(200);
  });

  it('keeps dev sign-in out of production and off unless enabled', async () => {
    expect(() => loadConfig({ NODE_ENV: 'production', DEV_LOGIN: 'true', SESSION_SECRET: 'x'.repeat(32) })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/SESSION_SECRET: required/);
    const off = await createApiHarness({ env: { DEV_LOGIN: 'false' } });
    try {
      const response = await off.call('POST', '/auth/dev/login', { json: { email: 'a@b.test' } });
      expect(response.status).toBe(404);
    } finally {
      await off.close();
    }
  });
});
