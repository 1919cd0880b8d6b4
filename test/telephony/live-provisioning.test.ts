import { randomBytes } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { SipClient } from 'livekit-server-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProvisioningActivities } from '../../activities/provisioning.ts';
import { translateActivityErrors } from '../../activities/errors.ts';
import { ProviderRejectedError } from '../../src/telephony/live/provider-errors.ts';
import { createSecretBox } from '../../src/crypto/secret-box.ts';
import { seedContacts, seedSurvey, seedUser } from '../../src/dev/seed.ts';
import { LiveKitTrunkProvider } from '../../src/telephony/live/livekit-trunks.ts';
import { numberTag, TwilioNumberProvider } from '../../src/telephony/live/twilio-numbers.ts';
import { trunkTag, TwilioTermination } from '../../src/telephony/live/twilio-termination.ts';
import { createHarness, uniqueEmail, type Harness } from '../helpers/harness.ts';
import { startLiveKitStandIn } from '../helpers/livekit-standin.ts';
import { startTwilioStandIn } from '../helpers/twilio-standin.ts';
import { NoRecordings } from '../../src/telephony/simulated/simulated-recordings.ts';

const ACCOUNT = `AC${'1'.repeat(32)}`;
const TOKEN = 'a'.repeat(32);
const VOICE_URL = 'https://api.example.test/twilio/voice';

describe('live provisioning through the real Twilio and LiveKit SDKs (local stand-ins)', () => {
  let tw: Awaited<ReturnType<typeof startTwilioStandIn>>;
  let lk: Awaited<ReturnType<typeof startLiveKitStandIn>>;
  let h: Harness;
  const secrets = createSecretBox(randomBytes(32).toString('base64'));
  const sip = () => new SipClient(lk.url, 'APIkey', 'livekit-secret-livekit-secret-0000');
  const numberProvider = (countries = ['US', 'CA']) =>
    new TwilioNumberProvider({ client: tw.client({ timeoutMs: 400 }), countries, voiceUrl: VOICE_URL });

  beforeAll(async () => {
    tw = await startTwilioStandIn({ accountSid: ACCOUNT, authToken: TOKEN, inventory: { US: [], CA: ['+16475550100', '+16475550101'] } });
    lk = await startLiveKitStandIn({ apiKey: 'APIkey', apiSecret: 'livekit-secret-livekit-secret-0000' });
    h = await createHarness({
      numbers: () => numberProvider(),
      trunks: (_, sql) => new LiveKitTrunkProvider({ sip: sip(), termination: new TwilioTermination({ client: tw.client({ timeoutMs: 400 }), sql, secrets }) }),
    });
    await h.startWorker();
  });
  afterAll(async () => {
    await h?.close();
    await tw?.close();
    await lk?.close();
  });

  it('buys one number and sets up one trunk per user despite errors, timeouts and lost responses', async () => {
    tw.faults.push(
      { method: 'GET', path: /AvailablePhoneNumbers\/US/, kind: 'error', status: 500 },
      { method: 'POST', path: /IncomingPhoneNumbers\.json$/, kind: 'hang-after-success' },
      { method: 'POST', path: /^\/v1\/Trunks$/, kind: 'hang-after-success' },
    );
    lk.faults.push({ method: 'CreateSIPOutboundTrunk', status: 503, code: 'unavailable', msg: 'try again' });

    const userId = await seedUser(h.sql, uniqueEmail('live'));
    const surveyId = await seedSurvey(h.sql, userId);
    await seedContacts(h.sql, userId, surveyId, 2);
    const first = await h.result((await h.launch(userId, surveyId)).campaignId);
    const again = await seedSurvey(h.sql, userId, { title: 'Again' });
    await seedContacts(h.sql, userId, again, 1);
    const second = await h.result((await h.launch(userId, again)).campaignId);

    // every injected fault was hit and survived
    expect(tw.faults.map((f) => f.times)).toEqual([0, 0, 0]);
    expect(lk.faults.map((f) => f.times)).toEqual([0]);
    // Twilio: the US had none, so Canada; exactly one number, tagged, with the voice webhook
    expect(first.phone_number).toBe('+16475550100');
    expect(second.phone_number).toBe('+16475550100');
    expect(tw.state.numbers).toHaveLength(1);
    expect(tw.state.numbers[0]).toMatchObject({ friendly_name: numberTag(userId), voice_url: VOICE_URL, voice_method: 'POST' });
    expect(tw.requests.filter((r) => r.method === 'POST' && r.path.endsWith('IncomingPhoneNumbers.json'))).toHaveLength(1);

    // one Elastic SIP trunk with a termination domain, one credential list with one credential, the number attached
    expect(tw.state.trunks).toHaveLength(1);
    const trunk = tw.state.trunks[0]!;
    expect(trunk).toMatchObject({ friendly_name: trunkTag(userId), domain_name: `sd-${userId.replace(/-/g, '')}.pstn.twilio.com` });
    expect(tw.state.credentialLists).toHaveLength(1);
    const [credential] = tw.state.credentialLists[0]!.credentials;
    expect(tw.state.credentialLists[0]!.credentials).toHaveLength(1);
    expect(tw.state.trunkLists.get(trunk.sid)).toEqual([tw.state.credentialLists[0]!.sid]);
    expect(tw.state.trunkNumbers.get(trunk.sid)?.map((n) => n.phone_number)).toEqual(['+16475550100']);

    // the password is stored sealed, and it is what Twilio and LiveKit were given
    const [stored] = await h.sql`select username, password_encrypted from sip_credentials where user_id = ${userId}`;
    expect(stored!.password_encrypted).not.toContain(String(credential!.password));
    expect(secrets.open(stored!.password_encrypted)).toBe(credential!.password);

    // LiveKit: one outbound trunk to the termination domain, with the number and the credentials
    expect(lk.trunks).toHaveLength(1);
    expect(lk.trunks[0]).toMatchObject({
      name: trunkTag(userId),
      address: trunk.domain_name,
      numbers: ['+16475550100'],
      authUsername: stored!.username,
      authPassword: credential!.password,
    });
    const [user] = await h.sql`select twilio_phone_number, phone_number_sid, livekit_trunk_id from users where id = ${userId}`;
    expect(user).toEqual({ twilio_phone_number: '+16475550100', phone_number_sid: tw.state.numbers[0]!.sid, livekit_trunk_id: lk.trunks[0]!.sipTrunkId });
    expect(await h.sql`select provider, status from phone_numbers where user_id = ${userId}`).toEqual([{ provider: 'twilio', status: 'active' }]);
  });

  it('recreates a trunk deleted on the LiveKit side', async () => {
    const userId = await seedUser(h.sql, uniqueEmail('recreate'));
    const activities = createProvisioningActivities({
      sql: h.sql,
      numbers: numberProvider(['CA']),
      trunks: new LiveKitTrunkProvider({ sip: sip(), termination: new TwilioTermination({ client: tw.client(), sql: h.sql, secrets }) }),
      recordings: new NoRecordings(),
    });
    const { phoneNumber } = await activities.ensurePhoneNumber({ userId });
    const { trunkId: first } = await activities.ensureSipTrunk({ userId, phoneNumber });
    await sip().deleteSipTrunk(first);
    const { trunkId: second } = await activities.ensureSipTrunk({ userId, phoneNumber });
    expect(second).not.toBe(first);
    const rows = await h.sql`select livekit_trunk_id, deleted_at is not null as deleted from sip_trunks where user_id = ${userId} order by created_at`;
    expect(rows).toEqual([{ livekit_trunk_id: first, deleted: true }, { livekit_trunk_id: second, deleted: false }]);
  });

  it('turns bad credentials and an empty inventory into clear, non-retryable failures', async () => {
    const wrong = new TwilioNumberProvider({ client: tw.client({ authToken: 'b'.repeat(32) }), countries: ['US'], voiceUrl: VOICE_URL });
    // the adapter says what the provider did; the activity makes it a failure the workflow won't retry
    const denied = await wrong.findNumberForUser('someone').catch((e: unknown) => e);
    expect(denied).toBeInstanceOf(ProviderRejectedError);
    expect((denied as Error).message).toMatch(/Twilio refused to list phone numbers \(HTTP 401, code 20003\): check the account credentials/);
    const activities = translateActivityErrors(createProvisioningActivities({ sql: h.sql, numbers: wrong, trunks: new LiveKitTrunkProvider({ sip: sip(), termination: new TwilioTermination({ client: tw.client(), sql: h.sql, secrets }) }), recordings: new NoRecordings() }));
    const failed = await activities.ensurePhoneNumber({ userId: await seedUser(h.sql, uniqueEmail('denied')) }).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(ApplicationFailure);
    expect(failed).toMatchObject({ nonRetryable: true, type: 'ProviderRejected', message: (denied as Error).message });

    const empty = await numberProvider(['US']).buyNumberForUser('someone').catch((e: unknown) => e);
    expect(empty).toMatchObject({ name: 'ProviderRejectedError', message: 'no local numbers with voice are available in US' });

    const lkDenied = await new SipClient(lk.url, 'APIkey', 'wrong-secret-wrong-secret-wrong-000').listSipOutboundTrunk().catch((e: unknown) => e);
    expect(lkDenied).toMatchObject({ status: 401 });
  });
});
