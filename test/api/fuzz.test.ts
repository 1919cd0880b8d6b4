import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorBodySchema } from '../../src/api/errors.ts';
import { createApiHarness, questions, read, type ApiHarness } from '../helpers/api-harness.ts';
import { uniqueEmail } from '../helpers/harness.ts';
import { pause } from '../helpers/wait-for.ts';
import { requestArbitrary, routesFromOpenApi, stateFingerprint, type FuzzContext } from '../fuzz/route-fuzz.ts';

/** `npm run fuzz -- --runs 5000` sets FUZZ_RUNS; the suite runs a few hundred. */
const runs = Number(process.env.FUZZ_RUNS ?? 300);
const REQUEST_BUDGET_MS = 20_000;

describe(`fuzzing every route of the OpenAPI document (${runs} runs)`, () => {
  let api: ApiHarness;
  let ctx: FuzzContext;
  let userIds: string[];

  beforeAll(async () => {
    // a schema of its own: the fingerprint counts every user and campaign, and other files run beside this one
    api = await createApiHarness({ callDelayMs: 5, env: { LAUNCH_WAIT_MS: '300' }, ownSchema: 'fuzz' });
    await api.engine.startWorker();
    const own = await api.signIn(uniqueEmail('fuzz'));
    const foreign = await api.signIn(uniqueEmail('fuzz-other'));
    const survey = await read(await api.call('POST', '/surveys', { token: own.token, json: { title: 'Fuzzed', json_questionnaire: questions } }));
    await api.call('POST', `/surveys/${survey.id}/contacts`, { token: own.token, body: 'name,phone\nA,+14155550101', headers: { 'content-type': 'text/csv' } });
    const launch = await read(await api.call('POST', '/campaigns/launch', { token: own.token, json: { survey_id: survey.id } }));
    await api.engine.result(launch.campaign_id);
    const other = await read(await api.call('POST', '/surveys', { token: foreign.token, json: { title: 'Not yours', json_questionnaire: questions } }));
    userIds = [own.userId, foreign.userId];
    ctx = { ownIds: [survey.id, launch.campaign_id], foreignIds: [other.id], tokens: { own: own.token, foreign: foreign.token } };
  });
  afterAll(async () => {
    await api?.close();
  });

  it('covers every documented route', () => {
    const routes = routesFromOpenApi();
    expect(routes.length).toBeGreaterThanOrEqual(25);
    expect(routes.map((r) => `${r.method} ${r.path}`)).toEqual(expect.arrayContaining(['POST /campaigns/launch', 'POST /surveys/{surveyId}/contacts', 'POST /auth/dev/login']));
  });

  it('answers hostile requests with no 5xx, the one error body, and no state change when it refuses', async () => {
    const routes = routesFromOpenApi();
    await fc.assert(
      fc.asyncProperty(requestArbitrary(routes, ctx), async (request) => {
        const before = await stateFingerprint(api.engine.sql, userIds);
        // a request that never answers is a finding too: name it instead of timing the whole run out
        const answered = (async () => {
          const response = await api.app.request(request.url, { method: request.method, headers: request.headers, body: request.body });
          return { response, text: await response.text() };
        })();
        const { response, text } = await Promise.race([
          answered,
          pause(REQUEST_BUDGET_MS).then(() => {
            throw new Error(`${request.method} ${request.url} did not answer within ${REQUEST_BUDGET_MS} ms`);
          }),
        ]);
        // the routes that wait on provisioning or release may answer 504 (provisioning_slow, release_slow) (a documented answer, not a fault); nothing else is 5xx
        const waitsOnEngine = response.status === 504 && /^\/campaigns\/(launch|provision-number|release-number)\b/.test(request.url);
        if (!waitsOnEngine) expect(response.status, `${request.method} ${request.url}: ${text.slice(0, 300)}`).toBeLessThan(500);
        if (response.status >= 400) {
          expect(response.headers.get('content-type'), `${request.method} ${request.url}`).toContain('application/json');
          expect(errorBodySchema.safeParse(JSON.parse(text)).success, `${request.method} ${request.url}: ${text.slice(0, 300)}`).toBe(true);
          expect(await stateFingerprint(api.engine.sql, userIds), `${request.method} ${request.url} changed state and answered ${response.status}`).toBe(before);
        }
      }),
      { numRuns: runs, endOnFailure: true },
    );
  }, Math.max(180_000, runs * 600)); // generous: a loaded 2-core CI machine runs it several times slower
});
