import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FORMS_READ_SCOPE } from '../../src/surveys/google-form/forms-api.ts';
import { createApiHarness, FRONTEND, read, type ApiHarness } from '../helpers/api-harness.ts';
import { listenOnLoopback } from '../helpers/loopback-server.ts';
import { startOidcProvider } from '../helpers/oidc-provider.ts';

const FORM_ID = '1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789';
/** A Forms API `Form` resource, as GET /v1/forms/{formId} returns it. */
const formResource = {
  formId: FORM_ID,
  info: { title: 'Private feedback', documentTitle: 'Private feedback (internal)' },
  responderUri: `https://docs.google.com/forms/d/e/1FAIpQLSfPrivate/viewform`,
  items: [
    { itemId: '1', title: 'Which plan are you on?', questionItem: { question: { questionId: '0a1b2c3d', required: true, choiceQuestion: { type: 'RADIO', options: [{ value: 'Basic' }, { value: 'Pro' }, { isOther: true }] } } } },
    { itemId: '2', title: 'How likely are you to renew?', questionItem: { question: { questionId: '7f000001', scaleQuestion: { low: 1, high: 5, lowLabel: 'Unlikely', highLabel: 'Certain' } } } },
    { itemId: '3', title: 'Section two', pageBreakItem: {} },
    { itemId: '4', title: 'Rate each feature', questionGroupItem: { questions: [], grid: { columns: { type: 'RADIO', options: [] } } } },
    { itemId: '5', title: 'Anything else?', questionItem: { question: { questionId: '00000010', textQuestion: { paragraph: true } } } },
  ],
};

describe('importing a private form through the Google Forms API', () => {
  let api: ApiHarness;
  let google: Awaited<ReturnType<typeof startOidcProvider>>;
  let formsApi: { url: string; tokens: string[]; close(): Promise<void> };
  let session = '';

  beforeAll(async () => {
    google = await startOidcProvider({ clientId: 'google-client', clientSecret: 'google-secret', email: 'owner@gmail.test' });
    const tokens: string[] = [];
    const app = new Hono();
    app.get('/v1/forms/:id', (c) => {
      const token = (c.req.header('authorization') ?? '').replace(/^Bearer /, '');
      tokens.push(token);
      if (!token.startsWith('access-')) return c.json({ error: { code: 401, status: 'UNAUTHENTICATED' } }, 401);
      return c.req.param('id') === FORM_ID ? c.json(formResource) : c.json({ error: { code: 404, status: 'NOT_FOUND' } }, 404);
    });
    formsApi = { ...(await listenOnLoopback(app)), tokens };
    api = await createApiHarness({
      env: {
        GOOGLE_CLIENT_ID: 'google-client',
        GOOGLE_CLIENT_SECRET: 'google-secret',
        GOOGLE_ISSUER: google.url,
        GOOGLE_REQUEST_FORMS_ACCESS: 'true',
        GOOGLE_FORMS_API_URL: formsApi.url,
      },
    });
    const login = await api.call('GET', '/auth/google/login');
    const authorize = new URL(login.headers.get('location')!);
    expect(authorize.searchParams.get('scope')).toBe(`openid email profile ${FORMS_READ_SCOPE}`);
    expect(authorize.searchParams.get('access_type')).toBe('offline');
    const flow = login.headers.getSetCookie().find((c) => c.startsWith('sd_oidc_flow='))!.split(';')[0]!;
    const consent = await fetch(authorize, { redirect: 'manual' });
    const callback = new URL(consent.headers.get('location')!);
    const done = await api.call('GET', `${callback.pathname}${callback.search}`, { headers: { cookie: flow } });
    session = done.headers.getSetCookie().find((c) => c.startsWith('sd_session='))!.split(';')[0]!;
  });
  afterAll(async () => {
    await api?.close();
    await google?.close();
    await formsApi?.close();
  });

  const importForm = () =>
    api.call('POST', '/surveys', {
      json: { title: 'Renewals', google_form_url: `https://docs.google.com/forms/d/${FORM_ID}/edit` },
      headers: { cookie: session, origin: FRONTEND },
    });

  it('reads the form with the token the sign-in granted, sealed at rest', async () => {
    const response = await importForm();
    expect(response.status).toBe(201);
    const survey = await read(response);
    expect(survey.google_form_url).toBe(formResource.responderUri);
    expect(survey.json_questionnaire).toEqual([
      { id: 'entry_169552957', text: 'Which plan are you on?', type: 'multiple_choice', required: true, google_entry_id: 'entry.169552957', options: [{ id: 'basic', label: 'Basic' }, { id: 'pro', label: 'Pro' }, { id: 'other', label: 'Other' }] },
      { id: 'entry_2130706433', text: 'How likely are you to renew?', type: 'linear_scale', required: false, google_entry_id: 'entry.2130706433', scale: { min: 1, max: 5, min_label: 'Unlikely', max_label: 'Certain' } },
      { id: 'entry_16', text: 'Anything else?', type: 'paragraph', required: false, google_entry_id: 'entry.16' },
    ]);
    expect(survey.import_warnings).toEqual([{ position: 3, title: 'Rate each feature', kind: 'grid', reason: 'grid questions cannot be asked over the phone' }]);
    const [stored] = await api.engine.sql`
      select t.access_token_sealed, t.refresh_token_sealed, t.scope from oauth_tokens t join users u on u.id = t.user_id
      where u.email = 'owner@gmail.test'`;
    expect(stored!.scope).toContain(FORMS_READ_SCOPE);
    expect(stored!.access_token_sealed).not.toContain(formsApi.tokens[0]!);
  });

  it('refreshes an expired token before calling the API', async () => {
    const mine = api.engine.sql`select id from users where email = 'owner@gmail.test'`;
    await api.engine.sql`update oauth_tokens set expires_at = now() - interval '1 minute' where user_id in (${mine})`;
    const before = formsApi.tokens.length;
    expect((await importForm()).status).toBe(201);
    const used = formsApi.tokens.slice(before);
    expect(used).toHaveLength(1);
    expect(used[0]).not.toBe(formsApi.tokens[0]);
    const [row] = await api.engine.sql`select expires_at > now() as fresh from oauth_tokens where user_id in (${api.engine.sql`select id from users where email = 'owner@gmail.test'`})`;
    expect(row!.fresh).toBe(true);
  });
});
