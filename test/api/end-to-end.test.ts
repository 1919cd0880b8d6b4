import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpServer } from '../../src/api/create-api.ts';
import { createApiHarness, questions, type ApiHarness } from '../helpers/api-harness.ts';
import { uniqueEmail } from '../helpers/harness.ts';
import { waitFor } from '../helpers/wait-for.ts';
import { retryClasses } from '../../src/domain/retry-plan.ts';

describe('the service over real HTTP with a real worker and Temporal server', () => {
  let api: ApiHarness;
  let http: Awaited<ReturnType<typeof startHttpServer>>;
  let token = '';
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const call = async (method: string, path: string, body?: unknown, type = 'application/json'): Promise<{ status: number; body: any; text: string }> => {
    const response = await fetch(`${http.url}${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': type } : {}) },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    const isJson = response.headers.get('content-type')?.includes('json');
    return { status: response.status, body: isJson ? JSON.parse(text) : null, text };
  };

  beforeAll(async () => {
    // the launch waits (bounded) for the calling number; the suite's parallel load made 15 s too short once
    api = await createApiHarness({ callDelayMs: 30, outcomeMix: { completed: 3, no_answer: 1 }, env: { HOST: '127.0.0.1', PORT: '0', LAUNCH_WAIT_MS: '60000' } });
    await api.engine.startWorker();
    http = await startHttpServer(api.deps);
  });
  afterAll(async () => {
    await http?.close();
    await api?.close();
  });

  it('sign in → survey → CSV upload → launch → status to completion → responses', async () => {
    expect((await call('GET', '/healthz')).body).toEqual({ status: 'ok' });
    expect((await call('GET', '/readyz')).body).toEqual({ status: 'ready', checks: { postgres: 'ok', temporal: 'ok' } });

    const session = await call('POST', '/auth/dev/login', { email: uniqueEmail('e2e'), name: 'E2E' });
    expect(session.status).toBe(200);
    token = session.body.token;

    const survey = await call('POST', '/surveys', { title: 'E2E survey', json_questionnaire: questions, max_concurrent_calls: 4 });
    expect(survey.status).toBe(201);
    const surveyId = survey.body.id;

    const empty = await call('POST', '/campaigns/launch', { survey_id: surveyId });
    expect(empty.status).toBe(400);
    expect(empty.body.error.code).toBe('no_contacts');

    const rows = Array.from({ length: 20 }, (_, i) => `Person ${i},+1415555${String(1000 + i)},branch-${i % 3}`);
    const upload = await call('POST', `/surveys/${surveyId}/contacts`, ['name,phone,branch', ...rows].join('\n'), 'text/csv');
    expect(upload.status).toBe(201);
    expect(upload.body).toMatchObject({ imported: 20, rejected: 0 });

    const launch = await call('POST', '/campaigns/launch', { survey_id: surveyId, test_mode: false });
    expect(launch.status).toBe(200);
    expect(launch.body).toMatchObject({ status: 'launching', total_contacts: 20, estimated_duration_minutes: 15 });
    expect(launch.body.phone_number).toMatch(/^\+1\d{10}$/);
    expect(launch.body.message).toBe(`Survey campaign launched! Calling from ${launch.body.phone_number}`);
    const campaignId = launch.body.campaign_id;

    const again = await call('POST', '/campaigns/launch', { survey_id: surveyId });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'campaign_already_running', details: { campaign_id: campaignId } });

    // the seed's frontend polls by survey id
    const status = await waitFor(`GET /campaigns/${surveyId}/status to say completed`, async () => {
      const body = (await call('GET', `/campaigns/${surveyId}/status`)).body;
      return body.status === 'completed' ? body : null;
    }, 30_000, 50);
    expect(status).toMatchObject({ campaign_id: campaignId, status: 'completed', total_contacts: 20, pending_calls: 0, in_progress_calls: 0, completion_percentage: 100 });
    expect(status.completed_calls + status.failed_calls).toBe(20);

    const calls = await call('GET', `/campaigns/${campaignId}/calls?limit=50`);
    expect(calls.body.items).toHaveLength(20);
    expect(calls.body.items.every((c: { state: string }) => c.state === 'finished')).toBe(true);
    expect(calls.body.items.filter((c: { outcome: string }) => c.outcome === 'completed')).toHaveLength(status.completed_calls);

    const responses = await call('GET', `/surveys/${surveyId}/responses`);
    expect(responses.body.questions.map((q: { id: string }) => q.id)).toEqual(['q1', 'q2', 'q3']);
    expect(responses.body.items).toHaveLength(status.completed_calls);
    const first = responses.body.items[0];
    expect(Object.keys(first.answers).sort()).toEqual(['q1', 'q2', 'q3']);
    expect(['web', 'friend']).toContain(first.answers.q1.mapped_value);

    const csv = await call('GET', `/surveys/${surveyId}/responses?format=csv`);
    const lines = csv.text.trim().split('\n');
    expect(lines[0]).toBe('contact_id,participant_name,phone_number,campaign_id,call_id,outcome,answered_at,q1,q1__raw,q1__confidence,q2,q2__raw,q2__confidence,q3,q3__raw,q3__confidence');
    expect(lines).toHaveLength(status.completed_calls + 1);
    expect(lines[1]).toMatch(/,(Online|A friend),/);

    const list = await call('GET', '/campaigns');
    expect(list.body.items[0]).toMatchObject({ campaign_id: campaignId, status: 'completed', total_contacts: 20, survey_title: 'E2E survey' });
    const number = await call('GET', '/campaigns/phone-number');
    expect(number.body).toMatchObject({ status: 'provisioned', phone_number: launch.body.phone_number });
    expect(number.body.trunk_id).toMatch(/^ST_/);
    const provision = await call('POST', '/campaigns/provision-number');
    expect(provision.body).toEqual({ status: 'provisioned', phone_number: launch.body.phone_number, message: `Your calling number is ${launch.body.phone_number}` });

    // release: refused while a campaign runs, then the number goes back and the trunk is retired
    const release = await call('POST', '/campaigns/release-number');
    expect(release.body).toEqual({ status: 'released', phone_number: launch.body.phone_number, message: `${launch.body.phone_number} was released` });
    expect((await call('GET', '/campaigns/phone-number')).body).toEqual({ phone_number: null, status: 'not_provisioned', provisioned_at: null, trunk_id: null });
    const [history] = await api.engine.sql`select status, released_at from phone_numbers where phone_number = ${launch.body.phone_number}`;
    expect(history!.status).toBe('released');
    expect(history!.released_at).toBeInstanceOf(Date);
    expect((await call('POST', '/campaigns/release-number')).body.status).toBe('not_provisioned');

    // test mode dials one contact only (and provisions a number again)
    const test = await call('POST', '/campaigns/launch', { survey_id: surveyId, test_mode: true });
    expect(test.body.total_contacts).toBe(1);
    await api.engine.result(test.body.campaign_id);
    expect((await call('GET', `/campaigns/${test.body.campaign_id}/calls`)).body.items).toHaveLength(1);
  });

  it('serves an OpenAPI 3.1 document and a docs page', async () => {
    const doc = await call('GET', '/openapi.json');
    expect(doc.body.openapi).toBe('3.1.0');
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/campaigns/launch', '/surveys/{surveyId}/contacts', '/campaigns/{id}/status']));
    expect(doc.body.paths['/campaigns/launch'].post.requestBody.content['application/json'].schema.properties.survey_id).toMatchObject({ type: 'string', format: 'uuid' });
    // each outcome class a retry policy limits is a named property, so clients (the web app) can type them
    const perOutcome = doc.body.paths['/surveys/{surveyId}'].patch.requestBody.content['application/json'].schema.properties.retry_policy.anyOf[0].properties.per_outcome;
    expect(Object.keys(perOutcome.properties)).toEqual([...retryClasses]);
    expect(perOutcome.additionalProperties).toBe(false);
    const docs = await fetch(`${http.url}/docs`);
    expect(docs.status).toBe(200);
    // the page's start-up script is a served file; it points Swagger UI at the document
    expect(await docs.text()).toContain('/docs/docs-init.js');
    expect(await (await fetch(`${http.url}/docs/docs-init.js`)).text()).toContain('/openapi.json');
  });
});
