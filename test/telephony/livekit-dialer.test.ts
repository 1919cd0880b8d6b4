import { randomBytes } from 'node:crypto';
import { AgentDispatchClient, RoomServiceClient, SipClient } from 'livekit-server-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialFromAgent } from '../../agent/dial-from-agent.ts';
import { reportCallCompleted } from '../../src/campaigns/report-call.ts';
import { callJobSchema } from '../../src/domain/call-job.ts';
import { createSecretBox } from '../../src/crypto/secret-box.ts';
import { seedSurvey, seedUser } from '../../src/dev/seed.ts';
import { jobMetadata, LiveKitDialer } from '../../src/telephony/live/livekit-dialer.ts';
import { LiveKitTrunkProvider } from '../../src/telephony/live/livekit-trunks.ts';
import { TwilioNumberProvider } from '../../src/telephony/live/twilio-numbers.ts';
import { TwilioTermination } from '../../src/telephony/live/twilio-termination.ts';
import type { DialRequest } from '../../src/telephony/ports.ts';
import { createHarness, uniqueEmail, type Harness } from '../helpers/harness.ts';
import { startLiveKitStandIn, type DialScript } from '../helpers/livekit-standin.ts';
import { startTwilioStandIn } from '../helpers/twilio-standin.ts';

const KEY = 'APIkey';
const SECRET = 'livekit-secret-livekit-secret-0000';
const script: Record<string, DialScript> = {
  '+14155550486': { sipStatus: 486, reason: 'Busy Here' },
  '+14155550600': { sipStatus: 600, reason: 'Busy Everywhere' },
  '+14155550480': { sipStatus: 480, reason: 'Temporarily Unavailable' },
  '+14155550603': { sipStatus: 603, reason: 'Decline' },
  '+14155550404': { sipStatus: 404, reason: 'Not Found' },
  '+14155550484': { sipStatus: 484, reason: 'Address Incomplete' },
  '+14155550403': { sipStatus: 403, reason: 'Forbidden' },
  '+14155550408': {},
  '+14155550503': { sipStatus: 503, reason: 'CPS limit exceeded' },
};

describe('dialing through LiveKit (Twirp stand-in, real SDK)', () => {
  let lk: Awaited<ReturnType<typeof startLiveKitStandIn>>;
  let tw: Awaited<ReturnType<typeof startTwilioStandIn>>;
  let h: Harness;
  let agent: (room: string, metadata: string) => void = () => {};
  const dialer = () =>
    new LiveKitDialer({
      rooms: new RoomServiceClient(lk.url, KEY, SECRET),
      dispatch: new AgentDispatchClient(lk.url, KEY, SECRET),
      sip: new SipClient(lk.url, KEY, SECRET),
      agentName: 'survey-voice-agent',
      ringingTimeoutSeconds: 30,
      maxCallDurationSeconds: 900,
    });

  beforeAll(async () => {
    lk = await startLiveKitStandIn({ apiKey: KEY, apiSecret: SECRET, dialScript: (n) => script[n] ?? { answer: true }, onAnswered: (room, metadata) => agent(room, metadata) });
    tw = await startTwilioStandIn({ accountSid: `AC${'2'.repeat(32)}`, authToken: 'c'.repeat(32), inventory: { US: ['+14155550199'] } });
    const secrets = createSecretBox(randomBytes(32).toString('base64'));
    h = await createHarness({
      numbers: () => new TwilioNumberProvider({ client: tw.client(), countries: ['US'], voiceUrl: 'https://api.example.test/twilio/voice' }),
      trunks: (_, sql) => new LiveKitTrunkProvider({ sip: new SipClient(lk.url, KEY, SECRET), termination: new TwilioTermination({ client: tw.client(), sql, secrets }) }),
      dialer: () => dialer(),
    });
    await h.startWorker();
  });
  afterAll(async () => {
    await h?.close();
    await lk?.close();
    await tw?.close();
  });

  const request = (toNumber: string, trunkId: string): DialRequest => ({
    callId: crypto.randomUUID(), attempt: 1, workflowId: 'wf', userId: 'u', campaignId: 'c', surveyId: 's', contactId: 'k',
    participantName: 'Ada', toNumber, fromNumber: '+14155550199', trunkId, questionIds: [], timeZone: 'America/Los_Angeles', leaveVoicemail: true,
  });

  it('maps SIP failures to outcomes and treats 5xx as "retry later"', async () => {
    lk.trunks.push({ sipTrunkId: 'ST_matrix', name: 'matrix', address: 'x.pstn.twilio.com', numbers: ['+14155550199'] });
    const outcomes: Record<string, unknown> = {};
    for (const number of Object.keys(script).filter((n) => !n.endsWith('503'))) {
      const placed = await dialer().dial(request(number, 'ST_matrix'));
      outcomes[number.slice(-3)] = [placed.ended?.outcome, placed.ended?.sipStatus];
    }
    expect(outcomes).toEqual({
      '486': ['busy', 486], '600': ['busy', 600], '480': ['no_answer', 480], '603': ['declined', 603],
      '404': ['failed', 404], '484': ['failed', 484], '403': ['failed', 403], '408': ['no_answer', null],
    });
    const pacing = await dialer().dial(request('+14155550503', 'ST_matrix')).catch((e: unknown) => e);
    expect(pacing).toMatchObject({ status: 503 });
    expect((pacing as { nonRetryable?: boolean }).nonRetryable).toBeUndefined();
    // calls that never connected leave no room behind; the one waiting to be paced keeps its room for the retry
    expect([...lk.rooms.values()].filter((r) => r.participants.length === 0)).toHaveLength(1);
  });

  it('creates the room, dispatches the agent with the call metadata, dials once even when retried', async () => {
    lk.trunks.push({ sipTrunkId: 'ST_once', name: 'once', address: 'x.pstn.twilio.com', numbers: ['+14155550199'] });
    const req = request('+14155550111', 'ST_once');
    const first = await dialer().dial(req);
    const again = await dialer().dial(req);
    expect(again.providerCallId).toBe(lk.rooms.get(`call-${req.callId}`)!.participants[0]!.sid);
    expect(first.ended).toBeUndefined();
    const mine = lk.requests.filter((r) => JSON.stringify(r.body).includes(req.callId));
    expect(mine.filter((r) => r.method === 'CreateSIPParticipant')).toHaveLength(1);
    expect(mine.filter((r) => r.method === 'CreateDispatch')).toHaveLength(1);
    const dial = mine.find((r) => r.method === 'CreateSIPParticipant')!.body;
    expect(dial).toMatchObject({ sipTrunkId: 'ST_once', sipCallTo: '+14155550111', roomName: `call-${req.callId}`, participantIdentity: `sip-${req.callId}`, waitUntilAnswered: true, ringingTimeout: '30s', maxCallDuration: '900s' });
    const dispatch = mine.find((r) => r.method === 'CreateDispatch')!.body;
    expect(dispatch.agentName).toBe('survey-voice-agent');
    expect(JSON.parse(String(dispatch.metadata))).toMatchObject({ call_id: req.callId, phone_number: '+14155550111', trunk_id: 'ST_once' });
  });

  it('finds a call by its id while its room holds the callee, and not once the call is over', async () => {
    lk.trunks.push({ sipTrunkId: 'ST_find', name: 'find', address: 'x.pstn.twilio.com', numbers: ['+14155550199'] });
    const req = request('+14155550112', 'ST_find');
    await dialer().dial(req);
    // the callee's participant, as a retried dial finds it
    const callee = lk.rooms.get(`call-${req.callId}`)!.participants[0]!;
    expect(await dialer().findCall(req.callId)).toEqual({ providerCallId: callee.sid, roomName: `call-${req.callId}` });
    await dialer().hangUp(req.callId);
    expect(await dialer().findCall(req.callId)).toBeNull();
    expect(await dialer().findCall(crypto.randomUUID())).toBeNull();
  });

  it('lets the agent dial when the dispatch asks it to, with the same SIP outcomes', async () => {
    lk.trunks.push({ sipTrunkId: 'ST_agent', name: 'agent', address: 'x.pstn.twilio.com', numbers: ['+14155550199'] });
    const job = (phone: string) =>
      callJobSchema.parse({ ...jobMetadata(request(phone, 'ST_agent')), dial: true, user_id: crypto.randomUUID(), campaign_id: crypto.randomUUID(), survey_id: crypto.randomUUID(), contact_id: crypto.randomUUID() });
    const rooms = new RoomServiceClient(lk.url, KEY, SECRET);
    const sip = new SipClient(lk.url, KEY, SECRET);
    const answered = job('+14155550131');
    await rooms.createRoom({ name: 'agent-room-1' });
    expect(await dialFromAgent(sip, answered, 'agent-room-1')).toEqual({ ended: null });
    expect(lk.rooms.get('agent-room-1')!.participants[0]).toMatchObject({ identity: `sip-${answered.call_id}` });
    await rooms.createRoom({ name: 'agent-room-2' });
    expect(await dialFromAgent(sip, job('+14155550486'), 'agent-room-2')).toEqual({ ended: { outcome: 'busy', sipStatus: 486, reason: 'Busy Here' } });
    await rooms.createRoom({ name: 'agent-room-3' });
    await expect(dialFromAgent(sip, job('+14155550503'), 'agent-room-3')).rejects.toMatchObject({ status: 503 });
  });

  it('runs a whole campaign on the live providers: answered calls report, busy ones end with their SIP status', async () => {
    agent = (room, metadata) => {
      const job = JSON.parse(metadata) as { workflow_id: string; call_id: string };
      setTimeout(() => void reportCallCompleted(h.client, job.workflow_id, {
        call_id: job.call_id, outcome: 'completed', duration_seconds: 61,
        answers: [{ question_id: 'recommend', raw_answer: 'yes', mapped_value: true, confidence: 0.95, method: 'deterministic' }],
      }), 20);
      void room;
    };
    const userId = await seedUser(h.sql, uniqueEmail('switch'));
    const surveyId = await seedSurvey(h.sql, userId);
    const contacts = ['+14155550121', '+14155550122', '+14155550486', '+14155550123'].map((phone_number, i) => ({ user_id: userId, survey_id: surveyId, phone_number, participant_name: `P${i}` }));
    await h.sql`insert into contacts ${h.sql(contacts, 'user_id', 'survey_id', 'phone_number', 'participant_name')}`;
    const result = await h.result((await h.launch(userId, surveyId)).campaignId);
    expect(result).toMatchObject({ status: 'completed', total_contacts: 4, completed_calls: 3, failed_calls: 1, phone_number: '+14155550199' });
    const busy = await h.sql`select outcome, sip_status from calls where to_number = '+14155550486' and user_id = ${userId}`;
    expect(busy).toEqual([{ outcome: 'busy', sip_status: 486 }]);
  });
});
