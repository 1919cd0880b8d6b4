import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiHarness, questions, read, type ApiHarness } from '../helpers/api-harness.ts';
import { uniqueEmail } from '../helpers/harness.ts';

/** Every user-scoped route, with another user's ids substituted in. */
const routes = (ids: { survey: string; campaign: string }): [string, string, unknown?][] => [
  ['GET', `/surveys/${ids.survey}`],
  ['PATCH', `/surveys/${ids.survey}`, { title: 'hijacked' }],
  ['DELETE', `/surveys/${ids.survey}`],
  ['POST', `/surveys/${ids.survey}/contacts`, { contacts: [{ phone_number: '+14155550199' }] }],
  ['GET', `/surveys/${ids.survey}/contacts`],
  ['GET', `/surveys/${ids.survey}/responses`],
  ['GET', `/surveys/${ids.survey}/responses?format=csv`],
  ['POST', '/campaigns/launch', { survey_id: ids.survey }],
  ['GET', `/campaigns/${ids.campaign}`],
  ['GET', `/campaigns/${ids.campaign}/status`],
  ['GET', `/campaigns/${ids.survey}/status`],
  ['GET', `/campaigns/${ids.campaign}/calls`],
  ['POST', `/campaigns/${ids.campaign}/pause`],
  ['POST', `/campaigns/${ids.campaign}/resume`],
  ['POST', `/campaigns/${ids.campaign}/cancel`, { hang_up: true }],
  ['POST', `/campaigns/${ids.campaign}/retry`],
];

describe('tenant isolation', () => {
  let api: ApiHarness;
  let alice: string;
  let bob: string;
  let ids: { survey: string; campaign: string };

  beforeAll(async () => {
    api = await createApiHarness({ callDelayMs: 5 });
    await api.engine.startWorker();
    alice = (await api.signIn(uniqueEmail('alice'))).token;
    bob = (await api.signIn(uniqueEmail('bob'))).token;
    const survey = await read(await api.call('POST', '/surveys', { token: alice, json: { title: 'Alice only', json_questionnaire: questions } }));
    await api.call('POST', `/surveys/${survey.id}/contacts`, { token: alice, json: { contacts: [{ phone_number: '+14155550150' }, { phone_number: '+14155550151' }] } });
    const launched = await read(await api.call('POST', '/campaigns/launch', { token: alice, json: { survey_id: survey.id } }));
    ids = { survey: survey.id, campaign: launched.campaign_id };
    await api.engine.result(launched.campaign_id);
  });
  afterAll(() => api?.close());

  it("answers 404 for every route given another user's ids", async () => {
    for (const [method, path, json] of routes(ids)) {
      const response = await api.call(method, path, { token: bob, json });
      expect({ method, path, status: response.status }).toEqual({ method, path, status: 404 });
      expect((await read(response)).error.code).toBe('not_found');
    }
  });

  it("lists none of another user's data", async () => {
    expect(await read(await api.call('GET', '/surveys', { token: bob }))).toMatchObject({ items: [], total: 0 });
    expect(await read(await api.call('GET', '/campaigns', { token: bob }))).toMatchObject({ items: [], total: 0 });
    expect(await read(await api.call('GET', '/campaigns/phone-number', { token: bob }))).toEqual({
      phone_number: null,
      status: 'not_provisioned',
      provisioned_at: null,
      trunk_id: null,
    });
    const mine = await read(await api.call('GET', '/campaigns/phone-number', { token: alice }));
    expect(mine.status).toBe('provisioned');
  });

  it('refuses every route without a session, and leaves the owner\'s data untouched', async () => {
    for (const [method, path, json] of [...routes(ids), ['GET', '/surveys'], ['GET', '/campaigns'], ['GET', '/campaigns/phone-number'], ['POST', '/campaigns/provision-number'], ['POST', '/campaigns/release-number']] as [string, string, unknown?][]) {
      const response = await api.call(method, path, { json });
      expect({ method, path, status: response.status }).toEqual({ method, path, status: 401 });
    }
    const survey = await read(await api.call('GET', `/surveys/${ids.survey}`, { token: alice }));
    expect(survey).toMatchObject({ title: 'Alice only', contact_count: 2 });
    const status = await read(await api.call('GET', `/campaigns/${ids.survey}/status`, { token: alice }));
    expect(status).toMatchObject({ campaign_id: ids.campaign, status: 'completed', completed_calls: 2 });
  });
});
