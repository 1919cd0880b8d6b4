import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiHarness, questions, read, type ApiHarness, type CallOptions } from '../helpers/api-harness.ts';
import { uniqueEmail } from '../helpers/harness.ts';

// PostgreSQL's text and jsonb cannot hold U+0000: each of these was a 500 from the database
describe('text holding the NUL character (U+0000)', () => {
  let api: ApiHarness;
  let token: string;
  let userId: string;
  beforeAll(async () => {
    api = await createApiHarness({ callDelayMs: 5 });
    ({ token, userId } = await api.signIn(uniqueEmail('nul')));
  });
  afterAll(() => api?.close());

  it('is refused with a 400 naming where it is, in JSON and CSV bodies and query strings alike, and nothing is stored', async () => {
    const survey = await read(await api.call('POST', '/surveys', { token, json: { title: 'Kept', json_questionnaire: questions } }));
    const csv = (text: string): CallOptions => ({ token, body: text, headers: { 'content-type': 'text/csv' } });
    const cases: [string, string, CallOptions, string, unknown][] = [
      ['POST', '/surveys', { token, json: { title: 'a\u0000b', json_questionnaire: questions } }, 'validation_failed', [{ path: 'title', message: expect.stringMatching(/NUL/) }]],
      ['PATCH', `/surveys/${survey.id}`, { token, json: { title: 'x\u0000' } }, 'validation_failed', [{ path: 'title', message: expect.stringMatching(/NUL/) }]],
      ['POST', `/surveys/${survey.id}/contacts`, { token, json: { contacts: [{ phone_number: '+14155550100', participant_name: 'A\u0000' }] } }, 'validation_failed', [{ path: 'contacts.0.participant_name', message: expect.stringMatching(/NUL/) }]],
      ['POST', `/surveys/${survey.id}/contacts`, csv('name,phone\nA,+14155550101\nB\u0000,+14155550102'), 'malformed_csv', { line: 3 }],
      ['POST', '/do-not-call', { token, json: { phone_number: '+14155550103', reason: 'r\u0000' } }, 'validation_failed', [{ path: 'reason', message: expect.stringMatching(/NUL/) }]],
      ['POST', '/do-not-call/import', csv('phone,reason\n+14155550104,x\u0000'), 'malformed_csv', { line: 2 }],
      ['POST', '/api-keys', { token, json: { name: 'k', scopes: ['read'], ['\u0000']: 1 } }, 'validation_failed', [{ path: '\u0000', message: expect.stringMatching(/NUL/) }]],
      // a cursor the schema would refuse anyway, and a parameter no route reads: the same rule first
      ['GET', '/do-not-call?after=%2B1415%00', { token }, 'validation_failed', [{ path: 'after', message: expect.stringMatching(/NUL/) }]],
      ['GET', '/surveys?note=a%00', { token }, 'validation_failed', [{ path: 'note', message: expect.stringMatching(/NUL/) }]],
    ];
    for (const [method, path, options, code, details] of cases) {
      const response = await api.call(method, path, options);
      expect({ path, status: response.status, error: (await read(response)).error }).toEqual({ path, status: 400, error: { code, message: expect.any(String), details } });
    }
    const sql = api.engine.sql;
    expect(await sql`select title from surveys where user_id = ${userId}`).toEqual([{ title: 'Kept' }]);
    expect(await sql`select 1 from contacts where user_id = ${userId}`).toEqual([]);
    expect(await sql`select 1 from do_not_call where user_id = ${userId}`).toEqual([]);
    expect(await sql`select 1 from api_keys where user_id = ${userId}`).toEqual([]);
  });
});
