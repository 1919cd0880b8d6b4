import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiHarness, questions, read, type ApiHarness } from '../helpers/api-harness.ts';
import { uniqueEmail } from '../helpers/harness.ts';

describe('calls, answer review and the do-not-call list', () => {
  let api: ApiHarness;
  let token: string;
  let userId: string;
  let bob: string;
  let surveyId: string;
  let campaignId: string;
  beforeAll(async () => {
    api = await createApiHarness({ callDelayMs: 5 });
    await api.engine.startWorker();
    ({ token, userId } = await api.signIn(uniqueEmail('calls')));
    bob = (await api.signIn(uniqueEmail('calls-bob'))).token;
    const survey = await read(await api.call('POST', '/surveys', { token, json: { title: 'Reviewed', json_questionnaire: questions } }));
    surveyId = survey.id;
    await api.call('POST', '/do-not-call', { token, json: { phone_number: '(415) 555-0182', reason: 'asked by email' } });
    await api.call('POST', `/surveys/${surveyId}/contacts`, { token, json: { contacts: [{ phone_number: '+14155550181' }, { phone_number: '+14155550182' }] } });
    campaignId = (await read(await api.call('POST', '/campaigns/launch', { token, json: { survey_id: surveyId } }))).campaign_id;
    await api.engine.result(campaignId);
  });
  afterAll(() => api?.close());

  const completedCall = async () => {
    const [call] = await api.engine.sql<{ id: string }[]>`select id from calls where campaign_id = ${campaignId} and outcome = 'completed'`;
    return call!.id;
  };

  it('shows a call with its transcript, answers, usage and attempts', async () => {
    const callId = await completedCall();
    const call = await read(await api.call('GET', `/calls/${callId}`, { token }));
    expect(call).toMatchObject({ call_id: callId, campaign_id: campaignId, survey_id: surveyId, attempt: 1, outcome: 'completed' });
    expect(call.transcript.length).toBeGreaterThan(0);
    expect(call.answers.map((a: { question_id: string }) => a.question_id)).toEqual(['q1', 'q2', 'q3']);
    expect(call.attempts).toEqual([expect.objectContaining({ call_id: callId, attempt: 1 })]);
    expect(call.talk_seconds).toBeGreaterThanOrEqual(0);
  });

  it('lists unclear answers and keeps a reviewer\'s value with who and when', async () => {
    const callId = await completedCall();
    await api.engine.sql`update responses set method = 'unclear', mapped_value = null where call_id = ${callId} and question_id = 'q1'`;
    const unclear = await read(await api.call('GET', `/surveys/${surveyId}/unclear-answers`, { token }));
    expect(unclear.items).toEqual([expect.objectContaining({ call_id: callId, question_id: 'q1' })]);

    const responseId = unclear.items[0].response_id;
    const reviewed = await api.call('PATCH', `/responses/${responseId}`, { token, json: { mapped_value: 'friend' } });
    expect(reviewed.status).toBe(200);
    expect(await read(reviewed)).toMatchObject({ method: 'manual', mapped_value: 'friend', reviewed_by: userId, reviewed_at: expect.any(String) });
    expect((await read(await api.call('GET', `/surveys/${surveyId}/unclear-answers`, { token }))).items).toEqual([]);
    expect((await api.call('PATCH', `/responses/${responseId}`, { token, json: { mapped_value: { nested: true } } })).status).toBe(400);
  });

  it('pages the review queue by cursor, oldest first, answers stored in one statement (same time) ordered by id', async () => {
    const callId = await completedCall();
    await api.engine.sql`update responses set method = 'unclear', mapped_value = null where call_id = ${callId}`;
    const all = await read(await api.call('GET', `/surveys/${surveyId}/unclear-answers`, { token }));
    expect(all.items).toHaveLength(3);
    expect(all.next_cursor).toBeNull();

    const first = await read(await api.call('GET', `/surveys/${surveyId}/unclear-answers?limit=2`, { token }));
    expect(first.items).toEqual(all.items.slice(0, 2));
    expect(first.next_cursor).toMatch(/^\d+\.[0-9a-f-]{36}$/);
    // an answer of the first page reviewed meanwhile leaves the queue without shifting the next page
    await api.call('PATCH', `/responses/${first.items[0].response_id}`, { token, json: { mapped_value: 'friend' } });
    const second = await read(await api.call('GET', `/surveys/${surveyId}/unclear-answers?limit=2&cursor=${first.next_cursor}`, { token }));
    expect(second).toEqual({ items: all.items.slice(2), next_cursor: null });

    // malformed, or a time past what the database holds: refused here, never a database error
    const uuid = all.items[0].response_id;
    for (const cursor of ['12', `9000000000000000000.${uuid}`, `99999999999999999.${uuid}`]) {
      const bad = await api.call('GET', `/surveys/${surveyId}/unclear-answers?cursor=${cursor}`, { token });
      expect(bad.status).toBe(400);
      expect((await read(bad)).error.details).toEqual([{ path: 'cursor', message: 'use the next_cursor of the previous page' }]);
    }
  });

  it('keeps the do-not-call list with source and reason, normalised, and never dials a listed number', async () => {
    const list = await read(await api.call('GET', '/do-not-call', { token }));
    expect(list.items).toEqual([expect.objectContaining({ phone_number: '+14155550182', source: 'api', reason: 'asked by email' })]);
    // recorded as an attempt, never handed to the dialer
    const [blocked] = await api.engine.sql<{ outcome: string; dialed_at: Date | null }[]>`
      select outcome, dialed_at from calls where campaign_id = ${campaignId} and to_number = '+14155550182'`;
    expect(blocked).toEqual({ outcome: 'opted_out', dialed_at: null });

    expect((await api.call('POST', '/do-not-call', { token, json: { phone_number: '+1 415 555 0182' } })).status).toBe(200);
    expect((await api.call('POST', '/do-not-call', { token, json: { phone_number: 'not a number' } })).status).toBe(400);
    // a literal % in the number (sent encoded) is a bad number, not a server error
    const percent = await api.call('DELETE', `/do-not-call/${encodeURIComponent('PO%')}`, { token });
    expect({ status: percent.status, code: (await read(percent)).error?.code }).toEqual({ status: 400, code: 'validation_failed' });
    expect((await api.call('DELETE', `/do-not-call/${encodeURIComponent('+14155550182')}`, { token: bob })).status).toBe(404);
    expect((await api.call('DELETE', `/do-not-call/${encodeURIComponent('+14155550182')}`, { token })).status).toBe(204);
    expect((await read(await api.call('GET', '/do-not-call', { token }))).items).toEqual([]);
  });

  it('imports a do-not-call CSV: numbers normalised and added once, bad rows reported by line, listed ones kept as they were', async () => {
    const csv = ['Phone,Reason', '(415) 555-0191,asked by letter', 'call me maybe,', '+1 415 555 0192,', '415-555-0191,duplicate in the file'].join('\n');
    const first = await api.call('POST', '/do-not-call/import', { token, body: csv, headers: { 'content-type': 'text/csv' } });
    expect(first.status).toBe(201);
    expect(await read(first)).toEqual({ imported: 2, already_listed: 0, rejected: [{ line: 3, reason: expect.stringMatching(/not a valid phone number/), value: 'call me maybe' }] });

    const form = new FormData();
    form.set('file', new Blob(['phone\n+14155550192\n+14155550193\n'], { type: 'text/csv' }), 'dnc.csv');
    const second = await api.call('POST', '/do-not-call/import', { token, body: form });
    expect(await read(second)).toEqual({ imported: 1, already_listed: 1, rejected: [] });

    const items = (await read(await api.call('GET', '/do-not-call?limit=1000', { token }))).items;
    // pages by the last number; a cursor that is not a listed number's shape is refused before the database
    const page = await read(await api.call('GET', '/do-not-call?limit=1', { token }));
    expect(page.next_after).toBe(items[0].phone_number);
    expect((await read(await api.call('GET', `/do-not-call?limit=1&after=${encodeURIComponent(page.next_after)}`, { token }))).items[0]).toEqual(items[1]);
    for (const after of ['%00', 'abc', '%2B1415%00']) {
      const refused = await api.call('GET', `/do-not-call?after=${after}`, { token });
      expect([refused.status, (await read(refused)).error.code]).toEqual([400, 'validation_failed']);
    }
    expect(items).toEqual(expect.arrayContaining([
      expect.objectContaining({ phone_number: '+14155550191', source: 'import', reason: 'asked by letter' }),
      expect.objectContaining({ phone_number: '+14155550192', source: 'import', reason: null }),
      expect.objectContaining({ phone_number: '+14155550193', source: 'import' }),
    ]));
    expect((await read(await api.call('GET', '/do-not-call', { token: bob }))).items).toEqual([]);

    const refusals: [Parameters<ApiHarness['call']>[2], number, string][] = [
      [{ token, json: { phone_number: '+14155550194' } }, 415, 'unsupported_media_type'],
      [{ token, body: 'name\nAda', headers: { 'content-type': 'text/csv' } }, 400, 'malformed_csv'],
      [{ token, body: 'phone\n', headers: { 'content-type': 'text/csv' } }, 400, 'empty_csv'],
      [{ body: 'phone\n+14155550194', headers: { 'content-type': 'text/csv' } }, 401, 'unauthorized'],
    ];
    for (const [options, status, code] of refusals) {
      const response = await api.call('POST', '/do-not-call/import', options);
      expect([response.status, (await read(response)).error.code]).toEqual([status, code]);
    }
    for (const phone of ['+14155550191', '+14155550192', '+14155550193']) await api.call('DELETE', `/do-not-call/${encodeURIComponent(phone)}`, { token });
  });

  it('erases a contact with its calls, transcripts and answers', async () => {
    const [contact] = await api.engine.sql<{ contact_id: string; id: string }[]>`
      select contact_id, id from calls where campaign_id = ${campaignId} and outcome = 'opted_out'`;
    expect((await api.call('DELETE', `/surveys/${surveyId}/contacts/${contact!.contact_id}`, { token: bob })).status).toBe(404);
    expect((await api.call('DELETE', `/surveys/${surveyId}/contacts/${contact!.contact_id}`, { token })).status).toBe(204);
    expect(await api.engine.sql`select 1 from calls where contact_id = ${contact!.contact_id}`).toHaveLength(0);
    expect(await api.engine.sql`select 1 from responses where contact_id = ${contact!.contact_id}`).toHaveLength(0);
    expect((await api.call('GET', `/calls/${contact!.id}`, { token })).status).toBe(404);
    expect((await api.call('DELETE', `/surveys/${surveyId}/contacts/${contact!.contact_id}`, { token })).status).toBe(404);
  });

  it("keeps other users' calls and answers out of reach", async () => {
    const callId = await completedCall();
    const [response] = await api.engine.sql<{ id: string }[]>`select id from responses where call_id = ${callId} limit 1`;
    expect((await api.call('GET', `/calls/${callId}`, { token: bob })).status).toBe(404);
    expect((await api.call('PATCH', `/responses/${response!.id}`, { token: bob, json: { mapped_value: 'x' } })).status).toBe(404);
    expect((await api.call('GET', `/surveys/${surveyId}/unclear-answers`, { token: bob })).status).toBe(404);
    expect((await read(await api.call('GET', '/do-not-call', { token: bob }))).items).toEqual([]);
  });
});
