import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebhookDeliveryActivities } from '../../activities/webhooks.ts';
import { createSecretBox } from '../../src/crypto/secret-box.ts';
import { postWebhook } from '../../src/webhooks/post-webhook.ts';
import { verifyWebhook } from '../../src/webhooks/verify-webhook.ts';
import { signatureHeader } from '../../src/webhooks/webhook-signature.ts';
import { BlockedTargetError, isAllowedAddress, targetProblem } from '../../src/webhooks/webhook-target.ts';
import { createApiHarness, questions, read, type ApiHarness } from '../helpers/api-harness.ts';
import { TEST_CREDENTIALS_KEY, testWebhookConfig, uniqueEmail } from '../helpers/harness.ts';
import { waitFor } from '../helpers/wait-for.ts';
import { WebhookReceiver } from '../helpers/webhook-receiver.ts';

const allEvents = ['call.completed', 'call.failed', 'campaign.started', 'campaign.paused', 'campaign.completed', 'campaign.failed', 'campaign.cancelled', 'response.unclear'];

describe('webhook targets', () => {
  const strict = { httpsOnly: true, allowLoopback: false };
  const dev = { httpsOnly: false, allowLoopback: true };

  it('allows public unicast addresses only, loopback only when configured', () => {
    for (const address of ['10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '127.0.0.1', '0.0.0.0', '100.64.0.1', '::1', 'fe80::1', 'fd00::1', '::ffff:10.0.0.1', '::ffff:127.0.0.1', '224.0.0.1']) {
      expect({ address, allowed: isAllowedAddress(address, strict) }).toEqual({ address, allowed: false });
    }
    for (const address of ['93.184.216.34', '2606:4700::1111']) expect(isAllowedAddress(address, strict)).toBe(true);
    expect(isAllowedAddress('127.0.0.1', dev)).toBe(true);
    expect(isAllowedAddress('::ffff:127.0.0.1', dev)).toBe(true);
    expect(isAllowedAddress('10.0.0.1', dev)).toBe(false);
    expect(isAllowedAddress('169.254.169.254', dev)).toBe(false);
  });

  it('checks URLs at registration: https in production, no private literals, no localhost', () => {
    expect(targetProblem('http://hooks.example.com/x', strict)).toBe('must be an https URL');
    expect(targetProblem('https://hooks.example.com/x', strict)).toBeNull();
    expect(targetProblem('https://10.0.0.5/x', strict)).toMatch(/private/);
    expect(targetProblem('https://[::1]/x', strict)).toMatch(/private/);
    expect(targetProblem('https://localhost/x', strict)).toMatch(/localhost/);
    expect(targetProblem('https://user:pw@hooks.example.com/x', strict)).toMatch(/credentials/);
    expect(targetProblem('ftp://hooks.example.com/x', dev)).toMatch(/http or https/);
    expect(targetProblem('http://127.0.0.1:9/x', dev)).toBeNull();
  });

  it('checks the resolved address at send time (a name pointing at loopback is refused)', async () => {
    const receiver = new WebhookReceiver();
    await receiver.listen();
    try {
      const send = (url: string) => postWebhook(url, '{}', {}, { policy: { httpsOnly: false, allowLoopback: false }, timeoutMs: 2_000 });
      await expect(send(`http://localhost:${receiver.port}/`)).rejects.toBeInstanceOf(BlockedTargetError);
      await expect(send(`http://127.0.0.1:${receiver.port}/`)).rejects.toBeInstanceOf(BlockedTargetError);
      expect(receiver.received).toHaveLength(0);
      const allowed = await postWebhook(`http://localhost:${receiver.port}/`, '{}', {}, { policy: { httpsOnly: false, allowLoopback: true }, timeoutMs: 2_000 });
      expect(allowed.status).toBe(200);
    } finally {
      await receiver.close();
    }
  });
});

describe('the README verifier', () => {
  const secret = 'whsec_test';
  const body = '{"id":"e1","type":"call.completed"}';
  const now = 1_800_000_000;

  it('accepts a genuine signature, with either secret during a rotation', () => {
    expect(verifyWebhook(body, signatureHeader(body, [secret], now), secret, now)).toBe(true);
    const rotating = signatureHeader(body, ['whsec_new', secret], now);
    expect(verifyWebhook(body, rotating, 'whsec_new', now)).toBe(true);
    expect(verifyWebhook(Buffer.from(body), rotating, secret, now + 299)).toBe(true);
  });

  it('rejects forged, tampered, stale and malformed signatures', () => {
    const header = signatureHeader(body, [secret], now);
    expect(verifyWebhook(body, header, 'whsec_other', now)).toBe(false);
    expect(verifyWebhook(body.replace('e1', 'e2'), header, secret, now)).toBe(false);
    expect(verifyWebhook(body, header, secret, now + 301)).toBe(false);
    expect(verifyWebhook(body, header, secret, now - 301)).toBe(false);
    // the timestamp is signed: moving it forward breaks the signature
    expect(verifyWebhook(body, header.replace(`t=${now}`, `t=${now + 200}`), secret, now + 200)).toBe(false);
    expect(verifyWebhook(body, undefined, secret, now)).toBe(false);
    expect(verifyWebhook(body, `t=${now},v1=zz`, secret, now)).toBe(false);
    expect(verifyWebhook(body, `v1=${header.split('v1=')[1]}`, secret, now)).toBe(false);
  });
});

describe('webhooks API and delivery', () => {
  let api: ApiHarness;
  let token: string;
  let bob: string;
  let userId: string;
  const receivers: WebhookReceiver[] = [];

  beforeAll(async () => {
    api = await createApiHarness({ callDelayMs: 5, outcomeMix: { completed: 1, no_answer: 1 } });
    await api.engine.startWorker();
    ({ token, userId } = await api.signIn(uniqueEmail('hooks')));
    bob = (await api.signIn(uniqueEmail('hooks-bob'))).token;
  });
  afterAll(async () => {
    for (const r of receivers) await r.close();
    await api?.close();
  });

  const newReceiver = async () => {
    const receiver = new WebhookReceiver();
    receivers.push(receiver);
    await receiver.listen();
    return receiver;
  };
  const register = async (url: string, events = allEvents) => {
    const response = await api.call('POST', '/webhooks', { token, json: { url, events, description: 'test' } });
    expect(response.status).toBe(201);
    return read(response);
  };
  /** A survey with `n` contacts, launched; resolves when the campaign is over. */
  const runCampaign = async (n: number) => {
    const survey = await read(await api.call('POST', '/surveys', { token, json: { title: 'Hooked', json_questionnaire: questions } }));
    const contacts = Array.from({ length: n }, (_, i) => ({ phone_number: `+1415555${String(Math.floor(Math.random() * 9000) + 1000)}`, participant_name: `p${i}` }));
    await api.call('POST', `/surveys/${survey.id}/contacts`, { token, json: { contacts } });
    const launched = await read(await api.call('POST', '/campaigns/launch', { token, json: { survey_id: survey.id } }));
    await api.engine.result(launched.campaign_id);
    return launched.campaign_id as string;
  };
  const deliveriesOf = async (endpointId: string) => (await read(await api.call('GET', `/webhooks/${endpointId}/deliveries`, { token }))).items;
  const allSucceeded = (endpointId: string, atLeast: number) => async () => {
    const items = await deliveriesOf(endpointId);
    return items.length >= atLeast && items.every((d: { status: string }) => d.status === 'succeeded') && items;
  };

  it('delivers signed, versioned events for calls and the campaign, and logs each delivery', async () => {
    const receiver = await newReceiver();
    const endpoint = await register(receiver.url);
    expect(endpoint.secret).toMatch(/^whsec_/);
    const listed = await read(await api.call('GET', `/webhooks/${endpoint.id}`, { token }));
    expect(listed.secret).toBeUndefined();

    const campaignId = await runCampaign(3);
    const calls = await api.engine.sql<{ id: string; outcome: string }[]>`select id, outcome from calls where campaign_id = ${campaignId}`;
    // started + one per call + completed
    const expected = calls.length + 2;
    const log = await waitFor('every delivery to succeed', allSucceeded(endpoint.id, expected));
    expect(log).toHaveLength(expected + (await api.engine.sql`select 1 from webhook_events e join webhook_deliveries d on d.event_id = e.id where d.endpoint_id = ${endpoint.id} and e.type = 'response.unclear'`).length);
    for (const d of log) expect(d).toMatchObject({ attempts: 1, last_status_code: 200, redelivery_of: null });
    expect(log.every((d: { last_latency_ms: number | null }) => d.last_latency_ms !== null)).toBe(true);

    await waitFor('the receiver to have every event', () => receiver.received.length >= log.length);
    const payloads = receiver.received.map((r) => {
      expect(verifyWebhook(r.body, r.headers['survey-dialer-signature'] as string, endpoint.secret)).toBe(true);
      expect(r.body).not.toContain(endpoint.secret);
      return JSON.parse(r.body);
    });
    for (const p of payloads) expect(p).toMatchObject({ api_version: '2026-11-25', id: expect.any(String), created_at: expect.any(String) });
    const types = payloads.map((p) => p.type);
    expect(types).toContain('campaign.started');
    expect(types).toContain('campaign.completed');
    for (const call of calls) {
      const event = payloads.find((p) => p.data.call_id === call.id);
      expect(event).toMatchObject({ type: call.outcome === 'completed' ? 'call.completed' : 'call.failed', data: { campaign_id: campaignId, outcome: call.outcome } });
    }
    expect(payloads.find((p) => p.type === 'campaign.completed').data).toMatchObject({ campaign_id: campaignId, status: 'completed', total_contacts: 3 });
    await api.call('DELETE', `/webhooks/${endpoint.id}`, { token });
  });

  it('a receiver that is down for a while gets every event once it is back', async () => {
    const receiver = await newReceiver();
    const endpoint = await register(receiver.url, ['call.completed', 'call.failed', 'campaign.started', 'campaign.completed']);
    await receiver.close(); // down: connections are refused

    await runCampaign(3);
    await waitFor('deliveries to be retried', async () => (await deliveriesOf(endpoint.id)).some((d: { attempts: number }) => d.attempts >= 2));
    const failing = await read(await api.call('GET', `/webhooks/${endpoint.id}`, { token }));
    expect(failing.failing_since).not.toBeNull();

    await receiver.listen(); // back on the same port
    const log = await waitFor('every delivery to succeed', allSucceeded(endpoint.id, 5), 30_000);
    const events = await api.engine.sql<{ event_id: string }[]>`select distinct event_id from webhook_deliveries where endpoint_id = ${endpoint.id}`;
    expect(receiver.eventIds()).toEqual(new Set(events.map((e) => e.event_id)));
    expect(log.some((d: { attempts: number }) => d.attempts > 1)).toBe(true);
    expect((await read(await api.call('GET', `/webhooks/${endpoint.id}`, { token }))).failing_since).toBeNull();
    await api.call('DELETE', `/webhooks/${endpoint.id}`, { token });
  });

  it('redelivers on request, signed with both secrets after a rotation', async () => {
    const receiver = await newReceiver();
    const endpoint = await register(receiver.url, ['campaign.started']);
    await runCampaign(1);
    const [first] = await waitFor('the first delivery', allSucceeded(endpoint.id, 1));

    const rotated = await read(await api.call('POST', `/webhooks/${endpoint.id}/rotate-secret`, { token }));
    expect(rotated.secret).not.toBe(endpoint.secret);
    expect(rotated.previous_secret_expires_at).not.toBeNull();

    const redelivered = await api.call('POST', `/webhooks/${endpoint.id}/deliveries/${first.id}/redeliver`, { token });
    expect(redelivered.status).toBe(202);
    const again = await read(redelivered);
    expect(again).toMatchObject({ redelivery_of: first.id, event_id: first.event_id, status: 'pending' });
    await waitFor('the redelivery', () => receiver.received.length >= 2);
    const last = receiver.received.at(-1)!;
    expect(JSON.parse(last.body).id).toBe(first.event_id);
    const header = last.headers['survey-dialer-signature'] as string;
    expect(header.match(/v1=/g)).toHaveLength(2);
    expect(verifyWebhook(last.body, header, rotated.secret)).toBe(true);
    expect(verifyWebhook(last.body, header, endpoint.secret)).toBe(true);
    await waitFor('the redelivery to be logged', allSucceeded(endpoint.id, 2));
  });

  it('announces pause and cancel of a campaign', async () => {
    const receiver = await newReceiver();
    const endpoint = await register(receiver.url, ['campaign.paused', 'campaign.cancelled']);
    const survey = await read(await api.call('POST', '/surveys', { token, json: { title: 'Stopped', json_questionnaire: questions } }));
    const contacts = Array.from({ length: 20 }, (_, i) => ({ phone_number: `+14155551${String(100 + i)}` }));
    await api.call('POST', `/surveys/${survey.id}/contacts`, { token, json: { contacts } });
    const { campaign_id } = await read(await api.call('POST', '/campaigns/launch', { token, json: { survey_id: survey.id } }));
    expect((await api.call('POST', `/campaigns/${campaign_id}/pause`, { token })).status).toBe(200);
    await waitFor('the pause to be announced', () => receiver.received.length >= 1);
    expect((await api.call('POST', `/campaigns/${campaign_id}/cancel`, { token, json: {} })).status).toBe(200);
    await api.engine.result(campaign_id).catch(() => undefined);
    await waitFor('both deliveries', allSucceeded(endpoint.id, 2));
    const payloads = receiver.received.map((r) => JSON.parse(r.body));
    expect(payloads.map((p) => p.type).sort()).toEqual(['campaign.cancelled', 'campaign.paused']);
    expect(payloads.find((p) => p.type === 'campaign.paused').data).toMatchObject({ campaign_id, status: 'paused', pause_reason: 'user' });
    expect(payloads.find((p) => p.type === 'campaign.cancelled').data).toMatchObject({ campaign_id, status: 'cancelled', previous_status: 'paused' });
    await api.call('DELETE', `/webhooks/${endpoint.id}`, { token });
  });

  it('disables an endpoint that keeps failing, with a notice, until it is enabled again', async () => {
    const receiver = await newReceiver();
    receiver.status = 500;
    const endpoint = await register(receiver.url, ['campaign.started']);
    const [event] = await api.engine.sql<{ id: string }[]>`
      insert into webhook_events (user_id, type, dedupe_key, payload) values (${userId}, 'campaign.started', ${`test:${endpoint.id}`}, ${api.engine.sql.json({ id: 'x' })})
      returning id`;
    const [delivery] = await api.engine.sql<{ id: string }[]>`
      insert into webhook_deliveries (user_id, endpoint_id, event_id) values (${userId}, ${endpoint.id}, ${event!.id}) returning id`;
    // failing "for days" is failing for longer than disableAfterMs: 0 here
    const activities = createWebhookDeliveryActivities({ sql: api.engine.sql, box: createSecretBox(TEST_CREDENTIALS_KEY), config: { ...testWebhookConfig, disableAfterMs: 0 } });
    const attempt = () => activities.deliverWebhook({ userId, deliveryId: delivery!.id });
    await expect(attempt()).rejects.toThrow('the receiver answered 500');
    await expect(attempt()).rejects.toMatchObject({ type: 'WebhookEndpointGone', nonRetryable: true });
    const disabled = await read(await api.call('GET', `/webhooks/${endpoint.id}`, { token }));
    expect(disabled).toMatchObject({ enabled: false, disabled_reason: expect.stringMatching(/every delivery failed since/) });
    expect((await api.call('POST', `/webhooks/${endpoint.id}/deliveries/${delivery!.id}/redeliver`, { token })).status).toBe(409);

    const enabled = await read(await api.call('PATCH', `/webhooks/${endpoint.id}`, { token, json: { enabled: true } }));
    expect(enabled).toMatchObject({ enabled: true, disabled_reason: null, failing_since: null });
  });

  it('refuses bad endpoints and keeps tenants apart', async () => {
    const bad = await api.call('POST', '/webhooks', { token, json: { url: 'http://10.0.0.7/hook', events: ['call.completed'] } });
    expect(bad.status).toBe(400);
    expect((await read(bad)).error.details).toEqual([{ path: 'url', message: expect.stringMatching(/private/) }]);
    expect((await api.call('POST', '/webhooks', { token, json: { url: 'https://hooks.example.com', events: ['call.exploded'] } })).status).toBe(400);

    const receiver = await newReceiver();
    const endpoint = await register(receiver.url, ['campaign.started']);
    const someDelivery = '00000000-0000-4000-8000-000000000000';
    for (const [method, path, json] of [
      ['GET', `/webhooks/${endpoint.id}`],
      ['PATCH', `/webhooks/${endpoint.id}`, { enabled: false }],
      ['POST', `/webhooks/${endpoint.id}/rotate-secret`],
      ['GET', `/webhooks/${endpoint.id}/deliveries`],
      ['POST', `/webhooks/${endpoint.id}/deliveries/${someDelivery}/redeliver`],
      ['DELETE', `/webhooks/${endpoint.id}`],
    ] as [string, string, unknown?][]) {
      const response = await api.call(method, path, { token: bob, json });
      expect({ method, path, status: response.status }).toEqual({ method, path, status: 404 });
    }
    expect((await read(await api.call('GET', '/webhooks', { token: bob }))).items).toEqual([]);
    expect((await read(await api.call('GET', `/webhooks/${endpoint.id}`, { token }))).enabled).toBe(true);
  });
});

describe('the README', () => {
  it('shows the verifier the tests run, verbatim', async () => {
    const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
    const verifier = await readFile(new URL('../../src/webhooks/verify-webhook.ts', import.meta.url), 'utf8');
    expect(readme).toContain(verifier.trimEnd());
  });
});
