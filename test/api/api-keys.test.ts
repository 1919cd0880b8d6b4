import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiHarness, questions, read, type ApiHarness } from '../helpers/api-harness.ts';
import { uniqueEmail } from '../helpers/harness.ts';

describe('API keys', () => {
  let api: ApiHarness;
  let alice: string;
  let bob: string;
  beforeAll(async () => {
    api = await createApiHarness();
    alice = (await api.signIn(uniqueEmail('keys-alice'))).token;
    bob = (await api.signIn(uniqueEmail('keys-bob'))).token;
  });
  afterAll(() => api?.close());

  const createKey = async (token: string, json: unknown) => {
    const response = await api.call('POST', '/api-keys', { token, json });
    expect(response.status).toBe(201);
    return read(response);
  };

  it('shows the key once, lists it by prefix and stores only a hash', async () => {
    const created = await createKey(alice, { name: 'CRM sync', scopes: ['read', 'write'] });
    expect(created.key).toMatch(/^sd_live_[A-Za-z0-9_-]{43}$/);
    expect(created.key.startsWith(created.prefix)).toBe(true);
    expect(created).toMatchObject({ name: 'CRM sync', scopes: ['read', 'write'], last_used_at: null, revoked_at: null });

    const list = await read(await api.call('GET', '/api-keys', { token: alice }));
    const listed = list.items.find((k: { id: string }) => k.id === created.id);
    expect(listed).toMatchObject({ prefix: created.prefix, name: 'CRM sync' });
    expect(listed.key).toBeUndefined();
    expect(JSON.stringify(list)).not.toContain(created.key);

    const stored = await api.engine.sql`select * from api_keys where id = ${created.id}`;
    expect(JSON.stringify(stored)).not.toContain(created.key.slice(created.prefix.length));
  });

  it('authenticates as its owner, notes its last use, and fails at once when revoked', async () => {
    const { key, id } = await createKey(alice, { name: 'server', scopes: ['read', 'write'] });
    const made = await api.call('POST', '/surveys', { token: key, json: { title: 'By key', json_questionnaire: questions } });
    expect(made.status).toBe(201);
    const surveys = await read(await api.call('GET', '/surveys', { token: alice }));
    expect(surveys.items.map((s: { title: string }) => s.title)).toContain('By key');
    const listed = (await read(await api.call('GET', '/api-keys', { token: alice }))).items.find((k: { id: string }) => k.id === id);
    expect(listed.last_used_at).not.toBeNull();

    expect((await api.call('DELETE', `/api-keys/${id}`, { token: alice })).status).toBe(204);
    const refused = await api.call('GET', '/surveys', { token: key });
    expect(refused.status).toBe(401);
    expect((await read(refused)).error.code).toBe('invalid_api_key');
  });

  it('needs the write scope for changes', async () => {
    const { key } = await createKey(alice, { name: 'dashboard', scopes: ['read'] });
    expect((await api.call('GET', '/surveys', { token: key })).status).toBe(200);
    const refused = await api.call('POST', '/surveys', { token: key, json: { title: 'Nope', json_questionnaire: questions } });
    expect(refused.status).toBe(403);
    expect((await read(refused)).error.code).toBe('insufficient_scope');
  });

  it('cannot manage keys with a key', async () => {
    const { key } = await createKey(alice, { name: 'admin?', scopes: ['read', 'write'] });
    expect((await api.call('POST', '/api-keys', { token: key, json: { name: 'more' } })).status).toBe(403);
    expect((await api.call('GET', '/api-keys', { token: key })).status).toBe(403);
    // nor trade a key for a session token (which could then manage keys)
    const session = await api.call('GET', '/auth/session', { token: key });
    expect(session.status).toBe(403);
    expect((await read(session)).error.code).toBe('session_required');
  });

  it("keeps tenants apart: another user's key neither sees nor revokes", async () => {
    const alicesKey = await createKey(alice, { name: 'alice', scopes: ['read', 'write'] });
    const survey = await read(await api.call('POST', '/surveys', { token: alicesKey.key, json: { title: 'Private', json_questionnaire: questions } }));
    const bobsKey = await createKey(bob, { name: 'bob', scopes: ['read', 'write'] });
    expect((await api.call('GET', `/surveys/${survey.id}`, { token: bobsKey.key })).status).toBe(404);
    expect((await api.call('PATCH', `/surveys/${survey.id}`, { token: bobsKey.key, json: { title: 'x' } })).status).toBe(404);
    expect((await api.call('DELETE', `/api-keys/${alicesKey.id}`, { token: bob })).status).toBe(404);
    const bobsList = await read(await api.call('GET', '/api-keys', { token: bob }));
    expect(bobsList.items.map((k: { id: string }) => k.id)).toEqual([bobsKey.id]);
    expect((await api.call('GET', `/surveys/${survey.id}`, { token: alicesKey.key })).status).toBe(200);
  });

  it('refuses unknown keys and bad bodies clearly', async () => {
    const unknown = await api.call('GET', '/surveys', { token: 'sd_live_not-a-real-key' });
    expect(unknown.status).toBe(401);
    const bad = await api.call('POST', '/api-keys', { token: alice, json: { name: '', scopes: ['admin'] } });
    expect(bad.status).toBe(400);
    expect((await read(bad)).error.code).toBe('validation_failed');
  });
});
