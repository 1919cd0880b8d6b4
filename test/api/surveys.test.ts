import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiHarness, FIXTURE_FORM_URL, questions, read, type ApiHarness } from '../helpers/api-harness.ts';
import { mapAnswer } from '../../src/answers/map-answer.ts';
import { uniqueEmail } from '../helpers/harness.ts';

describe('surveys API', () => {
  let api: ApiHarness;
  let token: string;
  beforeAll(async () => {
    api = await createApiHarness({ env: { MAX_BODY_BYTES: '20000' } });
    ({ token } = await api.signIn(uniqueEmail('surveys')));
  });
  afterAll(() => api?.close());

  it('creates, lists, reads, changes and deletes a survey', async () => {
    const created = await api.call('POST', '/surveys', {
      token,
      json: { title: 'Customer check-in', json_questionnaire: questions, voice_agent_tone: 'professional', voice_agent_instructions: 'Keep it short.' },
    });
    expect(created.status).toBe(201);
    const survey = await read(created);
    expect(survey).toMatchObject({
      title: 'Customer check-in',
      voice_agent_tone: 'professional',
      voice_agent_voice: 'alloy',
      voice_agent_instructions: 'Keep it short.',
      contact_count: 0,
      google_form_url: null,
    });
    expect(survey.json_questionnaire).toHaveLength(3);
    expect(survey.json_questionnaire[0]).toMatchObject({ id: 'q1', required: false });

    const list = await read(await api.call('GET', '/surveys?limit=10', { token }));
    expect(list).toMatchObject({ total: 1, limit: 10, offset: 0 });
    expect(list.items[0].id).toBe(survey.id);

    const patched = await api.call('PATCH', `/surveys/${survey.id}`, { token, json: { title: 'Renamed', voice_agent_tone: 'casual' } });
    expect(patched.status).toBe(200);
    expect(await read(patched)).toMatchObject({ title: 'Renamed', voice_agent_tone: 'casual', voice_agent_instructions: 'Keep it short.' });
    expect((await read(await api.call('GET', `/surveys/${survey.id}`, { token }))).title).toBe('Renamed');

    expect((await api.call('DELETE', `/surveys/${survey.id}`, { token })).status).toBe(204);
    expect((await api.call('GET', `/surveys/${survey.id}`, { token })).status).toBe(404);
    expect((await api.call('DELETE', `/surveys/${survey.id}`, { token })).status).toBe(404);
  });

  it('imports the questions of a public Google Form, reporting what cannot be asked by phone', async () => {
    const response = await api.call('POST', '/surveys', {
      token,
      json: { title: 'From the form', google_form_url: FIXTURE_FORM_URL.replace('/viewform', '/edit?usp=sharing') },
    });
    expect(response.status).toBe(201);
    const survey = await read(response);
    expect(survey.google_form_url).toBe(FIXTURE_FORM_URL);
    expect(survey.json_questionnaire.map((q: { type: string }) => q.type)).toEqual([
      'multiple_choice', 'linear_scale', 'checkboxes', 'dropdown', 'short_text', 'paragraph', 'date', 'time',
    ]);
    expect(survey.import_warnings).toEqual([
      { position: 9, title: 'Rate each department', kind: 'grid', reason: 'grid questions cannot be asked over the phone' },
      { position: 10, title: 'Upload your receipt', kind: 'file upload', reason: 'file upload questions cannot be asked over the phone' },
    ]);
  });

  it('keeps the owner\'s option aliases, and the mapper counts them as naming the option; a Google Form import leaves them unset', async () => {
    const survey = await read(await api.call('POST', '/surveys', {
      token,
      json: { title: 'Where did you hear of us', json_questionnaire: [{ id: 'heard', text: 'Where did you hear of us?', type: 'multiple_choice', options: [{ id: 'gp', label: 'Doctor' }, { id: 'paper', label: 'Newspaper' }] }] },
    }));
    expect(mapAnswer(survey.json_questionnaire[0], 'my GP told me')).toMatchObject({ status: 'unclear' });

    const withAliases = [{ id: 'heard', text: 'Where did you hear of us?', type: 'multiple_choice', options: [{ id: 'gp', label: 'Doctor', aliases: ['  my GP ', 'the surgery'] }, { id: 'paper', label: 'Newspaper' }] }];
    const patched = await read(await api.call('PATCH', `/surveys/${survey.id}`, { token, json: { json_questionnaire: withAliases } }));
    expect(patched.json_questionnaire[0].options[0].aliases).toEqual(['my GP', 'the surgery']);
    expect(mapAnswer(patched.json_questionnaire[0], 'my GP told me')).toMatchObject({ status: 'mapped', value: 'gp' });

    const tooMany = structuredClone(withAliases);
    tooMany[0]!.options[0]!.aliases = Array.from({ length: 21 }, (_, k) => `word ${k}`);
    const refused = await api.call('PATCH', `/surveys/${survey.id}`, { token, json: { json_questionnaire: tooMany } });
    expect(refused.status).toBe(400);
    expect((await read(refused)).error.code).toBe('validation_failed');

    const imported = await read(await api.call('POST', '/surveys', { token, json: { title: 'Imported', google_form_url: FIXTURE_FORM_URL } }));
    const importedOptions = imported.json_questionnaire.flatMap((q: { options?: object[] }) => q.options ?? []);
    expect(importedOptions.length).toBeGreaterThan(0);
    expect(importedOptions.every((o: object) => !('aliases' in o))).toBe(true);
  });

  it('answers bad input with 4xx and a machine-readable body', async () => {
    const cases: [string, Parameters<ApiHarness['call']>[2], number, string][] = [
      ['POST /surveys', { token, body: '{"title": ', headers: { 'content-type': 'application/json' } }, 400, 'malformed_json'],
      ['POST /surveys', { token, body: 'title=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } }, 415, 'unsupported_media_type'],
      ['POST /surveys', { token, json: { title: '' } }, 400, 'validation_failed'],
      ['POST /surveys', { token, json: { title: 'x', json_questionnaire: [{ id: 'a', text: 'Pick', type: 'multiple_choice' }] } }, 400, 'validation_failed'],
      ['POST /surveys', { token, json: { title: 'x', json_questionnaire: questions, surprise: 1 } }, 400, 'validation_failed'],
      // a voice the agent does not have is refused, not silently spoken as alloy
      ['POST /surveys', { token, json: { title: 'x', json_questionnaire: questions, voice_agent_voice: 'robot' } }, 400, 'validation_failed'],
      ['POST /surveys', { token, json: { title: 'x', google_form_url: 'https://docs.google.com/forms/d/e/unreachable/viewform' } }, 422, 'form_import_failed'],
      ['POST /surveys', { token, json: { title: 'x', google_form_url: 'https://evil.test/forms/d/e/abc/viewform' } }, 422, 'form_import_failed'],
      ['POST /surveys', { token, json: { title: 'x'.repeat(30_000), json_questionnaire: questions } }, 413, 'payload_too_large'],
      ['GET /surveys/not-a-uuid', { token }, 404, 'not_found'],
      ['GET /surveys/6a1b7e0e-0000-4000-8000-000000000000', { token }, 404, 'not_found'],
      ['GET /surveys?limit=0', { token }, 400, 'validation_failed'],
      ['GET /nowhere', { token }, 404, 'not_found'],
    ];
    for (const [route, options, status, code] of cases) {
      const [method, path] = route.split(' ') as [string, string];
      const response = await api.call(method, path, options);
      expect({ route, status: response.status }).toEqual({ route, status });
      const body = await read(response);
      expect({ route, code: body.error.code }).toEqual({ route, code });
      expect(typeof body.error.message).toBe('string');
      expect(JSON.stringify(body)).not.toMatch(/at .*\.ts:\d+/);
    }
    const invalid = await read(await api.call('POST', '/surveys', { token, json: { title: 'x', json_questionnaire: [{ id: 'a', text: 'Pick', type: 'multiple_choice' }] } }));
    expect(invalid.error.details).toContainEqual({ path: 'json_questionnaire.0.options', message: 'multiple_choice needs at least two options' });
  });
});
