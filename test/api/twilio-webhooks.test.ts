import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedUser } from '../../src/dev/seed.ts';
import { createApiHarness, read, type ApiHarness } from '../helpers/api-harness.ts';
import { uniqueEmail } from '../helpers/harness.ts';

// a calling number no other test file's stand-ins hand out: the webhook finds its owner by it
const ourNumber = `+1415${String(2_000_000 + Math.floor(Math.random() * 7_000_000))}`;

const TOKEN = 'e'.repeat(32);
const PUBLIC = 'https://dialer.example.test';

describe('Twilio voice webhooks', () => {
  let api: ApiHarness;
  let userId: string;
  beforeAll(async () => {
    api = await createApiHarness({
      env: {
        TELEPHONY_MODE: 'live',
        PUBLIC_URL: PUBLIC,
        TWILIO_ACCOUNT_SID: `AC${'3'.repeat(32)}`,
        TWILIO_AUTH_TOKEN: TOKEN,
        LIVEKIT_URL: 'https://livekit.example.test',
        LIVEKIT_API_KEY: 'key',
        LIVEKIT_API_SECRET: 'secret',
        CREDENTIALS_KEY: Buffer.alloc(32, 1).toString('base64'),
      },
    });
    userId = await seedUser(api.engine.sql, uniqueEmail('callback'), 'Acme Stores');
    await api.engine.sql`update users set twilio_phone_number = ${ourNumber} where id = ${userId}`;
  });
  afterAll(() => api?.close());

  const post = (path: string, params: Record<string, string>, signature?: string) =>
    api.call('POST', path, {
      body: new URLSearchParams(params).toString(),
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...(signature !== undefined ? { 'x-twilio-signature': signature } : {}),
      },
    });
  const signed = (path: string, params: Record<string, string>) =>
    post(path, params, twilio.getExpectedTwilioSignature(TOKEN, `${PUBLIC}${path}`, params));

  it('answers a call-back with who called and how to opt out', async () => {
    const response = await signed('/twilio/voice', { CallSid: 'CA1', From: '+14155550100', To: ourNumber });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/xml');
    const xml = await response.text();
    expect(xml).toContain(`action="${PUBLIC}/twilio/voice/opt-out"`);
    expect(xml).toContain('on behalf of Acme Stores');
    expect(xml).toMatch(/<Gather[^>]*input="dtmf speech"/);
  });

  it('puts the caller on the do-not-call list when they press 9 or say stop', async () => {
    await signed('/twilio/voice/opt-out', { From: '+14155550100', To: ourNumber, Digits: '9' });
    await signed('/twilio/voice/opt-out', { From: '+14155550101', To: ourNumber, SpeechResult: 'Please stop calling me.' });
    const kept = await signed('/twilio/voice/opt-out', { From: '+14155550102', To: ourNumber, Digits: '1' });
    expect(await kept.text()).toContain('Thank you. Goodbye.');
    const rows = await api.engine.sql`select phone_number, source from do_not_call where user_id = ${userId} order by phone_number`;
    expect(rows).toEqual([
      { phone_number: '+14155550100', source: 'inbound' },
      { phone_number: '+14155550101', source: 'inbound' },
    ]);
  });

  it('rejects forged, missing, re-targeted and tampered signatures with 403', async () => {
    const params = { From: '+14155550103', To: ourNumber, Digits: '9' };
    const good = twilio.getExpectedTwilioSignature(TOKEN, `${PUBLIC}/twilio/voice/opt-out`, params);
    const cases: [string, Promise<Response>][] = [
      ['forged', post('/twilio/voice/opt-out', params, twilio.getExpectedTwilioSignature('f'.repeat(32), `${PUBLIC}/twilio/voice/opt-out`, params))],
      ['missing', post('/twilio/voice/opt-out', params)],
      ['signed for another URL', post('/twilio/voice/opt-out', params, twilio.getExpectedTwilioSignature(TOKEN, `${PUBLIC}/twilio/voice`, params))],
      ['tampered', post('/twilio/voice/opt-out', { ...params, From: '+14155550104' }, good)],
    ];
    for (const [label, request] of cases) {
      const response = await request;
      expect({ label, status: response.status }).toEqual({ label, status: 403 });
      expect((await read(response)).error.code).toBe('invalid_signature');
    }
    const [none] = await api.engine.sql`select count(*)::int as n from do_not_call where user_id = ${userId} and phone_number in ('+14155550103', '+14155550104')`;
    expect(none!.n).toBe(0);
  });
});
