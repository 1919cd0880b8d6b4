import { randomBytes } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/activity';
import { WorkflowFailedError } from '@temporalio/client';
import { SipClient } from 'livekit-server-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.ts';
import { createSecretBox } from '../../src/crypto/secret-box.ts';
import { LiveKitTrunkProvider } from '../../src/telephony/live/livekit-trunks.ts';
import { TwilioNumberProvider } from '../../src/telephony/live/twilio-numbers.ts';
import { TwilioRecordings } from '../../src/telephony/live/twilio-recordings.ts';
import { trunkTag, TwilioTermination } from '../../src/telephony/live/twilio-termination.ts';
import { ensureUpkeepSchedule } from '../../src/temporal/upkeep-schedule.ts';
import { createDataConverter } from '../../src/temporal/data-converter.ts';
import { PayloadKeyUnknownError } from '../../src/temporal/payload-codec.ts';
import { Client } from '@temporalio/client';
import type { DataUpkeepResult } from '../../workflows/data-upkeep.ts';
import { failureTypes } from '../../workflows/messages.ts';
import { createApiHarness, questions, read, type ApiHarness } from '../helpers/api-harness.ts';
import { uniqueEmail } from '../helpers/harness.ts';
import { startLiveKitStandIn } from '../helpers/livekit-standin.ts';
import { startTwilioStandIn } from '../helpers/twilio-standin.ts';

const ACCOUNT = `AC${'4'.repeat(32)}`;
const TOKEN = 'd'.repeat(32);
const LK_SECRET = 'livekit-secret-livekit-secret-0000';

interface CallRow {
  id: string;
  contact_id: string;
  from_number: string;
  to_number: string;
  dialed_at: Date;
  duration_seconds: number | null;
}

describe('call recordings: the Twilio trunk records from answer, the upkeep links them, the API streams them', () => {
  let tw: Awaited<ReturnType<typeof startTwilioStandIn>>;
  let lk: Awaited<ReturnType<typeof startLiveKitStandIn>>;
  let api: ApiHarness;
  let app: ReturnType<typeof createApp>;
  let token: string;
  let userId: string;
  let recordingSurvey: string;
  let plainSurvey: string;
  let recordedCalls: CallRow[];
  const media = new Map<string, Buffer>();
  /** set: the link step fails as it would with Twilio down once its retries are spent */
  let linkingDown = false;

  const recordings = () => new TwilioRecordings({ client: tw.client(), accountSid: ACCOUNT, authToken: TOKEN, apiBaseUrl: `${tw.url}/api` });
  const call = (method: string, path: string, t = token) => app.request(path, { method, headers: { authorization: `Bearer ${t}` } });
  const upkeep = () =>
    api.engine.client.workflow.execute('dataUpkeepWorkflow', { taskQueue: api.engine.taskQueue, workflowId: `upkeep-${randomBytes(4).toString('hex')}`, args: [] }) as Promise<DataUpkeepResult>;
  const callsOf = async (campaignId: string) =>
    api.engine.sql<CallRow[]>`select id, contact_id, from_number, to_number, dialed_at, duration_seconds from calls where campaign_id = ${campaignId} order by created_at`;
  /** what Twilio would have logged for our calls: one trunk call each, just after our dial, recorded if the trunk says so */
  const carrierPlaces = (calls: CallRow[]) => {
    for (const c of calls.filter((k) => (k.duration_seconds ?? 0) > 0)) {
      const audio = randomBytes(64);
      // an earlier call to the same person (a retry three minutes before) must not be taken for this one
      tw.placeTrunkCall({ from: c.from_number, to: c.to_number, startTime: new Date(c.dialed_at.getTime() - 180_000), durationSeconds: 5 });
      const placed = tw.placeTrunkCall({ from: c.from_number, to: c.to_number, startTime: new Date(c.dialed_at.getTime() + 1_000), durationSeconds: Math.ceil(c.duration_seconds!), media: audio });
      if (placed.recordingSid) media.set(c.id, audio);
    }
  };
  const launch = async (surveyId: string, phones: string[]) => {
    await api.call('POST', `/surveys/${surveyId}/contacts`, { token, json: { contacts: phones.map((phone_number) => ({ phone_number })) } });
    const { campaign_id: campaignId } = await read(await api.call('POST', '/campaigns/launch', { token, json: { survey_id: surveyId } }));
    await api.engine.result(campaignId);
    // the upkeep waits 30 s after a call ends for the carrier to finish the recording
    await api.engine.sql`update calls set ended_at = ended_at - interval '1 minute' where campaign_id = ${campaignId}`;
    return campaignId as string;
  };

  beforeAll(async () => {
    tw = await startTwilioStandIn({ accountSid: ACCOUNT, authToken: TOKEN, inventory: { US: ['+14155550188'] } });
    lk = await startLiveKitStandIn({ apiKey: 'APIkey', apiSecret: LK_SECRET });
    const secrets = createSecretBox(randomBytes(32).toString('base64'));
    // a schema of its own: the data upkeep it runs links, deletes and erases for every user, by design
    api = await createApiHarness({
      ownSchema: 'recordings',
      callDelayMs: 5,
      // contact ids are random, so a mix would decide by chance which calls connect: each test fixes its own
      outcomeByNumber: { '+14155550303': 'no_answer', '+14155550306': 'no_answer', '+14155550312': 'no_answer' },
      numbers: () => new TwilioNumberProvider({ client: tw.client(), countries: ['US'], voiceUrl: 'https://api.test/twilio/voice' }),
      trunks: (_, sql) =>
        new LiveKitTrunkProvider({ sip: new SipClient(lk.url, 'APIkey', LK_SECRET), termination: new TwilioTermination({ client: tw.client(), sql, secrets }) }),
      recordings: recordings(),
      activities: (built) => ({
        ...built,
        linkCallRecordings: () => (linkingDown ? Promise.reject(ApplicationFailure.nonRetryable('Twilio is down', 'ProviderUnavailable')) : built.linkCallRecordings()),
      }),
    });
    app = createApp({ ...api.deps, recordings: recordings() });
    await api.engine.startWorker();
    ({ token, userId } = await api.signIn(uniqueEmail('recordings')));
    const created = await read(await api.call('POST', '/surveys', { token, json: { title: 'Recorded', json_questionnaire: questions, record_calls: true, retention_days: 30 } }));
    expect(created).toMatchObject({ record_calls: true, retention_days: 30 });
    recordingSurvey = created.id;
    plainSurvey = (await read(await api.call('POST', '/surveys', { token, json: { title: 'Not recorded', json_questionnaire: questions } }))).id;
  });
  afterAll(async () => {
    await api?.close();
    await tw?.close();
    await lk?.close();
  });

  it("sets the trunk to record from answer at launch, links each connected call's recording and streams it without Twilio's address or credentials", async () => {
    const campaignId = await launch(recordingSurvey, ['+14155550301', '+14155550302', '+14155550303', '+14155550304', '+14155550305', '+14155550306']);
    const trunk = tw.state.trunks.find((t) => t.friendly_name === trunkTag(userId))!;
    expect(tw.state.trunkRecording.get(trunk.sid)).toEqual({ mode: 'record-from-answer', trim: 'do-not-trim' });
    expect(tw.requests.some((r) => r.method === 'POST' && r.path === `/v1/Trunks/${trunk.sid}/Recording` && r.form.Mode === 'record-from-answer')).toBe(true);

    const calls = await callsOf(campaignId);
    const connected = calls.filter((c) => (c.duration_seconds ?? 0) > 0);
    expect(calls.filter((c) => !c.duration_seconds).map((c) => c.to_number).sort()).toEqual(['+14155550303', '+14155550306']);
    expect(connected).toHaveLength(4);
    carrierPlaces(calls);
    recordedCalls = connected;

    // the carrier fails one call's lookup: the others are linked all the same, that one on the next run
    tw.faults.push({ method: 'GET', path: /\/Calls\.json$/, kind: 'error', status: 500 });
    const result = await upkeep();
    expect(result.recordings).toEqual({ linked: connected.length - 1, discarded: 0, missing: 0, failed: 1 });
    expect(tw.faults.splice(0).map((f) => f.times)).toEqual([0]);
    expect((await upkeep()).recordings).toEqual({ linked: 1, discarded: 0, missing: 0, failed: 0 });
    // a third run finds nothing new to link
    expect((await upkeep()).recordings.linked).toBe(0);
    expect(await api.engine.sql`select 1 from call_recordings where call_id = any(${connected.map((c) => c.id)}::uuid[])`).toHaveLength(connected.length);

    const first = connected[0]!;
    const response = await call('GET', `/calls/${first.id}/recording`);
    expect(response.status).toBe(200);
    const body = await read(response);
    expect(body).toMatchObject({ call_id: first.id, provider: 'twilio', channels: 1, content_type: 'audio/mpeg', media_url: `/calls/${first.id}/recording/media` });
    expect(body.duration_seconds).toBe(Math.ceil(first.duration_seconds!));
    const text = JSON.stringify(body);
    for (const secret of [ACCOUNT, TOKEN, 'twilio.com', tw.url]) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/"RE[0-9a-f]{32}"/);

    const audio = await call('GET', body.media_url);
    expect(audio.status).toBe(200);
    expect(audio.headers.get('content-type')).toBe('audio/mpeg');
    expect(audio.headers.get('cache-control')).toBe('private, no-store');
    expect(Buffer.from(await audio.arrayBuffer()).equals(media.get(first.id)!)).toBe(true);
    // the stand-in saw the account's credentials; the client never did
    expect(tw.requests.some((r) => r.method === 'GET' && r.path.endsWith('.mp3'))).toBe(true);

    const unanswered = calls.find((c) => !c.duration_seconds)!;
    const none = await call('GET', `/calls/${unanswered.id}/recording`);
    expect(none.status).toBe(404);
    expect((await read(none)).error.code).toBe('not_found');
  });

  it("shows another user nothing of them, and answers 404 for unknown or malformed ids", async () => {
    const other = (await api.signIn(uniqueEmail('recordings-other'))).token;
    const id = recordedCalls[0]!.id;
    for (const path of [`/calls/${id}/recording`, `/calls/${id}/recording/media`]) {
      const response = await call('GET', path, other);
      expect(response.status).toBe(404);
      expect(await read(response)).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
    }
    expect((await call('GET', `/calls/${crypto.randomUUID()}/recording`)).status).toBe(404);
    // a malformed id names nothing, as everywhere in the API
    expect((await call('GET', '/calls/not-a-uuid/recording/media')).status).toBe(404);
  });

  it("deletes at Twilio the recordings of calls whose own survey does not record (the trunk records all the user's calls)", async () => {
    const campaignId = await launch(plainSurvey, ['+14155550311', '+14155550312', '+14155550313']);
    const calls = await callsOf(campaignId);
    const before = tw.state.recordings.length;
    carrierPlaces(calls);
    const made = tw.state.recordings.slice(before);
    const connected = calls.filter((c) => (c.duration_seconds ?? 0) > 0);
    expect(connected.map((c) => c.to_number).sort()).toEqual(['+14155550311', '+14155550313']);
    expect(made.length).toBe(connected.length * 2);

    const result = await upkeep();
    expect(result.recordings).toEqual({ linked: 0, discarded: connected.length, missing: 0, failed: 0 });
    // queued by the link step, deleted by the same run's deletion step
    expect(result.deletions).toEqual({ deleted: connected.length, failed: 0 });
    // the matched recording of each call is deleted; the decoy retry's is another call's, untouched
    expect(made.filter((r) => r.deleted)).toHaveLength(connected.length);
    for (const c of connected) expect((await call('GET', `/calls/${c.id}/recording`)).status).toBe(404);
  });

  it('erasing a contact deletes its recording at Twilio on the next upkeep run', async () => {
    const victim = recordedCalls[1] ?? recordedCalls[0]!;
    const [link] = await api.engine.sql<{ provider_recording_sid: string }[]>`select provider_recording_sid from call_recordings where call_id = ${victim.id}`;
    const erased = await api.call('DELETE', `/surveys/${recordingSurvey}/contacts/${victim.contact_id}`, { token });
    expect(erased.status).toBe(204);
    expect(tw.state.recordings.find((r) => r.sid === link!.provider_recording_sid)!.deleted).toBeUndefined();
    const result = await upkeep();
    expect(result.deletions).toEqual({ deleted: 1, failed: 0 });
    expect(tw.state.recordings.find((r) => r.sid === link!.provider_recording_sid)!.deleted).toBe(true);
    expect(await api.engine.sql`select 1 from recording_deletions`).toHaveLength(0);
  });

  it('keeps a deletion Twilio failed queued with its error and retries it; a carrier failure on playback is a 502 in the one error body', async () => {
    const target = recordedCalls.find((c) => c.id !== (recordedCalls[1] ?? recordedCalls[0])!.id)!;
    const [link] = await api.engine.sql<{ provider_recording_sid: string }[]>`select provider_recording_sid from call_recordings where call_id = ${target.id}`;

    tw.faults.push({ method: 'GET', path: new RegExp(`Recordings/${link!.provider_recording_sid}\\.mp3$`), kind: 'error', status: 500 });
    const failed = await call('GET', `/calls/${target.id}/recording/media`);
    expect(failed.status).toBe(502);
    expect(await read(failed)).toEqual({ error: { code: 'recording_unavailable', message: expect.any(String) } });

    await api.engine.sql`delete from call_recordings where call_id = ${target.id}`;
    tw.faults.push({ method: 'DELETE', path: /Recordings\//, kind: 'error', status: 500 });
    expect((await upkeep()).deletions).toEqual({ deleted: 0, failed: 1 });
    const [queued] = await api.engine.sql`select attempts, last_error from recording_deletions where provider_recording_sid = ${link!.provider_recording_sid}`;
    expect(queued).toMatchObject({ attempts: 1, last_error: expect.stringMatching(/.+/) });
    expect((await upkeep()).deletions).toEqual({ deleted: 1, failed: 0 });
    expect(tw.faults.map((f) => f.times)).toEqual([0, 0]);
    expect(tw.state.recordings.find((r) => r.sid === link!.provider_recording_sid)!.deleted).toBe(true);
    expect((await call('GET', `/calls/${target.id}/recording/media`)).status).toBe(404);
  });

  it('gives up on a media request the carrier does not answer in time, which playback answers 502', async () => {
    const hanging: typeof fetch = (_url, init) =>
      new Promise((_resolve, reject) => init!.signal!.addEventListener('abort', () => reject(init!.signal!.reason)));
    const slow = new TwilioRecordings({ client: tw.client(), accountSid: ACCOUNT, authToken: TOKEN, apiBaseUrl: `${tw.url}/api`, fetch: hanging, mediaTimeoutMs: 50 });
    await expect(slow.fetchMedia(`RE${'0'.repeat(32)}`)).rejects.toThrow(/within 50 ms/);
    const slowApp = createApp({ ...api.deps, recordings: slow });
    const response = await slowApp.request(`/calls/${recordedCalls[0]!.id}/recording/media`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(502);
    expect((await read(response)).error.code).toBe('recording_unavailable');
  });

  it('runs retention and the deletions when linking fails, then fails the run so operators see it', async () => {
    const target = recordedCalls[3]!;
    const [link] = await api.engine.sql<{ provider_recording_sid: string }[]>`select provider_recording_sid from call_recordings where call_id = ${target.id}`;
    await api.engine.sql`delete from call_recordings where call_id = ${target.id}`;
    linkingDown = true;
    try {
      const failure = await upkeep().catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(WorkflowFailedError);
      const cause = (failure as WorkflowFailedError).cause as ApplicationFailure;
      expect(cause.type).toBe(failureTypes.dataUpkeepStepsFailed);
      expect(cause.details).toEqual([{ failedSteps: ['recordings'], retention: { erasedCalls: 0 }, deletions: { deleted: 1, failed: 0 } }]);
    } finally {
      linkingDown = false;
    }
    expect(tw.state.recordings.find((r) => r.sid === link!.provider_recording_sid)!.deleted).toBe(true);
  });

  it("turns the trunk's recording off at the next launch once none of the user's surveys records", async () => {
    await api.call('PATCH', `/surveys/${recordingSurvey}`, { token, json: { record_calls: false } });
    const survey = (await read(await api.call('POST', '/surveys', { token, json: { title: 'Later', json_questionnaire: questions } }))).id;
    await launch(survey, ['+14155550321']);
    const trunk = tw.state.trunks.find((t) => t.friendly_name === trunkTag(userId))!;
    expect(tw.state.trunkRecording.get(trunk.sid)).toEqual({ mode: 'do-not-record', trim: 'do-not-trim' });
  });

  it('keeps the upkeep schedule in Temporal: created once, unchanged on a restart, updated when the interval changes', async () => {
    const scheduleId = `data-upkeep-test-${randomBytes(4).toString('hex')}`;
    const options = { taskQueue: api.engine.taskQueue, intervalMs: 300_000, scheduleId };
    try {
      expect(await ensureUpkeepSchedule(api.engine.client, options)).toBe('created');
      expect(await ensureUpkeepSchedule(api.engine.client, options)).toBe('unchanged');
      expect(await ensureUpkeepSchedule(api.engine.client, { ...options, intervalMs: 60_000 })).toBe('updated');
      const described = await api.engine.client.schedule.getHandle(scheduleId).describe();
      expect(described.spec.intervals?.map((i) => i.every)).toEqual([60_000]);
      expect(described.action).toMatchObject({ type: 'startWorkflow', workflowType: 'dataUpkeepWorkflow', taskQueue: api.engine.taskQueue });
      expect(described.policies.overlap).toBe('SKIP');
    } finally {
      await api.engine.client.schedule.getHandle(scheduleId).delete();
    }
  });

  it('makes again a schedule written with a payload key this worker does not hold, instead of failing to start', async () => {
    const scheduleId = `data-upkeep-test-${randomBytes(4).toString('hex')}`;
    const options = { taskQueue: api.engine.taskQueue, intervalMs: 300_000, scheduleId };
    // another deployment's (or a rotated-out) key sealed the schedule's memo
    const other = new Client({ connection: api.engine.client.connection, dataConverter: createDataConverter([{ id: 'retired', key: randomBytes(32) }]) });
    await other.schedule.create({
      scheduleId,
      spec: { intervals: [{ every: 60_000 }] },
      action: { type: 'startWorkflow', workflowType: 'dataUpkeepWorkflow', taskQueue: api.engine.taskQueue, workflowId: scheduleId, args: [] },
      memo: { note: 'sealed with a key the worker does not have' },
    });
    try {
      await expect(api.engine.client.schedule.getHandle(scheduleId).describe()).rejects.toBeInstanceOf(PayloadKeyUnknownError);
      expect(await ensureUpkeepSchedule(api.engine.client, options)).toBe('recreated');
      const described = await api.engine.client.schedule.getHandle(scheduleId).describe();
      expect(described.spec.intervals?.map((i) => i.every)).toEqual([300_000]);
      expect(described.memo).toBeUndefined();
      expect(await ensureUpkeepSchedule(api.engine.client, options)).toBe('unchanged');
    } finally {
      await api.engine.client.schedule.getHandle(scheduleId).delete();
    }
  });
});
