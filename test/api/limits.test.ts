import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorBodySchema } from '../../src/api/errors.ts';
import { rateLimits } from '../../src/api/rate-limits.ts';
import { MAX_CONTACT_COLUMNS } from '../../src/contacts/contact-schemas.ts';
import { createApiHarness, questions, read, type ApiHarness } from '../helpers/api-harness.ts';
import { uniqueEmail } from '../helpers/harness.ts';

describe('rate limits and request bounds', () => {
  let api: ApiHarness;
  // every test speaks from its own address (TRUST_PROXY: the proxy's X-Forwarded-For), so budgets do not mix
  let nextIp = 10;
  const freshIp = () => `203.0.113.${nextIp++}`;

  beforeAll(async () => {
    // no worker and no wait: a launch starts its workflow and answers at once, and a second one conflicts (409)
    api = await createApiHarness({ env: { TRUST_PROXY: 'true', LAUNCH_WAIT_MS: '0' } });
  });
  afterAll(async () => {
    await api?.close();
  });

  const expectRateLimited = async (response: Response) => {
    expect(response.status).toBe(429);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    const body = await read(response);
    expect(errorBodySchema.parse(body).error.code).toBe('rate_limited');
    expect(body.error.details.retry_after_seconds).toBe(Number(response.headers.get('retry-after')));
  };

  it(`refuses sign-in past ${rateLimits.signIn.perIp.limit} a minute from one address, and only from that address`, async () => {
    const ip = freshIp();
    const signIn = (from: string, email = uniqueEmail('rl')) =>
      api.call('POST', '/auth/dev/login', { json: { email }, headers: { 'x-forwarded-for': `198.51.100.1, ${from}` } });
    for (let i = 0; i < rateLimits.signIn.perIp.limit; i++) expect((await signIn(ip)).status).toBe(200);
    // the refused sign-in's own email: other files sign users in meanwhile, so the table's count says nothing
    const refused = uniqueEmail('rl-refused');
    await expectRateLimited(await signIn(ip, refused));
    expect(await api.engine.sql`select id from users where email = ${refused}`).toEqual([]);
    expect((await signIn(freshIp())).status).toBe(200);
    // OIDC sign-in shares the budget
    expect((await api.call('GET', '/auth/google/login', { headers: { 'x-forwarded-for': ip } })).status).toBe(429);
  });

  it(`refuses launches past ${rateLimits.launch.perUser.limit} a minute per user, whatever the address`, async () => {
    const { token } = await api.signIn(uniqueEmail('rl-launch'));
    const survey = await read(await api.call('POST', '/surveys', { token, json: { title: 'Launched', json_questionnaire: questions } }));
    await api.call('POST', `/surveys/${survey.id}/contacts`, { token, body: 'phone\n+14155550100', headers: { 'content-type': 'text/csv' } });
    const launch = (t: string, json: object = { survey_id: survey.id }) => api.call('POST', '/campaigns/launch', { token: t, json, headers: { 'x-forwarded-for': freshIp() } });
    // malformed launches cost nothing past validation and do not count
    for (let i = 0; i < rateLimits.launch.perUser.limit + 2; i++) expect((await launch(token, { survey_id: 'not-a-uuid' })).status).toBe(400);
    expect((await launch(token)).status).toBe(200);
    for (let i = 1; i < rateLimits.launch.perUser.limit; i++) expect((await launch(token)).status).toBe(409);
    await expectRateLimited(await launch(token));
    // provisioning a number draws on the same budget
    await expectRateLimited(await api.call('POST', '/campaigns/provision-number', { token, headers: { 'x-forwarded-for': freshIp() } }));
    const other = await api.signIn(uniqueEmail('rl-launch-other'));
    expect((await api.call('POST', '/campaigns/launch', { token: other.token, json: { survey_id: survey.id }, headers: { 'x-forwarded-for': freshIp() } })).status).toBe(404);
  });

  it(`refuses uploads past ${rateLimits.upload.perIp.limit} a minute from one address, across users`, async () => {
    const ip = freshIp();
    const upload = async () => {
      const { token } = await api.signIn(uniqueEmail('rl-upload'));
      return api.call('POST', '/surveys/00000000-0000-4000-8000-000000000000/contacts', { token, body: 'phone\n+14155550100', headers: { 'content-type': 'text/csv', 'x-forwarded-for': ip } });
    };
    // per user first: one user's budget is smaller than the address's
    const { token } = await api.signIn(uniqueEmail('rl-upload-one'));
    for (let i = 0; i < rateLimits.upload.perUser.limit; i++) {
      expect((await api.call('POST', '/surveys/00000000-0000-4000-8000-000000000000/contacts', { token, body: 'phone\n1', headers: { 'content-type': 'text/csv', 'x-forwarded-for': ip } })).status).toBe(404);
    }
    await expectRateLimited(await api.call('POST', '/surveys/00000000-0000-4000-8000-000000000000/contacts', { token, body: 'phone\n1', headers: { 'content-type': 'text/csv', 'x-forwarded-for': ip } }));
    // the address's budget counts every user's uploads (the refused one above included)
    for (let i = rateLimits.upload.perUser.limit + 1; i < rateLimits.upload.perIp.limit; i++) expect((await upload()).status).toBe(404);
    await expectRateLimited(await upload());
  });

  it(`bounds CSV uploads to ${MAX_CONTACT_COLUMNS} columns and JSON contacts to as many fields`, async () => {
    const { token } = await api.signIn(uniqueEmail('wide'));
    const survey = await read(await api.call('POST', '/surveys', { token, json: { title: 'Wide', json_questionnaire: questions } }));
    const header = ['phone', ...Array.from({ length: MAX_CONTACT_COLUMNS }, (_, i) => `c${i}`)].join(',');
    const wide = await api.call('POST', `/surveys/${survey.id}/contacts`, { token, body: `${header}\n+14155550100`, headers: { 'content-type': 'text/csv' } });
    expect(wide.status).toBe(400);
    expect((await read(wide)).error.message).toContain(`at most ${MAX_CONTACT_COLUMNS}`);
    const variables = Object.fromEntries(Array.from({ length: MAX_CONTACT_COLUMNS + 1 }, (_, i) => [`v${i}`, 'x']));
    const json = await read(await api.call('POST', `/surveys/${survey.id}/contacts`, { token, json: { contacts: [{ phone_number: '+14155550100', variables }] } }));
    expect(json).toMatchObject({ imported: 0, rejected: 1 });
    expect((await api.engine.sql`select count(*)::int as n from contacts where survey_id = ${survey.id}`)[0]!.n).toBe(0);
  });

  it('bounds request bodies (413 in the one error body)', async () => {
    const { token } = await api.signIn(uniqueEmail('big'));
    const big = await api.call('POST', '/surveys', { token, body: JSON.stringify({ title: 'x'.repeat(api.deps.config.http.maxBodyBytes) }), headers: { 'content-type': 'application/json' } });
    expect(big.status).toBe(413);
    expect(errorBodySchema.parse(await read(big)).error.code).toBe('payload_too_large');
  });
});
