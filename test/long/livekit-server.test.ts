// `npm run test:long`: a survey campaign in live mode against a real LiveKit server (built from source
// by scripts/livekit-server.sh, loopback only, the machine's Redis), with the project's agent worker
// registered with it. Real: livekit-server and its Twirp API, the outbound SIP trunk it stores, the
// rooms, the explicit agent dispatch, the agent worker's registration and job, WebRTC (on 127.0.0.1)
// and the agents framework's text streams over it, the Temporal workflows, PostgreSQL. Emulated: the
// phone network (CreateSIPParticipant needs a SIP bridge; a proxy joins a scripted participant instead)
// and Twilio (the local stand-in); speech (the agent runs with AGENT_IO=text: no STT/TTS).
import { randomBytes } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { AgentDispatchClient, RoomServiceClient, SipClient } from 'livekit-server-sdk';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createSecretBox } from '../../src/crypto/secret-box.ts';
import { sampleQuestionnaire, seedContacts, seedSurvey, seedUser } from '../../src/dev/seed.ts';
import { freePort } from '../../src/temporal/dev-server.ts';
import { LiveKitDialer } from '../../src/telephony/live/livekit-dialer.ts';
import { LiveKitTrunkProvider } from '../../src/telephony/live/livekit-trunks.ts';
import { TwilioNumberProvider } from '../../src/telephony/live/twilio-numbers.ts';
import { trunkTag, TwilioTermination } from '../../src/telephony/live/twilio-termination.ts';
import { createHarness, uniqueEmail, type Harness } from '../helpers/harness.ts';
import { startSipEmulatingProxy, type EmulatedDial } from '../helpers/livekit-sip-proxy.ts';
import { startRealLiveKit, type RealLiveKit } from '../helpers/livekit-server.ts';
import { joinAsTextRespondent, type TextRespondent, type TextScript } from '../helpers/text-respondent.ts';
import { startTwilioStandIn } from '../helpers/twilio-standin.ts';
import { waitFor } from '../helpers/wait-for.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const ACCOUNT = `AC${'2'.repeat(32)}`;
const TOKEN = 'c'.repeat(32);
const agentName = `survey-agent-${randomBytes(3).toString('hex')}`;

/** A person who answers every question; one who opts out at the second; one who hangs up at the third. */
const answers: Record<string, string> = {
  visit_frequency: 'About once a month',
  satisfaction: 'I would give it a four',
  recommend: 'Yes, definitely',
  comments: 'The staff were friendly.',
};
const scriptFor = (name: string): TextScript => {
  let asked = 0;
  return (line) => {
    const question = sampleQuestionnaire.find((q) => line.includes(q.text));
    if (!question) return asked === 0 ? 'Sure, go ahead.' : null;
    asked++;
    if (name === 'Participant 2' && asked === 2) return 'Actually, please stop calling me.';
    if (name === 'Participant 3' && asked === 3) return { hangUp: true };
    return answers[question.id]!;
  };
};

let lk: RealLiveKit;
let proxy: Awaited<ReturnType<typeof startSipEmulatingProxy>>;
let tw: Awaited<ReturnType<typeof startTwilioStandIn>>;
let h: Harness;
let agent: ChildProcess | undefined;
let agentOutput = '';
let agentMetricsUrl = '';
const respondents = new Map<string, TextRespondent>();

beforeAll(async () => {
  lk = await startRealLiveKit();
  proxy = await startSipEmulatingProxy({
    upstream: lk.httpUrl,
    apiKey: lk.apiKey,
    apiSecret: lk.apiSecret,
    answer: async (dial: EmulatedDial) => {
      respondents.set(dial.name, await joinAsTextRespondent(lk, dial, scriptFor(dial.name)));
    },
  });
  tw = await startTwilioStandIn({ accountSid: ACCOUNT, authToken: TOKEN, inventory: { US: ['+14155550160'] } });
  const secrets = createSecretBox(randomBytes(32).toString('base64'));
  // the service's LiveKit clients all go through the proxy, as the service's LIVEKIT_URL would
  const credentials = [proxy.url, lk.apiKey, lk.apiSecret] as const;
  h = await createHarness({
    campaign: { callResultTimeoutMs: 60_000 },
    numbers: () => new TwilioNumberProvider({ client: tw.client({ timeoutMs: 2_000 }), countries: ['US'], voiceUrl: 'https://api.example.test/twilio/voice' }),
    trunks: (_, sql) => new LiveKitTrunkProvider({ sip: new SipClient(...credentials), termination: new TwilioTermination({ client: tw.client({ timeoutMs: 2_000 }), sql, secrets }) }),
    dialer: () =>
      new LiveKitDialer({
        rooms: new RoomServiceClient(...credentials),
        dispatch: new AgentDispatchClient(...credentials),
        sip: new SipClient(...credentials),
        agentName,
        ringingTimeoutSeconds: 30,
        maxCallDurationSeconds: 300,
      }),
  });
  await h.startWorker();

  // the project's agent worker, as `npm run agent -- start` runs it, registered with the real server
  const agentMetricsPort = await freePort();
  agentMetricsUrl = `http://127.0.0.1:${agentMetricsPort}/metrics`;
  agent = spawn(process.execPath, ['--import', 'tsx', 'agent/main.ts', 'start', '--log-level', 'info'], {
    cwd: root,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      NODE_ENV: 'development',
      LIVEKIT_URL: lk.wsUrl,
      LIVEKIT_API_KEY: lk.apiKey,
      LIVEKIT_API_SECRET: lk.apiSecret,
      LIVEKIT_AGENT_NAME: agentName,
      AGENT_IO: 'text',
      AGENT_HTTP_HOST: '127.0.0.1',
      AGENT_HTTP_PORT: String(await freePort()),
      AGENT_METRICS_PORT: String(agentMetricsPort),
      // this machine's cores are shared with other work: at 100 % CPU livekit-server sends the worker no job
      AGENT_MAX_CALLS: '4',
      AGENT_IDLE_PROCESSES: '1',
      // loading a job process (tsx compiling its imports) takes longer than the default 10 s here
      AGENT_INIT_TIMEOUT_SECONDS: '120',
      DATABASE_URL: inject('databaseUrl'),
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      OPENAI_API_KEY: '',
      DEEPGRAM_API_KEY: '',
    },
  });
  agent.stdout!.on('data', (d) => (agentOutput += d));
  agent.stderr!.on('data', (d) => (agentOutput += d));
  await waitFor('the agent worker to register with livekit-server', () => {
    if (agent!.exitCode !== null) throw new Error(`the agent worker exited:\n${agentOutput}`);
    return agentOutput.includes('registered worker');
  }, 180_000, 250);
}, 25 * 60_000);

afterAll(async () => {
  // for a failed run: what the agent worker and the server said
  await mkdir(`${root}test-artifacts/livekit`, { recursive: true });
  await writeFile(`${root}test-artifacts/livekit/agent-worker.log`, agentOutput);
  if (lk) await writeFile(`${root}test-artifacts/livekit/livekit-server.log`, lk.output());
  for (const r of respondents.values()) await r.hangUp().catch(() => undefined);
  if (agent?.pid && agent.exitCode === null) process.kill(-agent.pid, 'SIGKILL');
  await h?.close();
  await proxy?.close();
  await tw?.close();
  await lk?.stop();
});

describe('a live-mode campaign against a real LiveKit server, the agent worker talking in text', () => {
  it('creates the trunk, rooms and dispatches on the server; the agent takes each job, runs the survey and the answers are stored', async () => {
    const userId = await seedUser(h.sql, uniqueEmail('livekit'));
    const surveyId = await seedSurvey(h.sql, userId);
    await seedContacts(h.sql, userId, surveyId, 3);
    const { campaignId } = await h.launch(userId, surveyId);
    const result = await h.result(campaignId);
    expect(result).toMatchObject({ status: 'completed', completed_calls: 1, failed_calls: 2 });

    // the trunk is on the real server, named for the user, pointing at the (stand-in) Twilio domain
    const trunks = await new SipClient(lk.httpUrl, lk.apiKey, lk.apiSecret).listSipOutboundTrunk();
    const trunk = trunks.find((t) => t.name === trunkTag(userId));
    expect(trunk).toMatchObject({ address: tw.state.trunks[0]!.domain_name, numbers: ['+14155550160'] });
    const [user] = await h.sql`select livekit_trunk_id from users where id = ${userId}`;
    expect(user!.livekit_trunk_id).toBe(trunk!.sipTrunkId);

    // every LiveKit call but the dial went to the real server; the dial was the emulated one
    const forwarded = new Set(proxy.calls.filter((c) => !c.emulated && c.status === 200).map((c) => c.method));
    expect([...forwarded]).toEqual(expect.arrayContaining(['ListSIPOutboundTrunk', 'CreateSIPOutboundTrunk', 'CreateRoom', 'ListParticipants', 'ListDispatch', 'CreateDispatch']));
    expect(proxy.calls.filter((c) => c.emulated)).toEqual(Array(3).fill({ method: 'CreateSIPParticipant', status: 200, emulated: true }));
    // one named dispatch per call, and the agent worker got the jobs from the server (a job may be offered again)
    expect(proxy.calls.filter((c) => c.method === 'CreateDispatch' && c.status === 200)).toHaveLength(3);
    expect(agentOutput.match(/received job request/g)?.length ?? 0).toBeGreaterThanOrEqual(3);

    const calls = await h.calls(campaignId);
    expect(calls.map((c) => [c.participant_name, c.outcome, c.answers])).toEqual([
      ['Participant 1', 'completed', 4],
      ['Participant 2', 'opted_out', 1],
      // left the room at the third question: the agent saw the participant go, the two answers are kept
      ['Participant 3', 'hung_up_early', 2],
    ]);
    const stored = await h.sql<{ question_id: string; raw_answer: string }[]>`
      select r.question_id, r.raw_answer from responses r join calls k on k.id = r.call_id join contacts c on c.id = k.contact_id
      where k.campaign_id = ${campaignId} and c.participant_name = 'Participant 1' order by r.question_id`;
    expect(stored.map((r) => r.question_id)).toEqual(['comments', 'recommend', 'satisfaction', 'visit_frequency']);
    const [dnc] = await h.sql`select count(*)::int as n from do_not_call where user_id = ${userId}`;
    expect(dnc!.n).toBe(1);

    // what the respondent read over the room's text streams is what the agent's transcript says it said
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('the agent did not end the calls within 60 s')), 60_000)));
    await Promise.race([Promise.all([...respondents.values()].map((r) => r.left)), timeout]).finally(() => clearTimeout(timer));
    const first = respondents.get('Participant 1')!;
    expect(first.transcript[0]).toEqual({ role: 'agent', text: expect.stringMatching(/^Hi Participant 1! .*"Customer satisfaction"/) });
    expect(first.transcript.filter((t) => t.role === 'user').map((t) => t.text)).toEqual(['Sure, go ahead.', ...Object.values(answers)]);
    const agentLines = (lines: { role: string; text: string }[]) => lines.filter((t) => t.role === 'agent').map((t) => t.text.trim());
    // every line the respondent read is the stored transcript's, in order; on a loaded machine the room
    // may close before the agent's last line (the goodbye) reaches it, never earlier
    const sameLines = (stored: { role: string; text: string }[], read: { role: string; text: string }[]) => {
      const [said, heard] = [agentLines(stored), agentLines(read)];
      expect(heard.length).toBeGreaterThanOrEqual(said.length - 1);
      expect(said.slice(0, heard.length)).toEqual(heard);
    };
    sameLines(calls[0]!.transcript, first.transcript);
    const second = respondents.get('Participant 2')!;
    expect(second.transcript.filter((t) => t.role === 'user').map((t) => t.text)).toEqual(['Sure, go ahead.', answers.visit_frequency, 'Actually, please stop calling me.']);
    sameLines(calls[1]!.transcript, second.transcript);

    // the calls ran in the framework's job processes; their counts reached the main process's /metrics
    const metrics = await (await fetch(agentMetricsUrl)).text();
    const count = (series: string) => Number(metrics.split('\n').find((l) => l.startsWith(`${series} `))?.split(' ')[1] ?? 0);
    expect(count('survey_dialer_agent_calls_started_total')).toBe(3);
    expect(['completed', 'opted_out', 'hung_up_early'].map((o) => count(`survey_dialer_agent_calls_finished_total{outcome="${o}"}`))).toEqual([1, 1, 1]);
    const callIds = (await h.sql<{ id: string }[]>`select id from calls where campaign_id = ${campaignId}`).map((c) => c.id);
    expect(callIds).toHaveLength(3);
    for (const id of callIds) expect(metrics).not.toContain(id);
    // each call's lines, the framework's included, are the project's JSON with the call's ids
    const lines = agentOutput.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
    for (const id of callIds) {
      const own = lines.filter((l) => l.call_id === id);
      expect(own.filter((l) => l.component === 'agent').map((l) => l.msg)).toEqual(expect.arrayContaining(['call started', 'call finished']));
      expect(own.some((l) => l.component === 'livekit-agents')).toBe(true);
      for (const l of own) expect(l).toMatchObject({ service: 'survey-dialer', campaign_id: campaignId });
    }
    expect(lines.filter((l) => l.msg === 'registered worker')).toEqual([expect.objectContaining({ component: 'livekit-agents', level: 'info' })]);
    expect(agentOutput).not.toMatch(/\+1415555\d{4}/);
  }, 10 * 60_000);
});
