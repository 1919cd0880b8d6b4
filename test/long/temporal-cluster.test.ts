// `npm run test:long`: the service split into roles on a self-hosted Temporal cluster (the server built
// from source by scripts/temporal-cluster.sh, on the machine's PostgreSQL). Real: the Temporal server and
// its SQL persistence and visibility, PostgreSQL, the api and worker processes and their HTTP and gRPC
// traffic. Simulated: the calls themselves (TELEPHONY_MODE=simulated inside each worker).
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSql, type Sql } from '../../src/db/client.ts';
import { freePort } from '../../src/temporal/dev-server.ts';
import { resolveTemporalExecutable } from '../../src/temporal/temporal-cli.ts';
import { pause, waitFor } from '../helpers/wait-for.ts';
import { buildService } from '../../scripts/build-service.ts';
import { contactWorkflowId } from '../../workflows/messages.ts';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
const clusterScript = `${root}scripts/temporal-cluster.sh`;
const FRONTEND = '127.0.0.1:7233';
const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const CONTACTS = 500;

const processes = new Set<ChildProcess>();
let cluster: ChildProcess | undefined;
let admin: Sql;
let sql: Sql;
let databaseName: string;
let databaseUrl: string;

function startCluster(): ChildProcess {
  // its own process group, so a kill -9 takes the server and nothing else
  const child = spawn('bash', [clusterScript, 'start'], { detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr!.on('data', () => {});
  return child;
}

function killGroup(child: ChildProcess | undefined, signal: NodeJS.Signals): void {
  if (child?.pid && child.exitCode === null) {
    try {
      process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  }
}

async function clusterReady(): Promise<void> {
  const cli = await resolveTemporalExecutable();
  if (cli.type !== 'existing-path') throw new Error('the temporal CLI is needed (bash scripts/temporal-cli.sh)');
  await waitFor('the cluster frontend and the default namespace', async () => {
    const ok = await run(cli.path, ['operator', 'namespace', 'describe', '-n', 'default', '--address', FRONTEND]).then(
      () => true,
      async () => {
        await run(cli.path, ['operator', 'namespace', 'create', '-n', 'default', '--address', FRONTEND]).catch(() => undefined);
        return false;
      },
    );
    return ok;
  }, 120_000, 1_000);
  // describe reads the namespace from the store; the roles' first calls (search attributes) go through
  // the frontend's namespace cache, which learns of a namespace just created a few seconds later
  await waitFor('the default namespace in the frontend\'s cache', () =>
    run(cli.path, ['operator', 'search-attribute', 'list', '-n', 'default', '--address', FRONTEND]).then(() => true, () => false),
  60_000, 1_000);
}

function role(name: 'api' | 'worker' | 'agent', env: Record<string, string>, cwd = root, args: string[] = [], entry = ['--import', 'tsx', 'src/main.ts']): ChildProcess {
  const child = spawn(process.execPath, [...entry, ...args], {
    cwd,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      ROLE: name,
      NODE_ENV: 'development',
      TEMPORAL_ADDRESS: FRONTEND,
      DATABASE_URL: databaseUrl,
      TELEPHONY_MODE: 'simulated',
      SIM_CALL_DELAY_MS: '100',
      SIM_OUTCOME_MIX: 'completed=1',
      CAMPAIGN_CALLING_HOURS: 'always',
      CAMPAIGN_RETRY_DELAY_MS: '1000',
      // a call whose worker died never reports: noticed after this and retried without using the contact's budget
      CALL_RESULT_TIMEOUT_MS: '10000',
      // warnings kept: a failing run's role logs are written out (keepRoleLogs)
      LOG_LEVEL: 'WARN',
      ...env,
    },
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  (child as ChildProcess & { output: () => string }).output = () => output;
  processes.add(child);
  return child;
}

async function startedRole(child: ChildProcess): Promise<void> {
  const output = (child as ChildProcess & { output: () => string }).output;
  await waitFor('a role to say it is ready', () => {
    if (child.exitCode !== null) throw new Error(`role exited early:\n${output()}`);
    // the role's own line: other lines may hold the word ("port already in use")
    return /survey-dialer: role \w+ ready/.test(output());
  }, 120_000, 200);
}

beforeAll(async () => {
  await run('bash', [clusterScript, 'reset'], { timeout: 60_000 });
  await run('bash', [clusterScript, 'setup'], { timeout: 15 * 60_000 });
  cluster = startCluster();
  await clusterReady();
  admin = createSql(ADMIN_URL, { max: 1 });
  databaseName = `survey_dialer_cluster_${process.pid}`;
  await admin.unsafe(`drop database if exists ${databaseName} with (force)`);
  await admin.unsafe(`create database ${databaseName}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${databaseName}`;
  databaseUrl = url.toString();
  sql = createSql(databaseUrl, { max: 2 });
}, 20 * 60_000);

afterAll(async () => {
  for (const child of processes) killGroup(child, 'SIGKILL');
  killGroup(cluster, 'SIGKILL');
  await sql?.end({ timeout: 5 });
  await admin?.unsafe(`drop database if exists ${databaseName} with (force)`).catch(() => undefined);
  await admin?.end({ timeout: 5 });
});

/** Writes every role's output (warnings and up) to files beside the test's temp files; returns their paths. */
async function keepRoleLogs(): Promise<string[]> {
  const dir = await mkdtemp(path.join(tmpdir(), 'cluster-test-logs-'));
  return Promise.all(
    [...processes].map(async (child, i) => {
      const file = path.join(dir, `role-${i}-${child.pid}.log`);
      await writeFile(file, (child as ChildProcess & { output: () => string }).output());
      return file;
    }),
  );
}

/** What went wrong for each contact of the campaign not recorded as finished: a failing run's evidence. */
async function unfinishedContacts(campaignId: string): Promise<unknown[]> {
  const rows = await sql<{ contact_id: string; state: string | null }[]>`
    select c.id as contact_id, cc.state, cc.next_attempt_at, cc.final_outcome, cc.history, cc.updated_at,
      (select json_agg(json_build_object('id', k.id, 'attempt', k.attempt, 'outcome', k.outcome, 'infrastructure', k.infrastructure_failure,
        'error', k.error, 'dial_in_flight', k.dial_in_flight, 'requested', k.dial_requested_at, 'ended', k.ended_at) order by k.attempt)
       from calls k where k.campaign_id = ${campaignId} and k.contact_id = c.id) as calls
    from contacts c join campaigns m on m.survey_id = c.survey_id and m.id = ${campaignId}
    left join campaign_contacts cc on cc.campaign_id = m.id and cc.contact_id = c.id
    where cc.state is distinct from 'finished'`;
  const cli = await resolveTemporalExecutable();
  return Promise.all(
    rows.map(async (row) => {
      const workflowId = contactWorkflowId(campaignId, row.contact_id);
      const runs = cli.type === 'existing-path'
        ? await run(cli.path, ['workflow', 'list', '--address', FRONTEND, '--query', `WorkflowId = '${workflowId}'`, '-o', 'json']).then((r) => r.stdout, (e) => String(e))
        : '';
      const history = cli.type === 'existing-path'
        ? await run(cli.path, ['workflow', 'show', '--address', FRONTEND, '-w', workflowId], { maxBuffer: 16 * 1024 * 1024 }).then((r) => r.stdout, (e) => String(e))
        : '';
      return { ...row, runs, history };
    }),
  );
}

describe('a campaign on a self-hosted Temporal cluster with the service split into roles', () => {
  it('completes 500 contacts, each exactly once, through a worker killed with -9 and a cluster restart', async () => {
    const port = await freePort();
    const api = role('api', { PORT: String(port), DEV_LOGIN: 'true' });
    await startedRole(api);
    const workers = [role('worker', { HEALTH_PORT: String(await freePort()) }), role('worker', { HEALTH_PORT: String(await freePort()) })];
    await Promise.all(workers.map(startedRole));

    const base = `http://127.0.0.1:${port}`;
    const call = async (method: string, path: string, body?: unknown, type = 'application/json') => {
      const response = await fetch(base + path, {
        method,
        headers: { 'content-type': type, ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as any };
    };
    let token = '';
    token = (await call('POST', '/auth/dev/login', { email: 'cluster@example.test', name: 'Cluster' })).body.token;
    const survey = await call('POST', '/surveys', {
      title: 'Cluster survey',
      json_questionnaire: [{ id: 'back', text: 'Will you come back?', type: 'yes_no' }],
    });
    expect(survey.status).toBe(201);
    const csv = ['name,phone', ...Array.from({ length: CONTACTS }, (_, i) => `P${i},+1202555${String(i).padStart(4, '0')}`)].join('\n');
    const imported = await call('POST', `/surveys/${survey.body.id}/contacts`, csv, 'text/csv');
    expect(imported.body.imported).toBe(CONTACTS);
    const launched = await call('POST', '/campaigns/launch', { survey_id: survey.body.id });
    expect(launched.body).toMatchObject({ status: 'launching', total_contacts: CONTACTS });
    const campaignId: string = launched.body.campaign_id;
    const status = async () => (await call('GET', `/campaigns/${campaignId}/status`)).body;

    await waitFor('100 completed calls', async () => (await status()).completed_calls >= 100, 300_000, 500);
    killGroup(workers[0], 'SIGKILL');
    await waitFor('250 completed calls on the remaining worker', async () => (await status()).completed_calls >= 250, 300_000, 500);
    killGroup(cluster, 'SIGKILL');
    await pause(2_000);
    cluster = startCluster();
    await clusterReady();

    const final = await waitFor('the campaign to complete', async () => {
      const s = await status();
      return s.status === 'completed' && s;
    }, 600_000, 1_000);
    expect(final).toMatchObject({ total_contacts: CONTACTS, completed_calls: CONTACTS, failed_calls: 0, waiting_calls: 0 });

    // every contact exactly once: one finished state, one completed call, no attempt dialed twice
    const [contacts] = await sql<{ finished: number; completed_contacts: number; completed_calls: number; attempts: number; distinct_attempts: number }[]>`
      select
        (select count(*)::int from campaign_contacts where campaign_id = ${campaignId} and state = 'finished') as finished,
        (select count(distinct contact_id)::int from calls where campaign_id = ${campaignId} and outcome = 'completed') as completed_contacts,
        (select count(*)::int from calls where campaign_id = ${campaignId} and outcome = 'completed') as completed_calls,
        (select count(*)::int from calls where campaign_id = ${campaignId}) as attempts,
        (select count(distinct (contact_id, attempt))::int from calls where campaign_id = ${campaignId}) as distinct_attempts`;
    // on a mismatch, the message shows each contact left unfinished: its row, its calls and its runs' histories
    if (contacts!.finished !== CONTACTS || contacts!.completed_calls !== CONTACTS) {
      const logs = await keepRoleLogs();
      expect.soft({ logs, unfinished: await unfinishedContacts(campaignId) }).toEqual({ logs, unfinished: [] });
    }
    expect(contacts).toMatchObject({ finished: CONTACTS, completed_contacts: CONTACTS, completed_calls: CONTACTS });
    expect(contacts!.distinct_attempts).toBe(contacts!.attempts);
    // calls the killed worker held were lost, noticed and dialed again without using the contact's one attempt
    const lost = await sql<{ n: number }[]>`select count(*)::int as n from calls where campaign_id = ${campaignId} and infrastructure_failure`;
    expect(contacts!.attempts).toBe(CONTACTS + lost[0]!.n);
  }, 25 * 60_000);

  it('a production install (the image\'s own steps: npm ci --omit=dev, the sources, the compiled service) starts each role', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'survey-dialer-image-'));
    try {
      // the final stage of the Dockerfile, step by step: its RUN (npm ci --omit=dev …) as written, its
      // COPY lines; the web stage's output (COPY --from=web) is the web/dist this checkout built
      const dockerfile = await readFile(`${root}Dockerfile`, 'utf8');
      // the web stage's service build, which the final stage copies (dist/service)
      await buildService();
      const finalStage = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
      const steps = finalStage.split('\n').filter((l) => /^(COPY|RUN) /.test(l));
      // its ENV lines (paths under /app are the folder's) and its CMD, which the api and worker run
      const imageEnv = Object.fromEntries(
        finalStage.split('\n').filter((l) => l.startsWith('ENV ')).map((l) => l.slice(4).split('=')).map(([k, v]) => [k!, v!.replace(/^\/app\//, `${dir}/`)]),
      );
      const cmd = JSON.parse(/^CMD (.*)$/m.exec(finalStage)![1]!) as string[];
      expect(cmd[0]).toBe('node');
      for (const step of steps) {
        if (step.startsWith('RUN ')) {
          const [command, ...args] = step.slice(4).trim().split(/\s+/);
          expect([command, ...args].join(' ')).toMatch(/^npm ci --omit=dev/);
          await run(command!, args, { cwd: dir, timeout: 10 * 60_000 });
          continue;
        }
        const [, ...parts] = step.split(/\s+/);
        const fromWeb = parts[0] === '--from=web';
        const sources = fromWeb ? [parts[1]!.replace(/^\/app\//, '')] : parts.slice(0, -1);
        const target = parts.at(-1)!;
        for (const source of sources) await cp(`${root}${source}`, path.join(dir, target.endsWith('/') ? path.basename(source) : target), { recursive: true });
      }
      const production = {
        NODE_ENV: 'production',
        SESSION_SECRET: 'a-production-session-secret-of-forty-chars',
        GOOGLE_CLIENT_ID: 'id.apps.googleusercontent.com',
        GOOGLE_CLIENT_SECRET: 'secret',
        DEV_LOGIN: 'false',
        TEMPORAL_PAYLOAD_KEYS: `prod:${randomBytes(32).toString('base64')}`,
      };
      const port = await freePort();
      const api = role('api', { ...production, ...imageEnv, PORT: String(port) }, dir, [], cmd.slice(1));
      await startedRole(api);
      expect(await (await fetch(`http://127.0.0.1:${port}/readyz`)).json()).toMatchObject({ status: "ready" });
      const healthPort = await freePort();
      const worker = role('worker', { ...production, ...imageEnv, HEALTH_PORT: String(healthPort) }, dir, [], cmd.slice(1));
      await startedRole(worker);
      expect(await (await fetch(`http://127.0.0.1:${healthPort}/healthz`)).json()).toEqual({ status: 'ok' });
      // the agent needs a LiveKit server to start for real; its modules must load from the production install
      const agent = await run(process.execPath, ['--import', 'tsx', 'src/main.ts', '--help'], {
        cwd: dir,
        env: { ...process.env, ...production, ROLE: 'agent', DATABASE_URL: databaseUrl, TEMPORAL_ADDRESS: FRONTEND, OPENAI_API_KEY: 'sk-test', DEEPGRAM_API_KEY: 'dg-test' },
        timeout: 120_000,
      });
      expect(agent.stdout).toMatch(/start/);
      for (const child of [api, worker]) killGroup(child, 'SIGTERM');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 20 * 60_000);
});
