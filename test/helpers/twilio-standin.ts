import { randomBytes } from 'node:crypto';
import { listenOnLoopback } from './loopback-server.ts';
import { Hono, type Context } from 'hono';
import twilio from 'twilio';

const sid = (prefix: string) => `${prefix}${randomBytes(16).toString('hex')}`;

export interface TwilioFault {
  method: string;
  /** matched against the path without the /api or /trunking prefix */
  path: RegExp;
  /** 'error': answer with status; 'hang-after-success': do it, then never answer in time */
  kind: 'error' | 'hang-after-success';
  status?: number;
  times?: number;
}

interface Resource {
  sid: string;
  [key: string]: unknown;
}

/**
 * A local Twilio REST API: form-encoded requests, JSON resources in Twilio's shapes and paging
 * envelopes, Twilio's error bodies (code, message, more_info, status) and HTTP Basic auth. Covers
 * incoming numbers, available numbers, SIP credential lists, Elastic SIP trunks with their recording
 * setting, calls and recordings (with media). `placeTrunkCall` plays a call through a trunk: recorded
 * from answer when the trunk says so, as Twilio does. It records every request and can inject faults.
 */
export async function startTwilioStandIn(options: { accountSid: string; authToken: string; inventory?: Record<string, string[]> }) {
  const inventory = options.inventory ?? { US: ['+14155550123', '+14155550124'] };
  const numbers: Resource[] = [];
  const trunks: Resource[] = [];
  const credentialLists: (Resource & { credentials: Resource[] })[] = [];
  const trunkLists = new Map<string, string[]>();
  const trunkNumbers = new Map<string, Resource[]>();
  const trunkRecording = new Map<string, { mode: string; trim: string }>();
  const calls: Resource[] = [];
  const recordings: (Resource & { media: Buffer; deleted?: boolean })[] = [];
  const requests: { method: string; path: string; form: Record<string, string>; query: Record<string, string> }[] = [];
  const faults: TwilioFault[] = [];
  const base = `/2010-04-01/Accounts/${options.accountSid}`;

  const twilioError = (c: Context, status: number, code: number, message: string) =>
    c.json({ code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status }, status as 400);
  const v2010Page = (key: string, items: Resource[], path: string) => ({
    [key]: items, end: Math.max(0, items.length - 1), first_page_uri: path, next_page_uri: null, page: 0, page_size: 50, previous_page_uri: null, start: 0, uri: path,
  });
  const v1Page = (key: string, items: Resource[], url: string) => ({
    [key]: items, meta: { key, page: 0, page_size: 50, first_page_url: url, previous_page_url: null, url, next_page_url: null },
  });

  const app = new Hono();
  app.use('*', async (c, next) => {
    const auth = c.req.header('authorization') ?? '';
    const [user, pass] = Buffer.from(auth.replace(/^Basic /, ''), 'base64').toString().split(':');
    const path = c.req.path.replace(/^\/(api|trunking)/, '');
    const form = c.req.method === 'POST' ? Object.fromEntries(new URLSearchParams(await c.req.text())) : {};
    requests.push({ method: c.req.method, path, form, query: c.req.query() });
    (c as unknown as { form: Record<string, string> }).form = form;
    if (user !== options.accountSid || pass !== options.authToken) return twilioError(c, 401, 20003, 'Authenticate');
    const fault = faults.find((f) => f.method === c.req.method && f.path.test(path) && (f.times ?? 1) > 0);
    if (fault) {
      fault.times = (fault.times ?? 1) - 1;
      if (fault.kind === 'error') return twilioError(c, fault.status ?? 500, 20500, 'An internal server error has occurred');
      await next(); // the action happens…
      await new Promise((r) => setTimeout(r, 5_000)); // …and the answer never arrives in time
      return;
    }
    await next();
  });
  const formOf = (c: Context) => (c as unknown as { form: Record<string, string> }).form;

  app.get(`/api${base}/AvailablePhoneNumbers/:country/Local.json`, (c) => {
    const country = c.req.param('country');
    const taken = new Set(numbers.map((n) => n.phone_number));
    const free = (inventory[country] ?? []).filter((n) => !taken.has(n)).slice(0, Number(c.req.query('PageSize') ?? 50));
    return c.json(v2010Page('available_phone_numbers', free.map((n) => ({ sid: n, phone_number: n, friendly_name: n, iso_country: country, capabilities: { voice: true } })), c.req.path));
  });
  app.get(`/api${base}/IncomingPhoneNumbers.json`, (c) => {
    const name = c.req.query('FriendlyName');
    return c.json(v2010Page('incoming_phone_numbers', numbers.filter((n) => !name || n.friendly_name === name), c.req.path));
  });
  app.post(`/api${base}/IncomingPhoneNumbers.json`, (c) => {
    const form = formOf(c);
    const country = Object.keys(inventory).find((k) => inventory[k]!.includes(form.PhoneNumber ?? ''));
    if (!country || numbers.some((n) => n.phone_number === form.PhoneNumber)) return twilioError(c, 400, 21422, 'PhoneNumber requested is not available');
    const number = { sid: sid('PN'), account_sid: options.accountSid, phone_number: form.PhoneNumber, friendly_name: form.FriendlyName, voice_url: form.VoiceUrl, voice_method: form.VoiceMethod, date_created: new Date().toUTCString() };
    numbers.push(number);
    return c.json(number, 201);
  });
  app.delete(`/api${base}/IncomingPhoneNumbers/:sid`, (c) => {
    const at = numbers.findIndex((n) => `${n.sid}.json` === c.req.param('sid'));
    if (at < 0) return twilioError(c, 404, 20404, 'The requested resource was not found');
    numbers.splice(at, 1);
    return c.body(null, 204);
  });
  app.get(`/api${base}/SIP/CredentialLists.json`, (c) => c.json(v2010Page('credential_lists', credentialLists.map(({ credentials: _, ...l }) => l), c.req.path)));
  app.post(`/api${base}/SIP/CredentialLists.json`, (c) => {
    const list = { sid: sid('CL'), account_sid: options.accountSid, friendly_name: formOf(c).FriendlyName, credentials: [] as Resource[] };
    credentialLists.push(list);
    const { credentials: _, ...body } = list;
    return c.json(body, 201);
  });
  app.get(`/api${base}/SIP/CredentialLists/:cl/Credentials.json`, (c) => {
    const list = credentialLists.find((l) => l.sid === c.req.param('cl'));
    return list ? c.json(v2010Page('credentials', list.credentials, c.req.path)) : twilioError(c, 404, 20404, 'The requested resource was not found');
  });
  app.post(`/api${base}/SIP/CredentialLists/:cl/Credentials.json`, (c) => {
    const list = credentialLists.find((l) => l.sid === c.req.param('cl'));
    if (!list) return twilioError(c, 404, 20404, 'The requested resource was not found');
    const { Username: username, Password: password } = formOf(c);
    // Twilio's password rules: 12+ characters, upper and lower case, a digit
    if (!password || password.length < 12 || !/[A-Z]/.test(password) || !/[a-z]/.test(password) || !/\d/.test(password)) {
      return twilioError(c, 400, 21622, 'Password must be at least 12 characters and contain a digit, an uppercase and a lowercase letter');
    }
    const credential = { sid: sid('CR'), credential_list_sid: list.sid, username, password };
    list.credentials.push(credential);
    return c.json({ sid: credential.sid, credential_list_sid: list.sid, username }, 201);
  });
  app.get('/trunking/v1/Trunks', (c) => c.json(v1Page('trunks', trunks, c.req.url)));
  app.post('/trunking/v1/Trunks', (c) => {
    const form = formOf(c);
    if (trunks.some((t) => t.domain_name === form.DomainName)) return twilioError(c, 409, 21248, 'Domain name is already in use');
    const trunk = { sid: sid('TK'), account_sid: options.accountSid, friendly_name: form.FriendlyName, domain_name: form.DomainName };
    trunks.push(trunk);
    return c.json(trunk, 201);
  });
  app.get('/trunking/v1/Trunks/:tk/CredentialLists', (c) =>
    c.json(v1Page('credential_lists', (trunkLists.get(c.req.param('tk')) ?? []).map((s) => ({ sid: s, trunk_sid: c.req.param('tk') })), c.req.url)));
  app.post('/trunking/v1/Trunks/:tk/CredentialLists', (c) => {
    const list = formOf(c).CredentialListSid!;
    trunkLists.set(c.req.param('tk'), [...(trunkLists.get(c.req.param('tk')) ?? []), list]);
    return c.json({ sid: list, trunk_sid: c.req.param('tk') }, 201);
  });
  app.get('/trunking/v1/Trunks/:tk/PhoneNumbers', (c) => c.json(v1Page('phone_numbers', trunkNumbers.get(c.req.param('tk')) ?? [], c.req.url)));
  app.post('/trunking/v1/Trunks/:tk/PhoneNumbers', (c) => {
    const number = numbers.find((n) => n.sid === formOf(c).PhoneNumberSid);
    if (!number) return twilioError(c, 404, 20404, 'The requested resource was not found');
    const entry = { sid: number.sid, trunk_sid: c.req.param('tk'), phone_number: number.phone_number };
    trunkNumbers.set(c.req.param('tk'), [...(trunkNumbers.get(c.req.param('tk')) ?? []), entry]);
    return c.json(entry, 201);
  });

  const recordingOf = (tk: string) => ({ mode: 'do-not-record', trim: 'do-not-trim', ...trunkRecording.get(tk) });
  app.get('/trunking/v1/Trunks/:tk/Recording', (c) => c.json(recordingOf(c.req.param('tk'))));
  app.post('/trunking/v1/Trunks/:tk/Recording', (c) => {
    if (!trunks.some((t) => t.sid === c.req.param('tk'))) return twilioError(c, 404, 20404, 'The requested resource was not found');
    const { Mode: mode, Trim: trim } = formOf(c);
    const modes = ['do-not-record', 'record-from-ringing', 'record-from-answer', 'record-from-ringing-dual', 'record-from-answer-dual'];
    if (mode !== undefined && !modes.includes(mode)) return twilioError(c, 400, 21235, 'Invalid Mode');
    trunkRecording.set(c.req.param('tk'), { ...recordingOf(c.req.param('tk')), ...(mode ? { mode } : {}), ...(trim ? { trim } : {}) });
    return c.json(recordingOf(c.req.param('tk')));
  });
  // Twilio compares StartTime filters as instants here (the real API also takes dates)
  app.get(`/api${base}/Calls.json`, (c) => {
    const q = c.req.query();
    const after = q['StartTime>'] ? new Date(q['StartTime>']).getTime() : -Infinity;
    const before = q['StartTime<'] ? new Date(q['StartTime<']).getTime() : Infinity;
    const found = calls.filter((k) => (!q.From || k.from === q.From) && (!q.To || k.to === q.To) && new Date(String(k.start_time)).getTime() >= after && new Date(String(k.start_time)).getTime() <= before);
    return c.json(v2010Page('calls', found, c.req.path));
  });
  const recordingBody = ({ media: _, deleted: __, ...r }: (typeof recordings)[number]) => r;
  app.get(`/api${base}/Recordings.json`, (c) => {
    const callSid = c.req.query('CallSid');
    return c.json(v2010Page('recordings', recordings.filter((r) => !r.deleted && (!callSid || r.call_sid === callSid)).map(recordingBody), c.req.path));
  });
  app.get(`/api${base}/Recordings/:file`, (c) => {
    const [id, ext] = c.req.param('file').split('.');
    const recording = recordings.find((r) => r.sid === id && !r.deleted);
    if (!recording) return twilioError(c, 404, 20404, 'The requested resource was not found');
    if (ext === 'json') return c.json(recordingBody(recording));
    if (ext !== 'mp3') return twilioError(c, 415, 20415, 'Unsupported media type');
    return c.body(new Uint8Array(recording.media), 200, { 'content-type': 'audio/mpeg', 'content-length': String(recording.media.length) });
  });
  app.delete(`/api${base}/Recordings/:file`, (c) => {
    const recording = recordings.find((r) => `${r.sid}.json` === c.req.param('file') && !r.deleted);
    if (!recording) return twilioError(c, 404, 20404, 'The requested resource was not found');
    recording.deleted = true;
    return c.body(null, 204);
  });

  /**
   * A call through the trunk that holds `from`, as Twilio logs it; recorded (status completed, with
   * `media` as its audio) when that trunk's mode records from answer. Returns the call and recording sids.
   */
  const placeTrunkCall = (call: { from: string; to: string; startTime: Date; durationSeconds: number; media?: Buffer }) => {
    const trunkSid = [...trunkNumbers].find(([, list]) => list.some((n) => n.phone_number === call.from))?.[0] ?? null;
    const callSid = sid('CA');
    calls.push({ sid: callSid, account_sid: options.accountSid, from: call.from, to: call.to, status: 'completed', direction: 'trunking-originating', trunk_sid: trunkSid, start_time: call.startTime.toUTCString(), duration: String(call.durationSeconds) });
    const mode = trunkSid ? recordingOf(trunkSid).mode : 'do-not-record';
    if (!mode.startsWith('record-from-answer')) return { callSid, recordingSid: null };
    const recordingSid = sid('RE');
    recordings.push({
      sid: recordingSid, account_sid: options.accountSid, call_sid: callSid, status: 'completed', source: 'Trunking', channels: mode.endsWith('dual') ? 2 : 1,
      duration: String(call.durationSeconds), start_time: call.startTime.toUTCString(), date_created: new Date().toUTCString(),
      media: call.media ?? Buffer.from(`ID3 recording of ${callSid}`),
    });
    return { callSid, recordingSid };
  };

  const server = await listenOnLoopback(app);
  const { url } = server;

  /** A twilio SDK client whose requests go to this stand-in instead of *.twilio.com. */
  const client = (clientOptions: { timeoutMs?: number; authToken?: string } = {}) =>
    twilioStandInClient(url, options.accountSid, clientOptions.authToken ?? options.authToken, clientOptions.timeoutMs);

  return {
    url,
    client,
    requests,
    faults,
    placeTrunkCall,
    state: { numbers, trunks, credentialLists, trunkLists, trunkNumbers, trunkRecording, calls, recordings },
    close: server.close,
  };
}

/** A twilio SDK client for a stand-in at `url` (also from another process: the chaos run's workers). */
export function twilioStandInClient(url: string, accountSid: string, authToken: string, timeoutMs = 2_000) {
  class LoopbackRequestClient extends twilio.RequestClient {
    override request<T>(opts: Parameters<twilio.RequestClient['request']>[0] & { data?: T }) {
      const target = new URL(opts.uri);
      return super.request<T>({ ...opts, uri: `${url}/${target.hostname.split('.')[0]}${target.pathname}${target.search}` });
    }
  }
  return twilio(accountSid, authToken, { httpClient: new LoopbackRequestClient({ timeout: timeoutMs }) });
}
