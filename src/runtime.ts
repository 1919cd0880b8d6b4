import path from 'node:path';
import { mkdir } from 'node:fs/promises';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import OpenAI from 'openai';
import { createActivities } from '../activities/index.ts';
import { createLlmMapper } from './answers/llm-mapper.ts';
import { reportCallCompleted } from './campaigns/report-call.ts';
import type { Config } from './config.ts';
import { createSecretBox } from './crypto/secret-box.ts';
import { openDatabase, type OpenDatabase } from './db/open-database.ts';
import { loadSurveyForCall } from './surveys/load-survey-for-call.ts';
import { createTelephony, type RunningTelephony, type TelephonyDeps } from './telephony/create-telephony.ts';
import type { DevServer } from './temporal/dev-server.ts';
import { ensureSearchAttributes } from './temporal/ensure-search-attributes.ts';
import { createCampaignWorker } from './temporal/worker.ts';
import { campaignTeller } from './temporal/campaign-teller.ts';
import { createDialWorker } from './temporal/dial-worker.ts';
import { ensureUpkeepSchedule } from './temporal/upkeep-schedule.ts';
import { createDataConverter } from './temporal/data-converter.ts';
import { connectionOptions, noTemporalAuth } from './temporal/connection-options.ts';
import { installTemporalRuntime } from './observability/temporal-runtime.ts';
import { logger } from './observability/logger.ts';
import { startTracing, type Tracing } from './observability/tracing.ts';

export interface Runtime {
  config: Config;
  db: OpenDatabase;
  client: Client;
  telephony: RunningTelephony;
  /** `metricsUrl`: the local dev server's Prometheus endpoint (null for a configured cluster) */
  temporal: { address: string; uiUrl: string | null; metricsUrl: string | null };
  worker: Worker | null;
  /** the Temporal SDK's Prometheus endpoint in this process, when it runs workers */
  sdkMetricsUrl: string | null;
  /** OpenTelemetry tracing, when an OTLP endpoint is configured */
  tracing: Tracing | null;
  stop(): Promise<void>;
}

export interface RuntimeOptions {
  /** Run a worker in this process (the API-only role sets false). */
  worker?: boolean;
  workflowBundle?: { codePath: string };
  /** The Twilio client live telephony uses (the chaos run points one at its stand-in); default: from config. */
  twilioClient?: TelephonyDeps['twilioClient'];
  /** Keep the local dev server's state in memory instead of DATA_DIR/temporal.db (the benchmark). */
  ephemeralTemporal?: boolean;
  log?: (line: string) => void;
  /** the process's role: traces default to the service name `survey-dialer-<role>` */
  role?: 'all' | 'api' | 'worker';
}

/**
 * Everything the service needs, in start order: database (migrated), Temporal (a local dev server
 * when TEMPORAL_ADDRESS is unset), telephony and a worker. `stop()` undoes it in reverse.
 */
export async function startRuntime(config: Config, options: RuntimeOptions = {}): Promise<Runtime> {
  const log = options.log ?? ((line: string) => logger.info(line));
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const fn of stops.reverse()) await fn().catch((error: unknown) => logger.error({ err: error }, 'shutdown step failed'));
  };
  const { sdkMetricsUrl } = installTemporalRuntime(config, { workers: options.worker !== false });
  try {
    // first in, last out: the workers' final spans are flushed after they stop
    let tracing: Tracing | null = null;
    if (config.tracing) {
      const started = await startTracing(config.tracing, `survey-dialer-${options.role ?? 'all'}`);
      stops.push(() => started.shutdown());
      const { origin, pathname } = new URL(config.tracing.tracesUrl);
      log(`tracing: OTLP/HTTP to ${origin}${pathname} as ${started.serviceName}`);
      tracing = started;
    }
    const db = await openDatabase(config);
    stops.push(() => db.close());
    log(`database: ${db.description}${db.applied.length ? `, applied ${db.applied.join(', ')}` : ''}`);

    let devServer: DevServer | null = null;
    if (!config.temporal.address) {
      const dataDir = path.resolve(config.database.dataDir);
      await mkdir(dataDir, { recursive: true });
      // imported here: the dev server comes from @temporalio/testing, a dev dependency a production image lacks
      const { startDevServer } = await import('./temporal/dev-server.ts');
      devServer = await startDevServer({
        port: config.temporal.port,
        uiPort: config.temporal.uiPort,
        dbFilename: options.ephemeralTemporal ? undefined : path.join(dataDir, 'temporal.db'),
        namespace: config.temporal.namespace,
      });
      stops.push(() => devServer!.stop());
    }
    const address = config.temporal.address ?? devServer!.address;
    // the dev server speaks plaintext; a configured cluster gets its API key or certificates
    const connectOptions = connectionOptions(address, devServer ? noTemporalAuth : config.temporal.auth);
    const connection = await Connection.connect(connectOptions);
    stops.push(() => connection.close());
    const added = await ensureSearchAttributes(connection, config.temporal.namespace);
    if (added.length) log(`temporal: registered search attributes ${added.join(', ')}`);
    const dataConverter = createDataConverter(config.temporal.payloadKeys);
    const client = new Client({
      connection,
      namespace: config.temporal.namespace,
      dataConverter,
      ...(tracing ? { interceptors: { workflow: tracing.clientInterceptors } } : {}),
    });
    log(`temporal: ${address} (namespace ${config.temporal.namespace}, task queue ${config.temporal.taskQueue})${devServer?.uiUrl ? `, Web UI ${devServer.uiUrl}` : ''}`);

    const telephony = createTelephony(config.telephony, {
      sql: db.sql,
      report: (workflowId, report) => reportCallCompleted(client, workflowId, report),
      loadSurvey: (userId, surveyId) => loadSurveyForCall(db.sql, userId, surveyId),
      onError: (error) => logger.error({ err: error }, 'simulated call could not report'),
      ...(options.twilioClient ? { twilioClient: options.twilioClient } : {}),
    });
    stops.push(() => telephony.stop());

    let worker: Worker | null = null;
    if (options.worker !== false) {
      const nativeConnection = await NativeConnection.connect(connectOptions);
      stops.push(() => nativeConnection.close());
      const activities = createActivities({
        sql: db.sql,
        telephony,
        tellCampaign: campaignTeller(client),
        llm: config.llm
          ? createLlmMapper({ client: new OpenAI({ apiKey: config.llm.apiKey, baseURL: config.llm.baseUrl }), model: config.llm.model })
          : null,
        webhooks: { client, taskQueue: config.temporal.taskQueue, box: createSecretBox(config.auth.tokenKey), config: config.webhooks },
      });
      worker = await createCampaignWorker({
        connection: nativeConnection,
        namespace: config.temporal.namespace,
        taskQueue: config.temporal.taskQueue,
        activities,
        workflowBundle: options.workflowBundle ?? (config.worker.workflowBundle ? { codePath: config.worker.workflowBundle } : undefined),
        dataConverter,
        tracing,
        maxCachedWorkflows: config.worker.maxCachedWorkflows,
        maxConcurrentWorkflowTaskExecutions: config.worker.maxConcurrentWorkflowTasks,
        maxConcurrentActivityTaskExecutions: config.worker.maxConcurrentActivities,
      });
      // simulated calls need no carrier pacing; live ones are held to DIAL_RATE_PER_SECOND account-wide
      const dialRate = config.telephony.mode === 'live' ? config.telephony.dialRatePerSecond : undefined;
      const dialWorker = await createDialWorker({
        connection: nativeConnection,
        namespace: config.temporal.namespace,
        taskQueue: config.telephony.dialTaskQueue,
        dispatchCall: activities.dispatchCall,
        ratePerSecond: dialRate,
        dataConverter,
        tracing,
      });
      for (const w of [worker, dialWorker]) {
        const running = w.run();
        stops.push(async () => {
          if (w.getState() === 'RUNNING') w.shutdown();
          await running;
        });
      }
      // upkeep (recordings, retention) is not what a worker is for: one that cannot check the schedule
      // still serves campaigns, and says why upkeep may not run
      try {
        const upkeep = await ensureUpkeepSchedule(client, { taskQueue: config.temporal.taskQueue, intervalMs: config.upkeep.intervalMs });
        log(`schedule: data-upkeep every ${config.upkeep.intervalMs / 1000} s (${upkeep})`);
      } catch (error) {
        logger.warn({ err: error }, 'schedule: data-upkeep could not be ensured; recordings and retention wait until a worker can');
      }
      log(`worker: polling ${config.temporal.taskQueue}, dials on ${config.telephony.dialTaskQueue}${dialRate ? ` at ${dialRate}/s` : ''} (telephony: ${config.telephony.mode})`);
    }

    return {
      config,
      db,
      client,
      telephony,
      temporal: { address, uiUrl: devServer?.uiUrl ?? null, metricsUrl: devServer?.metricsUrl ?? null },
      worker,
      sdkMetricsUrl,
      tracing,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
