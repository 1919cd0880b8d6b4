// The chaos run (issue #8): one campaign in live telephony mode against the Twilio and LiveKit
// stand-ins, its worker process killed with -9 again and again and the Temporal server killed too,
// each restarted; then the provider's and the database's records are checked for duplicate dials,
// contacts left without an outcome and calls lost to the crashes. Bounded in time throughout.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode } from '@temporalio/worker';
import { launchCampaign } from '../../src/campaigns/launch-campaign.ts';
import { reportCallCompleted } from '../../src/campaigns/report-call.ts';
import { loadConfig } from '../../src/config.ts';
import { createSql, type Sql } from '../../src/db/client.ts';
import { seedContacts, seedSurvey, seedUser } from '../../src/dev/seed.ts';
import { callJobSchema } from '../../src/domain/call-job.ts';
import { createDataConverter } from '../../src/temporal/data-converter.ts';
import { freePort } from '../../src/temporal/dev-server.ts';
import { devPayloadKey } from '../../src/temporal/payload-codec.ts';
import { resolveTemporalExecutable } from '../../src/temporal/temporal-cli.ts';
import { workflowsPath } from '../../src/temporal/worker.ts';
import { startLiveKitStandIn } from '../../test/helpers/livekit-standin.ts';
import { startTwilioStandIn } from '../../test/helpers/twilio-standin.ts';
import { pause, waitFor } from '../../test/helpers/wait-for.ts';
import { quietBundler } from '../quiet-bundler.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

export interface ChaosOptions {
  contacts: number;
  /** kill -9 of the worker process, spread over the run */
  workerKills: number;
  /** kill -9 of the Temporal server, at even points among the worker kills */
  serverKills: number;
  /** time between a worker's start and its kill */
  killEveryMs: number;
  window: number;
  /** the whole run, set-up included, gives up after this */
  deadlineMs: number;
  adminDatabaseUrl: string;
  log: (line: string) => void;
}

export interface ChaosReport {
  completed: boolean;
  seconds: number;
  workerKills: number;
  serverKills: number;
  contacts: number;
  completedContacts: number;
  /** call ids the provider was asked to dial more than once */
  duplicateDialsByCallId: number;
  /** numbers dialed more often than the campaign has attempts for that contact */
  duplicateDialsByNumber: number;
  contactsWithoutFinalOutcome: number;
  completedCallsWithoutAnswers: number;
  /** attempts that ended as ours (lost worker, lost dial, no report) */
  callsLostToCrashes: number;
  /** contacts with such a loss that still completed: the loss used none of their one attempt */
  lostContactsCompletedAnyway: number;
  lostContacts: number;
}

const ACCOUNT_SID = `AC${'5'.repeat(32)}`;
const AUTH_TOKEN = 'e'.repeat(32);
const LIVEKIT_KEY = 'chaos-key';
const LIVEKIT_SECRET = 'chaos-secret-chaos-secret-chaos-secret';
const CALL_MS = 300;

export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  const started = Date.now();
  const deadline = started + options.deadlineMs;
  const left = () => deadline - Date.now();
  const { log } = options;
  const dir = await mkdtemp(path.join(tmpdir(), 'survey-dialer-chaos-'));
  const children = new Set<ChildProcess>();
  const admin = createSql(options.adminDatabaseUrl, { max: 1 });
  const databaseName = `survey_dialer_chaos_${process.pid}`;
  let sql: Sql | undefined;
  let connection: Connection | undefined;
  let lk: Awaited<ReturnType<typeof startLiveKitStandIn>> | undefined;
  let tw: Awaited<ReturnType<typeof startTwilioStandIn>> | undefined;
  try {
    log('chaos: bundling the workflows once for every worker start');
    const bundlePath = path.join(dir, 'workflows.js');
    await writeFile(bundlePath, (await bundleWorkflowCode({ workflowsPath, logger: quietBundler })).code);

    await admin.unsafe(`drop database if exists ${databaseName} with (force)`);
    await admin.unsafe(`create database ${databaseName}`);
    const url = new URL(options.adminDatabaseUrl);
    url.pathname = `/${databaseName}`;
    const databaseUrl = url.toString();

    // the fake agent: an answered call talks for CALL_MS, reports like the real agent (retrying while
    // Temporal is down), then the call ends and its room goes away
    const reports: Promise<void>[] = [];
    let client: Client | undefined;
    lk = await startLiveKitStandIn({
      apiKey: LIVEKIT_KEY,
      apiSecret: LIVEKIT_SECRET,
      onAnswered: (room, metadata) => reports.push(agentCall(room, metadata)),
    });
    tw = await startTwilioStandIn({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, inventory: { US: ['+14155550142'] } });
    const agentCall = async (room: string, metadata: string) => {
      const job = callJobSchema.parse(JSON.parse(metadata));
      await pause(CALL_MS);
      const report = {
        call_id: job.call_id,
        outcome: 'completed' as const,
        answers: [{ question_id: 'back', raw_answer: 'yes', mapped_value: true, confidence: 1, method: 'deterministic' as const }],
        transcript: [{ role: 'participant' as const, text: 'yes' }],
        duration_seconds: CALL_MS / 1000,
      };
      for (let tries = 0; left() > 0; tries++) {
        try {
          await reportCallCompleted(client!, job.workflow_id, report);
          break;
        } catch {
          await pause(Math.min(5_000, 250 * 2 ** tries));
        }
      }
      lk!.rooms.delete(room);
    };

    const temporalPort = await freePort();
    const temporalAddress = `127.0.0.1:${temporalPort}`;
    const cli = await resolveTemporalExecutable();
    if (cli.type !== 'existing-path') throw new Error('the chaos run needs the Temporal CLI: bash scripts/temporal-cli.sh');
    let server: ChildProcess | undefined;
    const startServer = async () => {
      server = track(children, spawn(cli.path, ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(temporalPort), '--headless', '--db-filename', path.join(dir, 'temporal.db'), '--log-level', 'error'], { detached: true, stdio: 'ignore' }));
      await until('the Temporal server', left, async () => {
        const probe = await Connection.connect({ address: temporalAddress, connectTimeout: 1_000 }).catch(() => null);
        if (!probe) return false;
        const ok = await probe.workflowService.getSystemInfo({}).then(() => true, () => false);
        await probe.close();
        return ok;
      });
    };
    await startServer();
    connection = await Connection.connect({ address: temporalAddress });
    client = new Client({ connection, dataConverter: createDataConverter([devPayloadKey]) });

    const env: Record<string, string> = {
      NODE_ENV: 'development',
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: temporalAddress,
      TELEPHONY_MODE: 'live',
      TWILIO_ACCOUNT_SID: ACCOUNT_SID,
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      LIVEKIT_URL: lk.url,
      LIVEKIT_API_KEY: LIVEKIT_KEY,
      LIVEKIT_API_SECRET: LIVEKIT_SECRET,
      CREDENTIALS_KEY: randomBytes(32).toString('base64'),
      PUBLIC_URL: 'https://chaos.example.test',
      DIAL_RATE_PER_SECOND: '100',
      CAMPAIGN_CALLING_HOURS: 'always',
      CAMPAIGN_MAX_ATTEMPTS: '1',
      // the first retry of a lost call comes after this (backoff from here)
      CAMPAIGN_RETRY_DELAY_MS: '3000',
      // a call whose report never comes is noticed after this and retried without using the attempt
      CALL_RESULT_TIMEOUT_MS: '20000',
      LOG_LEVEL: 'ERROR',
      // a worker's JSON log lines (two per call) would pile up in the run's memory unread
      SERVICE_LOG_LEVEL: 'warn',
      CHAOS_WORKFLOW_BUNDLE: bundlePath,
      CHAOS_TWILIO_URL: tw.url,
    };
    let worker: ChildProcess | undefined;
    const startWorker = async () => {
      let output = '';
      const child = track(children, spawn(process.execPath, ['--import', 'tsx', 'scripts/chaos/chaos-worker.ts'], { cwd: root, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } }));
      child.stdout!.on('data', (d) => (output += d));
      child.stderr!.on('data', (d) => (output += d));
      await until('a worker to start', left, () => {
        if (child.exitCode !== null) throw new Error(`the chaos worker exited:\n${output.slice(-2_000)}`);
        return output.includes('chaos worker ready');
      });
      worker = child;
    };
    await startWorker();

    sql = createSql(databaseUrl, { max: 2 });
    const userId = await seedUser(sql, 'chaos@example.test', 'Chaos');
    const surveyId = await seedSurvey(sql, userId, { title: 'Chaos', questionnaire: [{ id: 'back', text: 'Will you come back?', type: 'yes_no', required: false }] });
    await seedContacts(sql, userId, surveyId, options.contacts);
    const config = loadConfig(env);
    const { campaignId } = await launchCampaign(
      { sql, client, taskQueue: config.temporal.taskQueue, campaign: config.campaign, dialTaskQueue: config.telephony.dialTaskQueue },
      { userId, surveyId, testMode: false, maxConcurrentCalls: options.window },
    );
    log(`chaos: campaign ${campaignId} launched to ${options.contacts} contacts, window ${options.window}`);
    const status = async () => (await sql!<{ status: string; completed_calls: number }[]>`select status, completed_calls from campaigns where id = ${campaignId}`)[0]!;

    const serverKillAt = new Set(Array.from({ length: options.serverKills }, (_, k) => Math.floor(((k + 1) * options.workerKills) / (options.serverKills + 1))));
    let workerKills = 0;
    let serverKills = 0;
    while (workerKills < options.workerKills && left() > 0 && (await status()).status !== 'completed') {
      await pause(options.killEveryMs);
      kill(worker);
      workerKills++;
      if (serverKillAt.has(workerKills)) {
        kill(server);
        serverKills++;
        await pause(1_000);
        await startServer();
      }
      log(`chaos: worker killed (${workerKills}/${options.workerKills})${serverKillAt.has(workerKills) ? ', Temporal server killed and restarted' : ''}; ${(await status()).completed_calls} completed`);
      await pause(500);
      await startWorker();
    }
    const completed = await until('the campaign to complete', left, async () => (await status()).status === 'completed').then(() => true, () => false);
    await Promise.race([Promise.allSettled(reports), pause(Math.max(0, Math.min(10_000, left())))]);

    const dialsByCall = new Map<string, number>();
    const dialsByNumber = new Map<string, number>();
    for (const r of lk.requests.filter((q) => q.method === 'CreateSIPParticipant')) {
      const id = String(r.body.participantIdentity);
      dialsByCall.set(id, (dialsByCall.get(id) ?? 0) + 1);
      dialsByNumber.set(String(r.body.sipCallTo), (dialsByNumber.get(String(r.body.sipCallTo)) ?? 0) + 1);
    }
    const attemptsByNumber = await sql<{ to_number: string; attempts: number }[]>`
      select to_number, count(*)::int as attempts from calls where campaign_id = ${campaignId} group by to_number`;
    const attempts = new Map(attemptsByNumber.map((r) => [r.to_number, r.attempts]));
    const [facts] = await sql<{ completed_contacts: number; unfinished: number; without_answers: number; lost: number; lost_contacts: number; lost_completed: number }[]>`
      select
        (select count(distinct contact_id)::int from calls where campaign_id = ${campaignId} and outcome = 'completed') as completed_contacts,
        (${options.contacts} - (select count(*)::int from campaign_contacts where campaign_id = ${campaignId} and state = 'finished')) as unfinished,
        (select count(*)::int from calls k where k.campaign_id = ${campaignId} and k.outcome = 'completed'
           and not exists (select 1 from responses r where r.call_id = k.id)) as without_answers,
        (select count(*)::int from calls where campaign_id = ${campaignId} and infrastructure_failure) as lost,
        (select count(distinct contact_id)::int from calls where campaign_id = ${campaignId} and infrastructure_failure) as lost_contacts,
        (select count(distinct k.contact_id)::int from calls k where k.campaign_id = ${campaignId} and k.infrastructure_failure
           and exists (select 1 from calls c where c.campaign_id = k.campaign_id and c.contact_id = k.contact_id and c.outcome = 'completed')) as lost_completed`;
    return {
      completed,
      seconds: Math.round((Date.now() - started) / 1000),
      workerKills,
      serverKills,
      contacts: options.contacts,
      completedContacts: facts!.completed_contacts,
      duplicateDialsByCallId: [...dialsByCall.values()].filter((n) => n > 1).length,
      duplicateDialsByNumber: [...dialsByNumber.entries()].filter(([number, n]) => n > (attempts.get(number) ?? 0)).length,
      contactsWithoutFinalOutcome: facts!.unfinished,
      completedCallsWithoutAnswers: facts!.without_answers,
      callsLostToCrashes: facts!.lost,
      lostContacts: facts!.lost_contacts,
      lostContactsCompletedAnyway: facts!.lost_completed,
    };
  } finally {
    for (const child of children) kill(child);
    await connection?.close().catch(() => undefined);
    await sql?.end({ timeout: 5 });
    await lk?.close();
    await tw?.close();
    await admin.unsafe(`drop database if exists ${databaseName} with (force)`).catch(() => undefined);
    await admin.end({ timeout: 5 });
    await rm(dir, { recursive: true, force: true });
  }
}

/** Did the run reach its goal: completed, nothing dialed twice, nobody left without an outcome? */
export function chaosGoalMet(report: ChaosReport): boolean {
  return report.completed && report.duplicateDialsByCallId === 0 && report.duplicateDialsByNumber === 0 && report.contactsWithoutFinalOutcome === 0 && report.completedCallsWithoutAnswers === 0 && report.lostContactsCompletedAnyway === report.lostContacts;
}

function track(children: Set<ChildProcess>, child: ChildProcess): ChildProcess {
  children.add(child);
  return child;
}

/** kill -9 of the child's whole process group (the worker's node, the CLI's server) */
function kill(child: ChildProcess | undefined): void {
  if (!child?.pid || child.exitCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** Polls until `probe` holds, within what is left of the run's deadline. */
const until = (what: string, left: () => number, probe: () => boolean | Promise<boolean>) => waitFor(what, probe, Math.max(0, left()), 250);
