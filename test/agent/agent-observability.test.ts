import { fork } from 'node:child_process';
import { initializeLogger, log } from '@livekit/agents';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeFrameworkLogs, tagFrameworkLogs } from '../../agent/logs.ts';
import { JOB_EVENTS_ENV, receiveJobProcessEvents } from '../../agent/metrics.ts';
import { prepareCall, type CallDeps } from '../../agent/prepare-call.ts';
import { reportCallCompleted } from '../../src/campaigns/report-call.ts';
import { seedContacts, seedSurvey, seedUser } from '../../src/dev/seed.ts';
import { metricsRegistry } from '../../src/observability/metrics.ts';
import { startHealthServer } from '../../src/roles/health-server.ts';
import { captureLogs } from '../helpers/capture-logs.ts';
import { createHarness, uniqueEmail, type Harness } from '../helpers/harness.ts';
import { textAgentDialer } from '../helpers/text-agent-dialer.ts';

/** The value of `name{labels}` in a Prometheus text body (0 when absent). */
function value(body: string, name: string, labels = ''): number {
  const line = body.split('\n').find((l) => l.startsWith(labels ? `${name}{${labels}}` : `${name} `));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}

/** A call job's metadata, as the dialer dispatches it. */
const jobFor = (userId: string, surveyId: string) => ({
  call_id: crypto.randomUUID(), attempt: 1, workflow_id: 'campaign-x-contact-y', user_id: userId, campaign_id: crypto.randomUUID(),
  survey_id: surveyId, contact_id: crypto.randomUUID(), participant_name: 'Ada', phone_number: '+14155554141',
  from_number: '+14155554199', trunk_id: 'ST_test',
});

describe("the voice agent's metrics and logs", () => {
  let h: Harness;
  let dialer: ReturnType<typeof textAgentDialer>;
  /** set by a test that runs one call at a time: the framework's lines get that call's ids */
  let tagCalls = false;

  beforeAll(async () => {
    // as in a job process: our agent module routes the framework's logger before the framework sets up its own
    routeFrameworkLogs();
    initializeLogger({ pretty: false, level: 'error' });
    h = await createHarness({
      campaign: { callResultTimeoutMs: 20_000 },
      dialer: () => ({
        name: 'text-agent',
        dial: (request) => {
          if (tagCalls) tagFrameworkLogs({ campaign_id: request.campaignId, contact_id: request.contactId, call_id: request.callId });
          return dialer.dial(request);
        },
        hangUp: (id) => dialer.hangUp(id),
        findCall: (id) => dialer.findCall(id),
      }),
    });
    dialer = textAgentDialer(
      { sql: h.sql, retryDelayMs: 5, report: (workflowId, report) => reportCallCompleted(h.client, workflowId, report) },
      (request) => (request.participantName === 'Participant 2' ? 'opts_out' : request.participantName === 'Participant 4' ? 'hangs_up' : 'cooperative'),
    );
    await h.startWorker();
  });
  afterAll(async () => {
    await dialer?.settle();
    await h?.close();
  });

  const direct = (): CallDeps => ({ sql: h.sql, retryDelayMs: 5, report: async () => ({ delivered: true }) });
  const callsOf = (campaignId: string) =>
    h.sql<{ id: string; contact_id: string; to_number: string }[]>`select id, contact_id, to_number from calls where campaign_id = ${campaignId}`;

  it('counts calls by outcome, their durations and errors, and serves them on /metrics with no id or number', async () => {
    metricsRegistry.resetMetrics();
    const userId = await seedUser(h.sql, uniqueEmail('agent-metrics'));
    const surveyId = await seedSurvey(h.sql, userId);
    await seedContacts(h.sql, userId, surveyId, 4);
    const { campaignId } = await h.launch(userId, surveyId);
    expect(await h.result(campaignId)).toMatchObject({ status: 'completed', completed_calls: 2 });
    await dialer.settle();
    // a call the agent dialed itself that nobody answered, and a dispatch that is not a call job
    const unanswered = { ...jobFor(userId, surveyId), dial: true };
    const prepared = await prepareCall(direct(), JSON.stringify(unanswered));
    await prepared.reportEnded({ outcome: 'no_answer', sipStatus: 480, reason: 'Temporarily Unavailable' });
    await expect(prepareCall(direct(), '{"call_id": "nope", "phone_number": "+14155554242"}')).rejects.toThrow(/not a call job/);

    const server = await startHealthServer(0, () => true);
    try {
      const response = await fetch(`${server.url}/metrics`);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
      const body = await response.text();
      expect(value(body, 'survey_dialer_agent_calls_started_total')).toBe(5);
      expect(value(body, 'survey_dialer_agent_calls_finished_total', 'outcome="completed"')).toBe(2);
      expect(value(body, 'survey_dialer_agent_calls_finished_total', 'outcome="opted_out"')).toBe(1);
      expect(value(body, 'survey_dialer_agent_calls_finished_total', 'outcome="hung_up_early"')).toBe(1);
      expect(value(body, 'survey_dialer_agent_calls_finished_total', 'outcome="no_answer"')).toBe(1);
      expect(value(body, 'survey_dialer_agent_call_duration_seconds_count', 'outcome="completed"')).toBe(2);
      expect(value(body, 'survey_dialer_agent_call_duration_seconds_bucket', 'le="+Inf",outcome="completed"')).toBe(2);
      expect(value(body, 'survey_dialer_agent_errors_total', 'kind="invalid_job"')).toBe(1);
      // the process metrics are there too
      expect(body).toMatch(/^survey_dialer_process_cpu_seconds_total /m);
      const calls = await callsOf(campaignId);
      expect(calls).toHaveLength(4);
      const ids = [campaignId, userId, surveyId, unanswered.call_id, unanswered.contact_id, ...calls.flatMap((c) => [c.id, c.contact_id])];
      for (const id of ids) expect(body).not.toContain(id);
      for (const phone of [...calls.map((c) => c.to_number), unanswered.phone_number]) expect(body).not.toContain(phone.slice(2));
      expect(body).not.toContain('Participant');
    } finally {
      await server.close();
    }
  });

  it("counts, in the main process, what a call in a forked job process records (the framework's IPC channel)", async () => {
    metricsRegistry.resetMetrics();
    receiveJobProcessEvents();
    expect(process.env[JOB_EVENTS_ENV]).toBe(String(process.pid));
    // `fork` was imported before the hook was installed, as the framework's job executor imports it
    const child = fork(new URL('../fixtures/agent/job-process-events.ts', import.meta.url).pathname, [], { execArgv: ['--import', 'tsx'] });
    await new Promise((resolve) => child.on('exit', resolve));
    const body = await metricsRegistry.metrics();
    expect(value(body, 'survey_dialer_agent_calls_started_total')).toBe(1);
    expect(value(body, 'survey_dialer_agent_calls_finished_total', 'outcome="voicemail"')).toBe(1);
    expect(value(body, 'survey_dialer_agent_call_duration_seconds_sum', 'outcome="voicemail"')).toBe(42);
    expect(value(body, 'survey_dialer_agent_errors_total', 'kind="report"')).toBe(1);
  });

  it("writes a call's lines as JSON with its campaign, contact and call ids, the framework's lines too, never a phone number", async () => {
    const logs = captureLogs('info');
    // the framework's level (its --log-level) applies to its lines: debug, so its session says something
    initializeLogger({ pretty: false, level: 'debug' });
    tagCalls = true;
    try {
      const userId = await seedUser(h.sql, uniqueEmail('agent-logs'));
      const surveyId = await seedSurvey(h.sql, userId);
      await seedContacts(h.sql, userId, surveyId, 1);
      const { campaignId } = await h.launch(userId, surveyId);
      expect(await h.result(campaignId)).toMatchObject({ status: 'completed', completed_calls: 1 });
      await dialer.settle();
      const [call] = await callsOf(campaignId);
      const ids = { campaign_id: campaignId, contact_id: call!.contact_id, call_id: call!.id };
      const lines = logs.lines();
      const own = lines.filter((l) => l.component === 'agent');
      expect(own.map((l) => l.msg)).toEqual(['call started', 'call finished', 'call report delivered']);
      for (const line of own) expect(line).toMatchObject({ level: 'info', service: 'survey-dialer', survey_id: surveyId, attempt: 1, ...ids });
      expect(own[1]).toMatchObject({ outcome: 'completed', answers: 4, duration_seconds: expect.any(Number) });
      // the agents framework's own lines (its session, at debug here) go through the same logger with the ids
      const framework = lines.filter((l) => l.component === 'livekit-agents');
      expect(framework.length).toBeGreaterThan(0);
      for (const line of framework) expect(line).toMatchObject({ service: 'survey-dialer', level: expect.stringMatching(/^[a-z]+$/), ...ids });
      // what the agent said (it greets by name) and heard are the framework's lk.pii.* fields: censored
      expect(framework.some((l) => l['lk.pii.message'] === '[redacted]')).toBe(true);
      const text = logs.text();
      expect(text).not.toContain(call!.to_number.slice(2));
      expect(text).not.toContain('Participant 1');
    } finally {
      tagCalls = false;
      logs.restore();
      initializeLogger({ pretty: false, level: 'error' });
    }
  });

  it("strips a job's metadata and the framework's personal-data fields from the framework's lines", () => {
    const logs = captureLogs('info');
    try {
      initializeLogger({ pretty: false, level: 'info' });
      const job = { id: 'AJ_1', agentName: 'survey-voice-agent', room: { sid: 'RM_1', name: 'call-x' }, metadata: JSON.stringify({ phone_number: '+14155554343' }) };
      // as @livekit/agents 1.9.0 logs a failed job request and a deleted room
      log().child({ job, agentName: 'survey-voice-agent' }).info('jobRequestFunc failed');
      log().info({ 'lk.pii.room_name': 'call-x', phone_number: '+14155554343' }, 'room deleted');
      log().child({ 'lk.pii.response': { said: 'Ada' } }).warn('received unexpected inference response');
      const [failed, deleted, inference] = logs.lines().filter((l) => l.component === 'livekit-agents');
      expect(failed).toMatchObject({ msg: 'jobRequestFunc failed', job: { id: 'AJ_1', room_sid: 'RM_1' } });
      expect(deleted).toMatchObject({ msg: 'room deleted', 'lk.pii.room_name': '[redacted]', phone_number: '[redacted]' });
      expect(inference).toMatchObject({ 'lk.pii.response': '[redacted]' });
      expect(logs.text()).not.toMatch(/4155554343|metadata|Ada/);
    } finally {
      logs.restore();
      initializeLogger({ pretty: false, level: 'error' });
    }
  });
});
