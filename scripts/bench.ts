// `npm run bench [-- --contacts 10000 --window 100]`: one simulated campaign with zero call delay, then
// the bare ceiling (the same number of empty child workflows through the same window, same server) and
// the shape's ceiling (children that only dispatch by an activity and await its signal).
// The worker and the API run in processes of their own, as deployed, and so do the status pollers
// (see poller-process.ts); the bench process holds the Temporal dev server (or, with TEMPORAL_ADDRESS,
// uses that server) and the client. Needs DATABASE_URL (PostgreSQL: the processes share it).
import { parseArgs } from 'node:util';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { appendFile, mkdtemp, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { bundleWorkflowCode } from '@temporalio/worker';
import { projectFile } from '../src/project-files.ts';
import { buildService } from './build-service.ts';
import { quietBundler } from './quiet-bundler.ts';
import type { Client } from '@temporalio/client';
import { launchCampaign } from '../src/campaigns/launch-campaign.ts';
import { queryCampaignStatus } from '../src/campaigns/campaign-status.ts';
import { controlCampaign, IllegalTransitionError } from '../src/campaigns/control-campaign.ts';
import { loadConfig } from '../src/config.ts';
import { logger } from '../src/observability/logger.ts';
import { seedContacts, seedSurvey, seedUser } from '../src/dev/seed.ts';
import { startRuntime } from '../src/runtime.ts';
import { freePort } from '../src/temporal/dev-server.ts';
import { contactWorkflowId } from '../workflows/messages.ts';
import { printWebBundle, webBundleFigures } from './bench/web-bundle.ts';
import { percentile, type StatusPollFigures } from './bench/status-pollers.ts';
import { startPollerProcess } from './bench/poller-process.ts';
import { measureContactImport } from './bench/contact-import.ts';
import { analyticsBench, printAnalyticsBench } from './bench/analytics.ts';
import { apiDeps } from '../src/api/create-api.ts';
import { scrapeApi, statusTimeBetween, type ApiStatusTime } from './bench/api-status-time.ts';
import { cpuBetween, cpuSnapshot, formatCpu, type CpuPerContact } from './bench/cpu-time.ts';
import { formatServerOperations, scrapeServerOperations, serverOperationsBetween, type ServerOperations, type ServerOperationsPerContact } from './bench/server-operations.ts';
import { renice, sampleMemory, startApiProcess, startWorkerProcess, type BenchProcess } from './bench/processes.ts';
import { stopOnSignal } from './bench/stop-on-signal.ts';
import { deployedService } from './bench/deployed-service.ts';
import { watchMilestones, type Milestone } from './bench/campaign-milestones.ts';
import { actionsPerContact, eventTypeShares, TEMPORAL_CLOUD_PRICE } from './bench/cloud-actions.ts';
import { CONTINUE_AS_NEW_SPAN_SECONDS, continueAsNewCost, type ContinueAsNewCost } from './bench/continue-as-new-cost.ts';
import { bracketedMean, scaleSpread } from './bench/size-comparison.ts';
import { startHostPaceProbe, type HostPace } from './bench/host-pace.ts';
import { databaseWorkBetween, formatDatabaseWork, snapshotDatabases, TEMPORAL_DATABASES, type DatabaseWork } from './bench/postgres-work.ts';

const { values: args } = parseArgs({
  options: {
    contacts: { type: 'string', default: '10000' },
    window: { type: 'string', default: '100' },
    'page-size': { type: 'string', default: '200' },
    'sample-children': { type: 'string', default: '100' },
    // a comma list of parts, for a shorter run: scale, campaign, waiting, steering, bare, shape, import, analytics, web
    only: { type: 'string', default: 'scale,campaign,waiting,steering,bare,shape,import,analytics,web' },
    // appends the figures as one JSON line to this file (the table is printed either way)
    'json-out': { type: 'string' },
    // the smaller campaigns `scale` measures before the N run, a comma list of contact counts (default: N/100 and N/10, those of 100 or more)
    'scale-sizes': { type: 'string' },
    // campaigns of at least this many contacts report a milestone at every tenth (see bench/campaign-milestones.ts)
    'milestones-from': { type: 'string', default: '20000' },
    // the contacts of the unmeasured warm-up campaign before the scale and campaign parts (default 500,
    // at most N); more ages a fresh cluster's stores past their first, fastest-growing stretch (postgres-work.ts)
    'warm-up': { type: 'string' },
    // the worker processes' node flags, space-separated (default: docker-compose.yml's NODE_OPTIONS for the worker; 'none': node's defaults)
    'worker-node-options': { type: 'string' },
    // the API process's node flags, likewise (default: docker-compose.yml's NODE_OPTIONS for the API, none today; 'none': node's defaults)
    'api-node-options': { type: 'string' },
    // the worker processes' CPU priority (nice, 0 to 19; default: the weight of docker-compose.yml's cpu_shares for the worker)
    'worker-nice': { type: 'string' },
    // the API process's CPU priority (nice, -20 to 19; default: the weight of docker-compose.yml's cpu_shares for the API)
    'api-nice': { type: 'string' },
    // the status pollers' process's CPU priority (they stand for browsers elsewhere; default: the API's)
    'pollers-nice': { type: 'string' },
  },
});
const knownParts = ['scale', 'campaign', 'waiting', 'steering', 'bare', 'shape', 'import', 'analytics', 'web'];
const parts = new Set(args.only.split(',').map((p) => p.trim()));
const unknownParts = [...parts].filter((p) => !knownParts.includes(p));
if (unknownParts.length > 0) throw new Error(`bench: unknown part ${unknownParts.join(', ')} in --only (known: ${knownParts.join(', ')})`);
const N = Number(args.contacts);
const windowSize = Number(args.window);
if (!process.env.DATABASE_URL) throw new Error('bench: set DATABASE_URL (a PostgreSQL server): the worker and API processes share the database');

// per-call info lines (two JSON lines a call) would be measured along with the engine: warnings only
const env: Record<string, string | undefined> = { ...process.env, SIM_CALL_DELAY_MS: '0', SIM_OUTCOME_MIX: 'completed=1', LOG_LEVEL: 'ERROR', SERVICE_LOG_LEVEL: 'warn', CAMPAIGN_CALLING_HOURS: 'always' };
env.DATA_DIR = await mkdtemp(path.join(os.tmpdir(), 'survey-dialer-bench-'));
env.TEMPORAL_PORT = String(await freePort());
env.TEMPORAL_UI_PORT = String(await freePort());
env.CAMPAIGN_CONTACT_PAGE_SIZE = args['page-size'];
env.PORT = String(await freePort());
env.HOST = '127.0.0.1';
// the API process checks the sessions this process issues to the pollers
env.SESSION_SECRET = randomBytes(32).toString('base64url');
const config = loadConfig(env);
logger.level = config.serviceLogLevel;

const bundleDir = await mkdtemp(path.join(os.tmpdir(), 'survey-dialer-bench-bundle-'));
/** A ceiling's workflow bundle (the campaign workflow with stand-in children), written for a worker process to load. */
async function ceilingBundle(workflows: string): Promise<string> {
  const { code } = await bundleWorkflowCode({ workflowsPath: fileURLToPath(new URL(workflows, import.meta.url)), logger: quietBundler });
  const bundlePath = path.join(bundleDir, path.basename(workflows).replace(/\.ts$/, '-bundle.js'));
  await writeFile(bundlePath, code);
  return bundlePath;
}
const bareBundlePath = parts.has('bare') ? await ceilingBundle('./bench/bench-workflows.ts') : null;
const shapeBundlePath = parts.has('shape') ? await ceilingBundle('./bench/shape-workflows.ts') : null;
// the worker and the API run from the service compiled as the image builds it, workflows bundled ahead
const service = await buildService(projectFile('dist/bench'));

const runtime = await startRuntime(config, { ephemeralTemporal: true, worker: false, log: (l) => console.error(`# ${l}`) });
const { sql } = runtime.db;
const userId = await seedUser(sql, `bench-${Date.now()}@survey-dialer.local`, 'Bench');
const processEnv = { ...env, TEMPORAL_ADDRESS: runtime.temporal.address };
const deployed = deployedService('worker');
const deployedApi = deployedService('api');
/** A `--*-node-options` flag's node flags: compose's when absent, node's defaults for `none`. */
const nodeOptionsArg = (chosen: string | undefined, shipped: string[]) => (chosen === undefined ? shipped : chosen === 'none' ? [] : chosen.split(/\s+/).filter(Boolean));
const workerNodeOptions = nodeOptionsArg(args['worker-node-options'], deployed.nodeOptions);
// the worker's processes run as compose runs them: its node flags and its C library settings
const workerEnv = { ...processEnv, ...deployed.env };
const workerNice = args['worker-nice'] === undefined ? deployed.nice : Number(args['worker-nice']);
let worker: BenchProcess | null = await startWorkerProcess(service.main, { ...workerEnv, WORKFLOW_BUNDLE: service.workflowBundle }, await freePort(), workerNodeOptions);
await renice(worker, workerNice);
// the API as dashboards reach it: the service's API role on loopback, polled by STATUS_POLLERS callers at once
const STATUS_POLLERS = 50;
const STATUS_POLL_INTERVAL_MS = 200;
const WARM_UP_CONTACTS = Math.min(500, N);
const campaignWarmUp = args['warm-up'] === undefined ? WARM_UP_CONTACTS : Number(args['warm-up']);
if (!Number.isInteger(campaignWarmUp) || campaignWarmUp < 1) throw new Error(`bench: --warm-up takes a whole number of contacts (got ${args['warm-up']})`);
// a campaign this large prints (and appends to --json-out) a milestone at every tenth of its contacts
const MILESTONES_FROM_CONTACTS = Number(args['milestones-from']);
// the API serves its metrics to the bench's token: its own time for each status request (see api-status-time.ts)
const metricsToken = randomBytes(24).toString('base64url');
const apiNodeOptions = nodeOptionsArg(args['api-node-options'], deployedApi.nodeOptions);
const api = {
  url: `http://127.0.0.1:${env.PORT}`,
  process: await startApiProcess(service.main, { ...processEnv, ...deployedApi.env, METRICS_TOKEN: metricsToken }, `http://127.0.0.1:${env.PORT}`, apiNodeOptions),
};
const apiNice = args['api-nice'] === undefined ? deployedApi.nice : Number(args['api-nice']);
await renice(api.process, apiNice);
const pollersNice = args['pollers-nice'] === undefined ? apiNice : Number(args['pollers-nice']);
// the pollers of the campaign being measured, if any: they go first, or the API's graceful stop waits on their connections
let pollersNow: { kill(): void } | null = null;
// the host's pace through every campaign (host-pace.ts): a time per contact is read against it
const hostPace = await startHostPaceProbe();
stopOnSignal(async () => {
  pollersNow?.kill();
  hostPace.stop();
  await Promise.allSettled([worker?.stop(), api.process.stop()]);
  await runtime.stop();
});
const cpuParts = { worker: () => worker?.pid ?? -1, api: () => api.process.pid };
// the Temporal server's Prometheus endpoint: the dev server's, or a cluster's named by TEMPORAL_METRICS_URL (none: no store figures)
const serverMetricsUrl = process.env.TEMPORAL_METRICS_URL ?? runtime.temporal.metricsUrl;
const serverSnapshot = async (): Promise<ServerOperations | null> => (serverMetricsUrl ? scrapeServerOperations(serverMetricsUrl).catch(() => null) : null);
// a cluster's stores where it runs on the service's PostgreSQL; the dev server keeps its own (SQLite), and
// databases of those names left by an idle cluster would only print zeros beside it
const databasesSnapshot = () => snapshotDatabases(sql, config.temporal.address ? TEMPORAL_DATABASES : []);
const apiToken = await apiDeps(config, sql, runtime.client).sessions.issue({ id: userId, email: 'bench@survey-dialer.local' });

interface RunFigures {
  contacts: number;
  seconds: number;
  /** milliseconds of campaign per contact */
  msPerContact: number;
  contactsPerSecond: number;
  /** the worker process's largest resident memory during the run */
  workerPeakRssMiB: number;
  /** when that was, in seconds from the campaign's launch */
  workerPeakRssAtSeconds: number;
  /** Temporal Cloud actions per contact, estimated from the histories (and the status reads) */
  actionsPerContact: number;
  eventTypes: Record<string, number>;
  runs: number;
  largestRunEvents: number;
  eventsPerContact: number;
  /** the contact reports missing around the runs' continue-as-new, in seconds of campaign */
  continueAsNew: ContinueAsNewCost;
  status: StatusPollFigures;
  /** the API's own time for the same status requests, from its histogram */
  apiStatusTime: ApiStatusTime;
  /** processor time a contact by process, launch to result */
  cpu: CpuPerContact;
  /** the Temporal server's store operations a contact, launch to result (null: its endpoint could not be read) */
  server: ServerOperationsPerContact | null;
  /** the host's pace, launch to result: the processor time of the probe's fixed work */
  hostPace: HostPace;
  /** PostgreSQL's work a contact by database, launch to result (the cluster's stores too where they share the server) */
  postgres: DatabaseWork[];
}

const controlLatencies: number[] = [];

/** Pauses and at once resumes the campaign every `everyMs`, timing each update's round trip. */
async function steerEvery(campaignId: string, everyMs: number, done: () => boolean): Promise<number[]> {
  const timings: number[] = [];
  while (!done()) {
    await new Promise((r) => setTimeout(r, everyMs));
    for (const action of ['pause', 'resume'] as const) {
      const t = performance.now();
      const ok = await controlCampaign(runtime.client, campaignId, action).then(() => true, () => false);
      if (ok) timings.push(performance.now() - t);
    }
  }
  return timings;
}

/**
 * Dial throughput of the contacts a campaign may call now, with `waitingShare` of its contacts
 * waiting (their calling hours are closed) beside them. Measured twice in the same run: with 30 %
 * waiting, and with the same open contacts alone (share 0) under the same calling-hours settings, so
 * the ratio compares like with like.
 */
async function measureWithWaiting(waitingShare: number, total: number): Promise<{ contactsPerSecond: number; open: number; waiting: number }> {
  const surveyId = await seedSurvey(sql, userId, { title: `bench waiting ${waitingShare}` });
  await seedContacts(sql, userId, surveyId, total);
  // every tenth contact's place decides: the first `waitingShare` tenths wait twelve hours ahead
  await sql`update contacts set time_zone = case when seq % 10 < ${Math.round(waitingShare * 10)} then 'Etc/GMT-12' else 'UTC' end where survey_id = ${surveyId}`;
  const now = new Date();
  const hh = (h: number) => `${String(((h % 24) + 24) % 24).padStart(2, '0')}:00`;
  // open from the hour before now for three hours in UTC, so closed twelve hours ahead
  const start = now.getUTCHours() === 0 ? '00:00' : hh(now.getUTCHours() - 1);
  const end = now.getUTCHours() >= 21 ? '24:00' : hh(now.getUTCHours() + 3);
  const started = performance.now();
  const { campaignId, workflowId } = await launchCampaign(
    { sql, client: runtime.client, taskQueue: config.temporal.taskQueue, campaign: config.campaign, dialTaskQueue: config.telephony.dialTaskQueue },
    { userId, surveyId, testMode: false, maxConcurrentCalls: windowSize, callingHours: { days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], start, end, time_zone: 'UTC' } },
  );
  const [{ n: openCount } = { n: 0 }] = await sql<{ n: number }[]>`select count(*)::int as n from contacts where survey_id = ${surveyId} and time_zone = 'UTC'`;
  let status = await queryCampaignStatus(runtime.client, campaignId);
  // bounded: a campaign that stalls fails the bench instead of hanging it (a minute per 100 open contacts, at least ten)
  const deadline = Date.now() + Math.max(600_000, openCount * 600);
  while (status.completed_calls + status.failed_calls < openCount) {
    if (Date.now() > deadline) throw new Error(`bench: the waiting campaign called ${status.completed_calls + status.failed_calls} of ${openCount} open contacts before its deadline`);
    await new Promise((r) => setTimeout(r, 100));
    status = await queryCampaignStatus(runtime.client, campaignId).catch(() => status);
  }
  const seconds = (performance.now() - started) / 1000;
  // the contacts still waiting are not part of the figure; a campaign with none has finished by itself
  await controlCampaign(runtime.client, campaignId, 'cancel').catch((error) => {
    if (!(error instanceof IllegalTransitionError)) throw error;
  });
  await runtime.client.workflow.getHandle(workflowId).result();
  return { contactsPerSecond: openCount / seconds, open: openCount, waiting: status.waiting_calls };
}

/**
 * Pause/resume round trips while a campaign of N contacts runs (each pause resumed at once, every
 * 2 s), on its own run: pausing holds dials, so it would distort the throughput figures.
 */
async function measureSteering(): Promise<void> {
  const surveyId = await seedSurvey(sql, userId, { title: 'bench steering' });
  await seedContacts(sql, userId, surveyId, N);
  const { campaignId, workflowId } = await launchCampaign(
    { sql, client: runtime.client, taskQueue: config.temporal.taskQueue, campaign: config.campaign, dialTaskQueue: config.telephony.dialTaskQueue },
    { userId, surveyId, testMode: false, maxConcurrentCalls: windowSize },
  );
  let finished = false;
  const steering = steerEvery(campaignId, 2_000, () => finished);
  await runtime.client.workflow.getHandle(workflowId).result();
  finished = true;
  controlLatencies.push(...(await steering));
}

async function measure(label: string, taskQueue = config.temporal.taskQueue, n = N): Promise<RunFigures> {
  const surveyId = await seedSurvey(sql, userId, { title: `bench ${label}` });
  await seedContacts(sql, userId, surveyId, n);
  const apiBefore = await scrapeApi(api.url, metricsToken);
  const cpuBefore = await cpuSnapshot(cpuParts);
  const serverBefore = await serverSnapshot();
  const databasesBefore = await databasesSnapshot();
  // sampled from the launch, as the campaign's seconds are, so the peak's time and theirs share an origin
  const memory = sampleMemory(worker!);
  hostPace.since();
  const started = performance.now();
  const { campaignId, workflowId } = await launchCampaign(
    { sql, client: runtime.client, taskQueue, campaign: config.campaign, dialTaskQueue: config.telephony.dialTaskQueue },
    { userId, surveyId, testMode: false, maxConcurrentCalls: windowSize },
  );
  const pollers = await startPollerProcess({ baseUrl: api.url, token: apiToken, campaignId, pollers: STATUS_POLLERS, intervalMs: STATUS_POLL_INTERVAL_MS }, pollersNice);
  pollersNow = pollers;
  let cpuMark = { snapshot: cpuBefore, server: serverBefore, done: 0 };
  const milestones = n >= MILESTONES_FROM_CONTACTS
    ? watchMilestones({
        label,
        of: n,
        every: n / 10,
        done: async () => {
          const s = await queryCampaignStatus(runtime.client, campaignId);
          return s.completed_calls + s.failed_calls;
        },
        workerRss: async () => (await worker!.memory()).rss,
        onMilestone: (m) => {
          // processor time a contact over the same tenth
          const mark = cpuMark;
          void Promise.all([cpuSnapshot(cpuParts), serverSnapshot()])
            .then(([snapshot, server]) => {
              cpuMark = { snapshot, server, done: m.done };
              const contacts = m.done - mark.done;
              printMilestone(m, cpuBetween(mark.snapshot, snapshot, contacts), mark.server && server ? serverOperationsBetween(mark.server, server, contacts) : null);
            })
            .catch(() => printMilestone(m, null, null));
        },
      })
    : null;
  const result = await runtime.client.workflow.getHandle(workflowId).result();
  const seconds = (performance.now() - started) / 1000;
  // before the pollers stop and the histories are read: what the campaign itself cost
  const cpu = cpuBetween(cpuBefore, await cpuSnapshot(cpuParts), n);
  const pace = hostPace.since();
  const serverAfter = await serverSnapshot();
  const postgres = databaseWorkBetween(databasesBefore, await databasesSnapshot(), n);
  const server = serverBefore && serverAfter ? serverOperationsBetween(serverBefore, serverAfter, n) : null;
  await milestones?.stop();
  const workerPeak = memory.stop();
  const status = await pollers.stop();
  pollersNow = null;
  const apiStatusTime = statusTimeBetween(apiBefore, await scrapeApi(api.url, metricsToken));
  if (result.completed_calls !== n) throw new Error(`${label}: ${result.completed_calls}/${n} completed`);

  const campaignRuns = await histories(runtime.client, `WorkflowId = '${workflowId}'`);
  const contacts = await sql<{ id: string }[]>`
    select id from contacts where survey_id = ${surveyId} order by random() limit ${Number(args['sample-children'])}`;
  const contactRuns: History[] = [];
  for (const { id } of contacts) contactRuns.push(await runtime.client.workflow.getHandle(contactWorkflowId(campaignId, id)).fetchHistory());
  const runEvents = campaignRuns.map((h) => h.events?.length ?? 0);
  return {
    contacts: n,
    seconds,
    msPerContact: (seconds * 1000) / n,
    contactsPerSecond: n / seconds,
    workerPeakRssMiB: workerPeak.bytes / 2 ** 20,
    workerPeakRssAtSeconds: workerPeak.atSeconds,
    runs: runEvents.length,
    largestRunEvents: Math.max(...runEvents),
    eventsPerContact: runEvents.reduce((a, b) => a + b, 0) / n + contactRuns.reduce((a, h) => a + (h.events?.length ?? 0), 0) / contactRuns.length,
    actionsPerContact: actionsPerContact({ campaignRuns, contactRuns, contacts: n, statusQueries: status.workflowReads }),
    eventTypes: eventTypeShares({ campaignRuns, contactRuns, contacts: n }),
    continueAsNew: continueAsNewCost(campaignRuns),
    status,
    apiStatusTime,
    cpu,
    server,
    hostPace: pace,
    postgres,
  };
}

function printMilestone(m: Milestone, cpu: CpuPerContact | null, server: ServerOperationsPerContact | null): void {
  console.log(`${m.label}: ${m.done} of ${m.of} contacts at ${m.at}: ${fmt(m.msPerContactWindow, 1)} ms per contact since the last milestone, ` +
    `${fmt(m.msPerContactSoFar, 1)} so far; worker RSS ${fmt(m.workerRssMiB, 0)} MiB${cpu ? `; processor time a contact since the last milestone (ms): ${formatCpu(cpu)}` : ''}` +
    `${server ? `; Temporal server: ${formatServerOperations(server)}` : ''}`);
  if (args['json-out']) {
    appendFile(args['json-out'], `${JSON.stringify({ milestone: { ...m, ...(cpu ? { cpu } : {}), ...(server ? { server } : {}) } })}\n`).catch((error) => console.error(`bench: milestone not written to ${args['json-out']}: ${String(error)}`));
  }
}

/**
 * The first campaign on a fresh worker also pays for the worker's start (the workflow bundle loaded
 * into its context, the code compiled by the JIT, the caches filled): 108 ms per contact for a first
 * campaign of 1,000 against about 70 for the ones after it. An unmeasured campaign goes first on each
 * worker, so sizes, and the campaign and the bare ceiling, compare warm workers.
 */
async function warmUp(taskQueue: string, contacts = WARM_UP_CONTACTS): Promise<void> {
  const run = await measure('warm-up', taskQueue, contacts);
  console.log(`warm-up campaign of ${run.contacts} on ${taskQueue} (not in the figures): ${fmt(run.msPerContact, 2)} ms per contact`);
  console.log(`  PostgreSQL a contact: ${formatDatabaseWork(run.postgres)}`);
}

type History = Awaited<ReturnType<ReturnType<Client['workflow']['getHandle']>['fetchHistory']>>;

async function histories(client: Client, query: string): Promise<History[]> {
  const found: History[] = [];
  for await (const run of client.workflow.list({ query })) found.push(await client.workflow.getHandle(run.workflowId, run.runId).fetchHistory());
  return found;
}

const fmt = (n: number, digits = 1) => n.toFixed(digits);
const figures: Record<string, unknown> = { at: new Date().toISOString(), contacts: N, window: windowSize, page: Number(args['page-size']) };
console.log(`\nsurvey-dialer bench: ${N} contacts, window ${windowSize}, page ${args['page-size']}, ` +
  `continue-as-new after ${config.campaign.continueAsNewAfterEvents} events`);
const machine = `${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'}, ${fmt(os.totalmem() / 2 ** 30, 0)} GiB, node ${process.version}`;
figures.machine = machine;
// TEMPORAL_ADDRESS set: the runtime starts no dev server and the bench runs against that server (a cluster)
const temporalServer = config.temporal.address ? `Temporal server at ${config.temporal.address}` : 'Temporal dev server (in-memory SQLite)';
figures.temporal = temporalServer;
console.log(`machine: ${machine}; database: ${runtime.db.description.replace(/\(.*\)/, '').trim()}; ${temporalServer}`);

const settings = {
  maxCachedWorkflows: config.worker.maxCachedWorkflows,
  maxConcurrentWorkflowTasks: config.worker.maxConcurrentWorkflowTasks,
  maxConcurrentActivities: config.worker.maxConcurrentActivities,
  contactPageSize: config.campaign.contactPageSize,
  continueAsNewAfterEvents: config.campaign.continueAsNewAfterEvents,
  workerNice,
  apiNice,
  pollersNice,
  workerNodeOptions: workerNodeOptions.join(' '),
  workerEnv: deployed.env,
  apiNodeOptions: apiNodeOptions.join(' '),
};
figures.workerSettings = settings;
figures.warmUpContacts = campaignWarmUp;
console.log(`worker settings: workflow cache ${settings.maxCachedWorkflows} runs, ${settings.maxConcurrentWorkflowTasks} workflow tasks and ${settings.maxConcurrentActivities} activities at once; ` +
  `contact pages of ${settings.contactPageSize} (a run holds at most one page and the window); continue-as-new after ${settings.continueAsNewAfterEvents} events; ` +
  `API process at nice ${settings.apiNice}, status pollers' process at nice ${settings.pollersNice}, worker process at nice ${settings.workerNice}, worker node ${settings.workerNodeOptions || "defaults"}${Object.entries(settings.workerEnv).map(([k, v]) => `, ${k}=${v}`).join('')}, API node ${settings.apiNodeOptions || 'defaults'}`);

const table: Record<string, ReturnType<typeof row>> = {};
let campaign: RunFigures | undefined;
if (parts.has('scale') || parts.has('campaign')) await warmUp(config.temporal.taskQueue, campaignWarmUp);
// smaller campaigns first, on the same worker process: time per contact and worker memory by size
const scaleSizes = !parts.has('scale') ? []
  : args['scale-sizes'] === undefined ? [N / 100, N / 10].filter((n) => Number.isInteger(n) && n >= 100)
  : args['scale-sizes'].split(',').map(Number).sort((a, b) => a - b);
if (scaleSizes.some((n) => !Number.isInteger(n) || n < 1 || n >= N)) throw new Error(`bench: --scale-sizes takes whole contact counts below --contacts (${N})`);
const scaled: RunFigures[] = [];
/** A campaign's cost by part of the machine: processor time by process, the server's store, PostgreSQL's databases. */
function printRunByPart(run: RunFigures, indent = '  '): void {
  console.log(`${indent}processor time a contact (ms): ${formatCpu(run.cpu)}; ${formatHostPace(run.hostPace)}`);
  if (run.server) console.log(`${indent}Temporal server: ${formatServerOperations(run.server)}`);
  console.log(`${indent}PostgreSQL a contact: ${formatDatabaseWork(run.postgres)}`);
}
// the smallest size's runs: first, then once more after each larger size (size-comparison.ts)
const smallestRuns: { after: number | undefined; run: RunFigures }[] = [];
async function measureSmallestAgain(after: number): Promise<void> {
  const n = scaleSizes[0]!;
  const run = await measure(`scale ${n} after ${after}`, config.temporal.taskQueue, n);
  smallestRuns.push({ after, run });
  console.log(`campaign of ${n} again, after the ${after}: ${fmt(run.msPerContact, 2)} ms per contact, worker peak RSS ${fmt(run.workerPeakRssMiB, 0)} MiB`);
  // by process, as each size's first run is printed: which part of the machine the order moved
  printRunByPart(run);
}
for (const n of scaleSizes) {
  const run = await measure(`scale ${n}`, config.temporal.taskQueue, n);
  scaled.push(run);
  table[`campaign, ${n} contacts`] = row(run);
  // printed at once too: a 100,000-contact run takes an hour
  console.log(`campaign of ${n}: ${fmt(run.contactsPerSecond)} contacts/s, ${fmt(run.msPerContact, 2)} ms per contact, largest run ${run.largestRunEvents} events, ` +
    `${fmt(run.eventsPerContact)} events per contact, worker peak RSS ${fmt(run.workerPeakRssMiB, 0)} MiB (${fmt(run.workerPeakRssAtSeconds, 0)} s of ${fmt(run.seconds, 0)} s in), ${continueAsNewLine(run)}`);
  printRunByPart(run);
  if (smallestRuns.length === 0) smallestRuns.push({ after: undefined, run });
  else if (parts.has('campaign')) await measureSmallestAgain(n);
}
if (parts.has('campaign')) {
  campaign = await measure('campaign');
  table[`campaign, ${N} contacts`] = row(campaign);
  figures.campaign = campaign;
  console.log(`status over HTTP during the campaign: ${STATUS_POLLERS} pollers every ${STATUS_POLL_INTERVAL_MS} ms, ${campaign.status.requests} requests, ` +
    `p50 ${fmt(campaign.status.p50)} ms, p99 ${fmt(campaign.status.p99)} ms, ${campaign.status.errors} errors, ${campaign.status.stored} answered from stored counts, ` +
    `served by ${campaign.status.workflowReads} workflow queries (${fmt(campaign.status.workflowReads / campaign.seconds, 2)}/s); ` +
    `the API's own time (its histogram, ${campaign.apiStatusTime.requests} requests): ${fmt(campaign.apiStatusTime.within5ms * 100)} % within 5 ms, ` +
    `${fmt(campaign.apiStatusTime.within25ms * 100)} % within 25 ms (p50 ≤ 5 ms: ${campaign.apiStatusTime.within5ms >= 0.5 ? 'yes' : 'no'}, p99 ≤ 25 ms: ${campaign.apiStatusTime.within25ms >= 0.99 ? 'yes' : 'no'}); ` +
    `the API's event loop delay p99 ${fmt(campaign.apiStatusTime.loopDelayP99Ms)} ms, largest ${fmt(campaign.apiStatusTime.loopDelayMaxMs)} ms`);
  console.log(`continue-as-new: ${continueAsNewLine(campaign)}`);
  printRunByPart(campaign, '');
  console.log(`history events per contact by type: ${Object.entries(campaign.eventTypes).map(([type, n]) => `${type} ${fmt(n, 2)}`).join(', ')}`);
  const dollars = campaign.actionsPerContact * TEMPORAL_CLOUD_PRICE.dollarsPerMillionActions;
  figures.temporalCloud = { actionsPerContact: campaign.actionsPerContact, dollarsPerMillionContacts: dollars, price: TEMPORAL_CLOUD_PRICE };
  console.log(`Temporal Cloud estimate: ${fmt(campaign.actionsPerContact, 1)} actions per contact (status queries included) = $${fmt(dollars, 0)} per 1,000,000 contacts ` +
    `at $${TEMPORAL_CLOUD_PRICE.dollarsPerMillionActions} per million actions (${TEMPORAL_CLOUD_PRICE.source}, read ${TEMPORAL_CLOUD_PRICE.readOn})`);
  if (scaled.length > 0) {
    await measureSmallestAgain(N);
    const first = scaled[0]!;
    const all = [...scaled, campaign];
    const larger = all.slice(1);
    const time = scaleSpread(smallestRuns.map(({ run }) => run.msPerContact), larger.map((r) => r.msPerContact));
    // the same comparison in processor time: which process a size's extra time went to (the host's pace moves it too, see cpu-time.ts)
    const cpuTime = scaleSpread(smallestRuns.map(({ run }) => run.cpu.totalMsPerContact), larger.map((r) => r.cpu.totalMsPerContact));
    // the same at the smallest size's first run's host pace: each time scaled by that pace over its own
    const referencePace = smallestRuns[0]!.run.hostPace.medianMs;
    const atReferencePace = (r: RunFigures) => r.msPerContact * (referencePace / r.hostPace.medianMs);
    const paced = scaleSpread(smallestRuns.map(({ run }) => atReferencePace(run)), larger.map(atReferencePace));
    const workerMemoryGrowth = campaign.workerPeakRssMiB / first.workerPeakRssMiB - 1;
    figures.scale = {
      sizes: all.map((r) => ({ contacts: r.contacts, msPerContact: r.msPerContact, cpuMsPerContact: r.cpu.totalMsPerContact, workerPeakRssMiB: r.workerPeakRssMiB, workerPeakRssAtSeconds: r.workerPeakRssAtSeconds, largestRunEvents: r.largestRunEvents, continueAsNew: r.continueAsNew })),
      smallestMsPerContact: time.smallest,
      timePerContactSpread: time.spread,
      timePerContactSpreadSmallestFirstOnly: time.spreadSmallestFirstOnly,
      // read against the host's pace (host-pace.ts): the host's drift taken out, the service's growth left
      timePerContactSpreadAtHostPace: paced.spread,
      hostPaceMs: { reference: referencePace, smallestRuns: smallestRuns.map(({ run }) => run.hostPace.medianMs), larger: larger.map((r) => r.hostPace.medianMs) },
      cpuPerContactSpread: cpuTime.spread,
      workerMemoryGrowth,
      // each run of the smallest size, in order (`after`: the larger size it followed; none for the first)
      smallestRuns: smallestRuns.map(({ after, run }) => ({ after, msPerContact: run.msPerContact, cpu: run.cpu, server: run.server, postgres: run.postgres })),
    };
    const runsOfSmallest = (figure: (r: RunFigures) => number, digits: number) =>
      smallestRuns.map(({ after, run }) => `${fmt(figure(run), digits)}${after === undefined ? ' first' : ` after ${after}`}`).join(', ');
    const sizesLine = (figure: (r: RunFigures) => number, smallest: number, digits: number) =>
      [`${fmt(smallest, digits)} ms at ${first.contacts} (median of ${runsOfSmallest(figure, digits)})`,
        ...larger.map((r) => `${fmt(figure(r), digits)} ms at ${r.contacts}`)].join(', ');
    console.log(`scale: time per contact ${sizesLine((r) => r.msPerContact, time.smallest, 2)} (slowest ${fmt(time.spread * 100)}% above fastest; ` +
      `${fmt(time.spreadSmallestFirstOnly * 100)}% with the smallest size's first run alone); ` +
      `processor time per contact ${sizesLine((r) => r.cpu.totalMsPerContact, cpuTime.smallest, 1)} (largest ${fmt(cpuTime.spread * 100)}% above smallest); ` +
      `worker peak RSS ${all.map((r) => `${fmt(r.workerPeakRssMiB, 0)} MiB (${fmt(r.workerPeakRssAtSeconds, 0)} s of ${fmt(r.seconds, 0)} s in)`).join(', ')} (${fmt(workerMemoryGrowth * 100)}% from ${first.contacts} to ${campaign.contacts} contacts)` +
      (all.every((r) => r.server) ? `; Temporal server's store operations a contact ${all.map((r) => fmt(r.server!.operationsPerContact)).join(', ')}, ms each ${all.map((r) => fmt(r.server!.msEach, 2)).join(', ')}` : ''));
    console.log(`scale at the host's pace of the first run (its probe ${fmt(referencePace, 2)} ms): time per contact ${sizesLine(atReferencePace, paced.smallest, 2)} ` +
      `(slowest ${fmt(paced.spread * 100)}% above fastest; ${fmt(paced.spreadSmallestFirstOnly * 100)}% with the smallest size's first run alone); ` +
      `the probe's ms ${runsOfSmallest((r) => r.hostPace.medianMs, 2)} at ${first.contacts}, ${larger.map((r) => `${fmt(r.hostPace.medianMs, 2)} at ${r.contacts}`).join(', ')}`);
    if (smallestRuns.every(({ run }) => run.server)) {
      console.log(`scale, the smallest size's runs: Temporal server's store operations a contact ${runsOfSmallest((r) => r.server!.operationsPerContact, 1)}, ms each ${runsOfSmallest((r) => r.server!.msEach, 2)}`);
    }
  }
}
if (parts.has('waiting')) {
  // the open contacts alone (as many as the waiting campaign will call) before and after it, so
  // neither a cold worker nor a warm one favours one side; the baseline is their mean
  const before = await measureWithWaiting(0, Math.round(N * 0.7));
  const withWaiting = await measureWithWaiting(0.3, N);
  const after = await measureWithWaiting(0, Math.round(N * 0.7));
  const alone = bracketedMean(before.contactsPerSecond, after.contactsPerSecond);
  const ratio = withWaiting.contactsPerSecond / alone;
  figures.waiting = { before, withWaiting, after, ratio };
  console.log(`with 30% of contacts waiting outside their calling hours (${withWaiting.waiting} waiting): ${fmt(withWaiting.contactsPerSecond)} contacts/s dialed ` +
    `= ${fmt(ratio * 100)}% of the same ${before.open} contacts alone (${fmt(before.contactsPerSecond)}/s before, ${fmt(after.contactsPerSecond)}/s after; same calling-hours settings)`);
}
if (parts.has('steering')) {
  await measureSteering();
  controlLatencies.sort((a, b) => a - b);
  const [p50, p99] = [percentile(controlLatencies, 0.5), percentile(controlLatencies, 0.99)];
  figures.steering = { roundTrips: controlLatencies.length, p50, p99 };
  console.log(`pause/resume update round trips during a ${N}-contact campaign: ${controlLatencies.length}, p50 ${fmt(p50)} ms, p99 ${fmt(p99)} ms`);
}
await worker.stop();
worker = null;
/**
 * A ceiling: the same campaign workflow on queues of its own, served by a worker process whose
 * children are stand-ins (`bundlePath`), warmed up and measured as the campaign is.
 */
async function measureCeiling(name: string, label: string, queue: string, bundlePath: string): Promise<RunFigures> {
  worker = await startWorkerProcess(service.main, { ...workerEnv, TEMPORAL_TASK_QUEUE: queue, TEMPORAL_DIAL_TASK_QUEUE: `${queue}-dials`, WORKFLOW_BUNDLE: bundlePath }, await freePort(), workerNodeOptions);
  await renice(worker, workerNice);
  await warmUp(queue);
  const ceiling = await measure(label, queue);
  console.log(`${name}: processor time a contact (ms): ${formatCpu(ceiling.cpu)}`);
  if (ceiling.server) console.log(`${name}: Temporal server: ${formatServerOperations(ceiling.server)}`);
  console.log(`${name}: PostgreSQL a contact: ${formatDatabaseWork(ceiling.postgres)}`);
  await worker.stop();
  worker = null;
  return ceiling;
}

/** The campaign against a ceiling: throughput, history events and store operations a contact (each the ceiling's share). */
function againstCeiling(name: string, label: string, ceiling: RunFigures, run: RunFigures) {
  const ceilingRatio = run.contactsPerSecond / ceiling.contactsPerSecond;
  // the dev server keeps every run in one history shard and writes each event: if it sets the pace,
  // throughput follows its work per contact, and the two ratios come out alike
  const eventsRatio = ceiling.eventsPerContact / run.eventsPerContact;
  // the same in the server's store operations (its writes and reads, visibility included)
  const storeOperationsRatio = ceiling.server && run.server ? ceiling.server.operationsPerContact / run.server.operationsPerContact : null;
  console.log(`campaign throughput = ${fmt(ceilingRatio * 100)}% of the ${name}; ` +
    `history events per contact, ${label} / campaign = ${fmt(ceiling.eventsPerContact)} / ${fmt(run.eventsPerContact)} = ${fmt(eventsRatio * 100)}%; ` +
    (storeOperationsRatio !== null ? `the server's store operations a contact, ${label} / campaign = ${fmt(ceiling.server!.operationsPerContact)} / ${fmt(run.server!.operationsPerContact)} = ${fmt(storeOperationsRatio * 100)}%; ` : '') +
    `processor time a contact, ${label} / campaign = ${fmt(ceiling.cpu.totalMsPerContact)} / ${fmt(run.cpu.totalMsPerContact)} ms; ` +
    `events written a second: campaign ${fmt(run.contactsPerSecond * run.eventsPerContact, 0)}, ${label} ${fmt(ceiling.contactsPerSecond * ceiling.eventsPerContact, 0)}`);
  return { ceilingRatio, eventsRatio, storeOperationsRatio };
}

if (bareBundlePath) {
  // the bare ceiling: children that do nothing but report back (the issue's ceiling)
  const bare = await measureCeiling('bare ceiling', 'bare', 'bench-bare-ceiling', bareBundlePath);
  table['bare ceiling (empty children)'] = row(bare);
  figures.bare = bare;
  if (campaign) Object.assign(figures, againstCeiling('bare ceiling', 'bare', bare, campaign));
}
if (shapeBundlePath) {
  // the shape's ceiling: children that dispatch by an activity and await its signal, as the shape asks
  const shape = await measureCeiling("shape's ceiling", 'shape', 'bench-shape-ceiling', shapeBundlePath);
  table["shape's ceiling (dispatch + signal)"] = row(shape);
  figures.shape = shape;
  if (campaign) figures.shapeRatios = againstCeiling("shape's ceiling", 'shape', shape, campaign);
}
if (Object.keys(table).length > 0) console.table(table);
if (parts.has('import')) {
  const imported = await measureContactImport({ sql, userId, baseUrl: api.url, token: apiToken });
  figures.contactImport = imported;
  console.log(`contact import: ${imported.rows} CSV rows through the API in ${fmt(imported.apiSeconds, 2)} s (${fmt(imported.apiRowsPerSecond, 0)} rows/s) ` +
    `= ${fmt(imported.ratio * 100)}% of a raw COPY of the same rows (${fmt(imported.copySeconds, 2)} s, ${fmt(imported.copyRowsPerSecond, 0)} rows/s)`);
}

function formatHostPace(pace: HostPace): string {
  return `host pace: the probe's fixed work took ${fmt(pace.medianMs, 2)} ms of processor time (median of ${pace.samples})`;
}

/** What the drains before continue-as-new cost the run: the contact reports missing near each, in seconds at its mean rate. */
function continueAsNewLine(f: RunFigures): string {
  const { continues, lostSeconds, campaignSeconds } = f.continueAsNew;
  if (continues === 0) return 'no continue-as-new';
  return `${continues} continue-as-new, the reports missing within ${CONTINUE_AS_NEW_SPAN_SECONDS} s of them worth ${fmt(lostSeconds)} s of the campaign's ${fmt(campaignSeconds, 0)} s (${fmt((lostSeconds / campaignSeconds) * 100)} %)`;
}

function row(f: RunFigures) {
  return {
    'contacts/s': fmt(f.contactsPerSecond),
    seconds: fmt(f.seconds),
    runs: f.runs,
    'largest run (events)': f.largestRunEvents,
    'events/contact': fmt(f.eventsPerContact),
    'status p50 ms': fmt(f.status.p50),
    'status p99 ms': fmt(f.status.p99),
    "API's own ≤ 5 / ≤ 25 ms": `${fmt(f.apiStatusTime.within5ms * 100)} / ${fmt(f.apiStatusTime.within25ms * 100)} %`,
    'status errors': f.status.errors,
    'status stored': f.status.stored,
    'worker RSS MiB': fmt(f.workerPeakRssMiB, 0),
  };
}

if (parts.has('analytics')) {
  // a scratch database on the same server: it needs a PostgreSQL server, not the embedded PGlite
  if (process.env.DATABASE_URL) {
    const analytics = await analyticsBench({ url: process.env.DATABASE_URL });
    figures.analytics = analytics;
    printAnalyticsBench(analytics);
  } else console.log('analytics: skipped, it needs DATABASE_URL (a PostgreSQL server where it may create a scratch database)');
}

// the web app's sizes and first load need no engine: measured after it, so they never slow the campaign figures
if (parts.has('web')) {
  const web = await webBundleFigures();
  figures.web = web;
  printWebBundle(web);
}
if (args['json-out']) await appendFile(args['json-out'], `${JSON.stringify(figures)}\n`);

hostPace.stop();
await api.process.stop();
await runtime.stop();
process.exit(0);
