import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { afterEach, inject } from 'vitest';
import { createActivities, type Activities } from '../../activities/index.ts';
import type { FormPoster } from '../../activities/google-form.ts';
import type { LlmMapper } from '../../src/answers/llm-mapper.ts';
import type { Tracing } from '../../src/observability/tracing.ts';
import { reportCallCompleted } from '../../src/campaigns/report-call.ts';
import { launchCampaign, type LaunchRequest } from '../../src/campaigns/launch-campaign.ts';
import type { CallOutcome } from '../../src/domain/call-outcome.ts';
import { alwaysOpen } from '../../src/domain/calling-hours.ts';
import type { Config, WebhookConfig } from '../../src/config.ts';
import { createSecretBox } from '../../src/crypto/secret-box.ts';
import { createSql, type Sql } from '../../src/db/client.ts';
import type { OutcomeMix, RespondentMix } from '../../src/domain/outcome-mix.ts';
import { loadSurveyForCall } from '../../src/surveys/load-survey-for-call.ts';
import { loadFollowUpAnswers } from '../../src/responses/follow-up-answers.ts';
import type { CallDialer, NumberProvider, RecordingProvider, TrunkProvider } from '../../src/telephony/ports.ts';
import { SimulatedDialer } from '../../src/telephony/simulated/simulated-dialer.ts';
import { SimulatedNumberProvider } from '../../src/telephony/simulated/simulated-numbers.ts';
import { SimulatedTrunkProvider } from '../../src/telephony/simulated/simulated-trunks.ts';
import { createCampaignWorker } from '../../src/temporal/worker.ts';
import { createDialWorker } from '../../src/temporal/dial-worker.ts';
import { campaignTeller } from '../../src/temporal/campaign-teller.ts';
import { createDataConverter } from '../../src/temporal/data-converter.ts';
import { devPayloadKey } from '../../src/temporal/payload-codec.ts';
import { campaignWorkflowId, contactCallStateQuery, contactWorkflowId, type CampaignStatus, type ContactCallState } from '../../workflows/messages.ts';
import { seedContacts, seedSurvey, seedUser } from '../../src/dev/seed.ts';
import { createOwnSchema } from './own-schema.ts';
import { onPostgresServer } from './test-database.ts';
import { waitFor } from './wait-for.ts';

export interface HarnessOptions {
  callDelayMs?: number;
  outcomeMix?: OutcomeMix;
  /** outcomes fixed by the number dialed, ahead of the mix (contact ids, and so the mix's rolls, are random) */
  outcomeByNumber?: Record<string, CallOutcome>;
  respondentMix?: RespondentMix;
  campaign?: Partial<Config['campaign']>;
  numbers?: (simulated: SimulatedNumberProvider) => NumberProvider;
  trunks?: (simulated: SimulatedTrunkProvider, sql: Sql) => TrunkProvider;
  dialer?: (simulated: SimulatedDialer) => CallDialer;
  /** the carrier's recordings; default: none (simulated calls have no audio) */
  recordings?: RecordingProvider;
  llm?: LlmMapper;
  postForm?: FormPoster;
  /** the dial queue's server-side rate limit (account-wide pacing) */
  dialRatePerSecond?: number;
  /** wraps the worker's activities, to stage what a crash leaves behind */
  activities?: (built: Activities) => Activities;
  /** webhook delivery settings; tests default to loopback receivers and retries in milliseconds */
  webhooks?: Partial<WebhookConfig>;
  /** OpenTelemetry on the client and both workers; the workflows then run from the suite's traced bundle */
  tracing?: Tracing;
  /** a schema of its own (named after this label), for a test that checks the whole database while other files run */
  ownSchema?: string;
}

/** The key the engine and the API harness share, so endpoint secrets the API seals open in activities. */
export const TEST_CREDENTIALS_KEY = Buffer.alloc(32, 7).toString('base64');

export const testWebhookConfig: WebhookConfig = {
  policy: { httpsOnly: false, allowLoopback: true },
  retry: { initialIntervalMs: 100, maximumIntervalMs: 1_000, giveUpAfterMs: 60_000 },
  disableAfterMs: 24 * 3600_000,
  timeoutMs: 5_000,
};

export const defaultCampaignConfig: Config['campaign'] = {
  maxConcurrentCalls: 5,
  contactPageSize: 100,
  maxAttempts: 1,
  retryDelayMs: 100,
  callResultTimeoutMs: 30_000,
  continueAsNewAfterEvents: 2_500,
  continueAsNewQuietMs: 30_000,
  handedOverCheckMs: 10 * 60_000,
  // tests run at any hour; calling-hours tests set their own
  callingHours: alwaysOpen,
  costPerMinute: 0.0173,
  breaker: { window: 10, threshold: 6 },
};

/**
 * A campaign engine on the suite's real Temporal server and database: a fresh task queue, simulated
 * telephony owned by the test (so it outlives any worker), and a worker that can be stopped and restarted.
 */
export async function createHarness(options: HarnessOptions = {}) {
  const address = inject('temporalAddress');
  // embedded PGlite takes one connection per process (see src/db/open-database.ts)
  const schema = options.ownSchema ? await createOwnSchema(inject('databaseUrl'), options.ownSchema) : undefined;
  const sql = createSql(schema?.url ?? inject('databaseUrl'), { max: onPostgresServer ? 8 : 1 });
  const connection = await Connection.connect({ address });
  // the service's own codec (the dev key, as loadConfig gives tests), so histories are encrypted here too
  const dataConverter = createDataConverter([devPayloadKey]);
  const client = new Client({ connection, dataConverter, ...(options.tracing ? { interceptors: { workflow: options.tracing.clientInterceptors } } : {}) });
  const nativeConnection = await NativeConnection.connect({ address });
  const taskQueue = `test-${randomUUID()}`;

  const simulatedNumbers = new SimulatedNumberProvider();
  const simulatedTrunks = new SimulatedTrunkProvider();
  const dialer = new SimulatedDialer({
    report: (workflowId, report) => reportCallCompleted(client, workflowId, report),
    loadSurvey: (userId, surveyId) => loadSurveyForCall(sql, userId, surveyId),
    loadFollowUpAnswers: (userId, contactId) => loadFollowUpAnswers(sql, userId, contactId),
    callDelayMs: options.callDelayMs ?? 20,
    outcomeMix: options.outcomeMix ?? { completed: 1 },
    outcomeByNumber: options.outcomeByNumber,
    respondentMix: options.respondentMix ?? { cooperative: 1 },
    seed: 'test-seed',
    countDialsPerCall: true,
    onError: (error) => console.error('simulated call failed to report', error),
  });
  const telephony = {
    numbers: options.numbers?.(simulatedNumbers) ?? simulatedNumbers,
    trunks: options.trunks?.(simulatedTrunks, sql) ?? simulatedTrunks,
    dialer: options.dialer?.(dialer) ?? dialer,
    ...(options.recordings ? { recordings: options.recordings } : {}),
  };
  const campaignConfig = { ...defaultCampaignConfig, ...options.campaign };

  const dialTaskQueue = `${taskQueue}-dials`;
  let workers: Worker[] = [];
  let running: Promise<void>[] = [];

  const harness = {
    sql,
    client,
    /** the connection without the codec's client: what an operator without the key sees */
    connection,
    taskQueue,
    dialer,
    simulatedNumbers,
    simulatedTrunks,

    dialTaskQueue,

    async startWorker(): Promise<void> {
      const built = createActivities({
        sql,
        telephony,
        tellCampaign: campaignTeller(client),
        llm: options.llm ?? null,
        postForm: options.postForm,
        webhooks: { client, taskQueue, box: createSecretBox(TEST_CREDENTIALS_KEY), config: { ...testWebhookConfig, ...options.webhooks } },
      });
      const activities = options.activities?.(built) ?? built;
      workers = [
        await createCampaignWorker({
          connection: nativeConnection,
          namespace: 'default',
          taskQueue,
          activities,
          workflowBundle: { codePath: inject(options.tracing ? 'tracedWorkflowBundlePath' : 'workflowBundlePath') },
          dataConverter,
          tracing: options.tracing,
        }),
        await createDialWorker({
          connection: nativeConnection,
          namespace: 'default',
          taskQueue: dialTaskQueue,
          dispatchCall: activities.dispatchCall,
          ratePerSecond: options.dialRatePerSecond,
          dataConverter,
          tracing: options.tracing,
        }),
      ];
      running = workers.map((w) => w.run());
    },

    async stopWorker(): Promise<void> {
      for (const w of workers) if (w.getState() === 'RUNNING') w.shutdown();
      await Promise.all(running);
      workers = [];
    },

    launch(userId: string, surveyId: string, request: Partial<Omit<LaunchRequest, 'userId' | 'surveyId'>> = {}) {
      return launchCampaign(
        { sql, client, taskQueue, campaign: campaignConfig, dialTaskQueue },
        { ...request, userId, surveyId, testMode: request.testMode ?? false },
      );
    },

    /** The contact workflow's current call, once it is dispatched and waiting for the agent's report. */
    waitForCall(workflowId: string): Promise<ContactCallState> {
      return waitFor(`${workflowId} to be in a call`, async () => {
        const state = await client.workflow.getHandle(workflowId).query(contactCallStateQuery).catch(() => null);
        return state?.phase === 'in_call' ? state : null;
      }, 30_000, 20);
    },

    /** A new user (its email made from the label) with a seeded survey of `contacts` contacts. */
    async seedSurveyWithContacts(contacts: number, label: string): Promise<{ userId: string; surveyId: string }> {
      const userId = await seedUser(sql, uniqueEmail(label));
      const surveyId = await seedSurvey(sql, userId);
      await seedContacts(sql, userId, surveyId, contacts);
      return { userId, surveyId };
    },

    /**
     * A one-contact campaign launched for a new user, once its contact's call is dispatched and waits
     * for the agent's report (with `callDelayMs` far off, the test plays the agent).
     */
    async launchOneCall(label: string): Promise<{ userId: string; surveyId: string; campaignId: string; contactId: string; workflowId: string; callId: string }> {
      const { userId, surveyId } = await harness.seedSurveyWithContacts(1, label);
      const [contact] = await sql<{ id: string }[]>`select id from contacts where survey_id = ${surveyId} and user_id = ${userId}`;
      const { campaignId } = await harness.launch(userId, surveyId);
      const workflowId = contactWorkflowId(campaignId, contact!.id);
      const { callId } = await harness.waitForCall(workflowId);
      return { userId, surveyId, campaignId, contactId: contact!.id, workflowId, callId: callId! };
    },

    /** The campaign's calls in contact order: who, the outcome, the transcript and how many answers were stored. */
    calls(campaignId: string) {
      return sql<{ participant_name: string; outcome: string; answers: number; transcript: { role: string; text: string }[] }[]>`
        select c.participant_name, k.outcome, k.transcript, (select count(*)::int from responses r where r.call_id = k.id) as answers
        from calls k join contacts c on c.id = k.contact_id where k.campaign_id = ${campaignId} order by c.seq`;
    },

    result(campaignId: string): Promise<CampaignStatus> {
      return client.workflow.getHandle(campaignWorkflowId(campaignId)).result();
    },

    async close(): Promise<void> {
      try {
        await harness.stopWorker();
        await dialer.stop();
        await nativeConnection.close();
        await connection.close();
        await sql.end({ timeout: 5 });
      } finally {
        await schema?.drop();
      }
    },
  };
  return harness;
}

export type Harness = Awaited<ReturnType<typeof createHarness>>;

/**
 * For a file whose tests each need a harness of their own, with its worker running: call it at the
 * file's top level; `start(options)` makes the test's harness, closed after the test whatever it did.
 */
export function harnessPerTest(): (options?: HarnessOptions) => Promise<Harness> {
  let current: Harness | undefined;
  afterEach(async () => {
    const closing = current;
    current = undefined;
    await closing?.close();
  });
  return async (options = {}) => {
    current = await createHarness(options);
    await current.startWorker();
    return current;
  };
}

export const uniqueEmail = (label: string) => `${label}-${randomUUID()}@example.test`;
