import { randomBytes } from 'node:crypto';
import { Client } from '@temporalio/client';
import { SipClient } from 'livekit-server-sdk';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createSecretBox } from '../../src/crypto/secret-box.ts';
import { LiveKitTrunkProvider } from '../../src/telephony/live/livekit-trunks.ts';
import { TwilioNumberProvider } from '../../src/telephony/live/twilio-numbers.ts';
import { TwilioTermination } from '../../src/telephony/live/twilio-termination.ts';
import { ENCRYPTED_ENCODING } from '../../src/temporal/payload-codec.ts';
import { saveTokens } from '../../src/users/oauth-tokens.ts';
import { campaignWorkflowId } from '../../workflows/messages.ts';
import { createApiHarness, questions, read, type ApiHarness } from '../helpers/api-harness.ts';
import { uniqueEmail } from '../helpers/harness.ts';
import { startLiveKitStandIn } from '../helpers/livekit-standin.ts';
import { startTwilioStandIn } from '../helpers/twilio-standin.ts';
import { waitFor } from '../helpers/wait-for.ts';
import { captureLogs } from '../helpers/capture-logs.ts';

const CODEC_TOKEN = 'codec-operator-token-0123456789abcdef';
const UI_ORIGIN = 'http://temporal-ui.test:8233';
const LIVEKIT_SECRET = 'livekit-secret-livekit-secret-0000';
const TWILIO_TOKEN = 'c'.repeat(32);
const contacts = Array.from({ length: 6 }, (_, i) => ({ name: `Zebulon Quibblesworth${i}`, phone: `+1415555${String(2300 + i)}` }));

interface JsonPayload { metadata?: Record<string, string>; data?: string }

/** Every payload in a history (inputs, results, signals, updates, markers), as the codec protocol's JSON. */
function payloadsIn(value: unknown, out: JsonPayload[] = []): JsonPayload[] {
  if (value === null || typeof value !== 'object' || value instanceof Uint8Array) return out;
  const record = value as Record<string, unknown>;
  if (record.metadata && record.data instanceof Uint8Array) {
    const metadata = record.metadata as Record<string, Uint8Array>;
    out.push({
      metadata: Object.fromEntries(Object.entries(metadata).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
      data: Buffer.from(record.data).toString('base64'),
    });
    return out;
  }
  for (const child of Object.values(record)) payloadsIn(child, out);
  return out;
}

/** All text of a history as an operator without the key would read it: strings and bytes as UTF-8. */
function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array) return Buffer.from(value).toString('utf8');
  if (value === null || typeof value !== 'object') return '';
  return Object.entries(value).map(([k, v]) => `${k}:${textOf(v)}`).join('\n');
}

describe('personal data and secrets in Temporal', () => {
  let api: ApiHarness;
  let lk: Awaited<ReturnType<typeof startLiveKitStandIn>>;
  let tw: Awaited<ReturnType<typeof startTwilioStandIn>>;
  const box = createSecretBox(randomBytes(32).toString('base64'));
  const logs: string[] = [];
  let serviceLogs: ReturnType<typeof captureLogs>;
  let histories: { workflowId: string; history: unknown }[] = [];
  let sessionToken = '';
  let userId = '';
  let answers: string[] = [];
  const oauth = { accessToken: `ya29.${randomBytes(24).toString('hex')}`, refreshToken: `1//${randomBytes(24).toString('hex')}` };

  const codec = (path: string, init: { token?: string; origin?: string; body?: unknown; method?: string } = {}) =>
    api.app.request(`/codec${path}`, {
      method: init.method ?? 'POST',
      headers: {
        ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
        ...(init.origin ? { origin: init.origin } : {}),
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });

  beforeAll(async () => {
    const capture = (...args: unknown[]) => void logs.push(args.map((a) => (a instanceof Error ? `${a.message}\n${a.stack}` : typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
    for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) vi.spyOn(console, level).mockImplementation(capture);
    // and every line of the service's JSON logger, down to debug
    serviceLogs = captureLogs('debug');

    lk = await startLiveKitStandIn({ apiKey: 'APIkey', apiSecret: LIVEKIT_SECRET, dialScript: () => ({ answer: true }), onAnswered: () => {} });
    tw = await startTwilioStandIn({ accountSid: `AC${'3'.repeat(32)}`, authToken: TWILIO_TOKEN, inventory: { US: ['+14155550177'] } });
    api = await createApiHarness({
      callDelayMs: 20,
      numbers: () => new TwilioNumberProvider({ client: tw.client(), countries: ['US'], voiceUrl: 'https://api.example.test/twilio/voice' }),
      trunks: (_, sql) => new LiveKitTrunkProvider({ sip: new SipClient(lk.url, 'APIkey', LIVEKIT_SECRET), termination: new TwilioTermination({ client: tw.client(), sql, secrets: box }) }),
      env: { TEMPORAL_CODEC_TOKEN: CODEC_TOKEN, TEMPORAL_UI_ORIGINS: UI_ORIGIN },
    });
    await api.engine.startWorker();

    ({ token: sessionToken, userId } = await api.signIn(uniqueEmail('pii')));
    await saveTokens(api.engine.sql, box, userId, 'google', { ...oauth, scope: 'openid', expiresInSeconds: 3600 });
    const survey = await read(await api.call('POST', '/surveys', { token: sessionToken, json: { title: 'PII survey', json_questionnaire: questions } }));
    const csv = ['name,phone', ...contacts.map((c) => `${c.name},${c.phone}`)].join('\n');
    expect((await api.call('POST', `/surveys/${survey.id}/contacts`, { token: sessionToken, body: csv, headers: { 'content-type': 'text/csv' } })).status).toBe(201);
    const launch = await read(await api.call('POST', '/campaigns/launch', { token: sessionToken, json: { survey_id: survey.id } }));
    expect(launch.campaign_id).toMatch(/^[0-9a-f-]{36}$/);
    const final = await api.engine.result(launch.campaign_id);
    expect(final.status).toBe('completed');

    const responses = await read(await api.call('GET', `/surveys/${survey.id}/responses`, { token: sessionToken }));
    answers = responses.items.flatMap((item: { answers: Record<string, { raw_answer: string | null }> }) => Object.values(item.answers).map((a) => a.raw_answer ?? ''));

    // a plain client: the connection without the codec, as an operator without the key reads histories
    const plain = new Client({ connection: api.engine.connection });
    const ids = await waitFor(`the campaign's ${contacts.length + 1} workflows in visibility`, async () => {
      const found: string[] = [];
      for await (const run of plain.workflow.list({ query: `UserId = '${userId}'` })) found.push(run.workflowId);
      return found.length >= contacts.length + 1 ? found : null;
    });
    histories = await Promise.all(
      [...new Set([...ids, campaignWorkflowId(launch.campaign_id)])].map(async (workflowId) => ({
        workflowId,
        history: await plain.workflow.getHandle(workflowId).fetchHistory(),
      })),
    );
  });
  afterAll(async () => {
    serviceLogs?.restore();
    vi.restoreAllMocks();
    await api?.close();
    await lk?.close();
    await tw?.close();
  });

  it('a history fetched without the codec holds no phone number, name or answer text', () => {
    // answers long enough not to occur by chance in field names ("one" is in "done")
    expect(answers.filter((a) => a.length >= 8).length).toBeGreaterThan(0);
    const pii = [...contacts.flatMap((c) => [c.name, c.phone, c.phone.slice(2)]), ...answers.filter((a) => a.length >= 8)];
    for (const { workflowId, history } of histories) {
      expect(workflowId).not.toMatch(/Zebulon|\+1415/);
      const text = textOf(history);
      for (const secret of pii) expect(text, `${secret} in the history of ${workflowId}`).not.toContain(secret);
      const encodings = payloadsIn((history as { events: unknown }).events)
        .filter((p) => p.metadata?.encoding !== undefined && !('type' in (p.metadata ?? {})))
        .map((p) => Buffer.from(p.metadata!.encoding!, 'base64').toString('utf8'));
      // search attributes are indexed by the server and stay plain; they carry ids, statuses and outcomes only
      expect(encodings.filter((e) => e !== ENCRYPTED_ENCODING).every((e) => e === 'json/plain')).toBe(true);
      expect(encodings).toContain(ENCRYPTED_ENCODING);
    }
  });

  it('the codec server decodes the histories for the operator holding the token', async () => {
    const payloads = histories.flatMap(({ history }) => payloadsIn((history as { events: unknown }).events));
    const decoded = await codec('/decode', { token: CODEC_TOKEN, origin: UI_ORIGIN, body: { payloads } });
    expect(decoded.status).toBe(200);
    expect(decoded.headers.get('access-control-allow-origin')).toBe(UI_ORIGIN);
    const text = ((await decoded.json()) as { payloads: JsonPayload[] }).payloads.map((p) => Buffer.from(p.data ?? '', 'base64').toString('utf8')).join('\n');
    // transcripts name the respondent and hold the answers (phone numbers never enter payloads: the dialer reads them from the database)
    expect(text).toMatch(/Hi Zebulon Quibblesworth\d/);
    expect(text).toContain(answers.find((a) => a.length >= 8));

    // and the round trip: what /encode seals, /decode opens
    const plainPayload = { metadata: { encoding: Buffer.from('json/plain').toString('base64') }, data: Buffer.from('{"a":1}').toString('base64') };
    const sealed = (await (await codec('/encode', { token: CODEC_TOKEN, body: { payloads: [plainPayload] } })).json()) as { payloads: JsonPayload[] };
    expect(Buffer.from(sealed.payloads[0]!.metadata!.encoding!, 'base64').toString()).toBe(ENCRYPTED_ENCODING);
    const opened = (await (await codec('/decode', { token: CODEC_TOKEN, body: sealed })).json()) as { payloads: JsonPayload[] };
    expect(opened.payloads[0]!.data).toBe(plainPayload.data);
  });

  it('the codec server refuses callers without the token, with the one error body', async () => {
    const payloads = payloadsIn((histories[0]!.history as { events: unknown }).events).slice(0, 1);
    const anonymous = await codec('/decode', { body: { payloads } });
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ error: { code: 'unauthorized' } });
    const wrong = await codec('/decode', { token: `${CODEC_TOKEN}x`, body: { payloads } });
    expect(wrong.status).toBe(403);
    expect(await wrong.json()).toMatchObject({ error: { code: 'forbidden' } });
    // a user's session token is not an operator's
    expect((await codec('/decode', { token: sessionToken, body: { payloads } })).status).toBe(403);

    const preflight = (origin: string) =>
      api.app.request('/codec/decode', { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type,x-namespace' } });
    expect((await preflight(UI_ORIGIN)).headers.get('access-control-allow-origin')).toBe(UI_ORIGIN);
    expect((await preflight('https://evil.test')).headers.get('access-control-allow-origin')).not.toBe('https://evil.test');
  });

  it('the browser session: POST /codec/session with the token sets a cookie that /decode accepts', async () => {
    const session = await codec('/session', { token: CODEC_TOKEN, origin: UI_ORIGIN });
    expect(session.status).toBe(204);
    const cookie = session.headers.get('set-cookie')!.split(';')[0]!;
    expect(cookie).not.toContain(CODEC_TOKEN);
    const viaCookie = await api.app.request('/codec/decode', { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify({ payloads: [] }) });
    expect(viaCookie.status).toBe(200);
    const forged = await api.app.request('/codec/decode', { method: 'POST', headers: { cookie: 'codec_session=forged', 'content-type': 'application/json' }, body: '{"payloads":[]}' });
    expect(forged.status).toBe(403);
  });

  it('no secret appears in any history (decoded too) or in the captured log output', async () => {
    const [sip] = await api.engine.sql<{ password_encrypted: string }[]>`select password_encrypted from sip_credentials where user_id = ${userId}`;
    const sipPassword = box.open(sip!.password_encrypted);
    const secrets = {
      sipPassword,
      accessToken: oauth.accessToken,
      refreshToken: oauth.refreshToken,
      sessionToken,
      sessionSecret: api.deps.config.auth.sessionSecret,
      codecToken: CODEC_TOKEN,
      livekitSecret: LIVEKIT_SECRET,
      twilioToken: TWILIO_TOKEN,
    };
    const payloads = histories.flatMap(({ history }) => payloadsIn((history as { events: unknown }).events));
    const decoded = (await (await codec('/decode', { token: CODEC_TOKEN, body: { payloads } })).json()) as { payloads: JsonPayload[] };
    const decodedText = decoded.payloads.map((p) => Buffer.from(p.data ?? '', 'base64').toString('utf8')).join('\n');
    const haystacks = { history: histories.map(({ history }) => textOf(history)).join('\n'), decoded: decodedText, logs: [...logs, serviceLogs.text()].join('\n') };
    expect(decodedText.length).toBeGreaterThan(0);
    for (const [where, text] of Object.entries(haystacks)) {
      for (const [name, secret] of Object.entries(secrets)) expect(text.includes(secret), `${name} in ${where}`).toBe(false);
    }
  });
});
