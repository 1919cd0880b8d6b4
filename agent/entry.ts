import { type JobContext, defineAgent, voice } from '@livekit/agents';
import * as deepgram from '@livekit/agents-plugin-deepgram';
import * as openai from '@livekit/agents-plugin-openai';
import { Client, Connection } from '@temporalio/client';
import { reportCallCompleted } from '../src/campaigns/report-call.ts';
import { voiceAgentVoices } from '../src/surveys/survey-schemas.ts';
import { createDataConverter } from '../src/temporal/data-converter.ts';
import { connectionOptions } from '../src/temporal/connection-options.ts';
import { createSql } from '../src/db/client.ts';
import { loadAgentConfig } from './config.ts';
import { SipClient } from 'livekit-server-sdk';
import OpenAI from 'openai';
import { dialFromAgent } from './dial-from-agent.ts';
import { routeFrameworkLogs, tagFrameworkLogs } from './logs.ts';
import { recordCallEvent } from './metrics.ts';
import { InvalidJobError, prepareCall, type CallDeps, type PreparedCall } from './prepare-call.ts';
import { logger } from '../src/observability/logger.ts';
import { createRephraser } from './rephrase.ts';
import { SurveyEngineLlm } from './engine-llm.ts';

// a job process loads this module before the framework sets up its logger: route it into ours first
routeFrameworkLogs();

const ttsVoices: ReadonlySet<string> = new Set(voiceAgentVoices);

let shared: Promise<CallDeps> | undefined;
/** One database pool and one Temporal connection per agent process, shared by its jobs. */
function processDeps(): Promise<CallDeps> {
  shared ??= (async () => {
    const config = loadAgentConfig();
    const sql = createSql(config.DATABASE_URL, { max: 4 });
    const client = new Client({
      connection: await Connection.connect(connectionOptions(config.TEMPORAL_ADDRESS, config.temporalAuth)),
      namespace: config.TEMPORAL_NAMESPACE,
      dataConverter: createDataConverter(config.payloadKeys),
    });
    const llm = config.OPENAI_API_KEY ? new OpenAI({ apiKey: config.OPENAI_API_KEY }) : null;
    return {
      sql,
      report: (workflowId, report) => reportCallCompleted(client, workflowId, report),
      rephraserFor: llm ? (survey) => createRephraser({ client: llm, model: config.OPENAI_MODEL, ...survey }) : undefined,
    };
  })();
  return shared;
}

/** errors already counted under a kind of their own */
const counted = new WeakSet<object>();

/**
 * One survey call: the dispatch's metadata names the call; the SIP participant is being dialed into
 * this room by the campaign engine. Speech in through Deepgram, the conversation engine decides the
 * reply (SurveyAgent's LLM node), speech out through OpenAI TTS in the survey's voice. With
 * AGENT_IO=text the callee talks over the room's text streams instead and no speech service is used.
 */
export default defineAgent({
  entry: async (ctx: JobContext) => {
    const deps = await processDeps().catch((error: unknown) => {
      shared = undefined;
      recordCallEvent({ type: 'error', kind: 'call_setup' });
      logger.error({ component: 'agent', job_id: ctx.job.id, err: error }, 'call not started: no database or Temporal connection');
      throw error;
    });
    let prepared: PreparedCall | undefined;
    try {
      prepared = await prepareCall(deps, ctx.job.metadata);
      await runCall(ctx, prepared);
    } catch (error) {
      // prepareCall counts and logs its own refusals (invalid metadata, survey not loaded)
      if (prepared && !counted.has(error as object)) {
        recordCallEvent({ type: 'error', kind: 'call' });
        prepared.log.error({ err: error }, 'call failed');
      } else if (error instanceof InvalidJobError) {
        logger.error({ component: 'agent', job_id: ctx.job.id, reason: error.message }, 'call refused: the dispatch metadata is not a call job');
      }
      throw error;
    }
  },
});

async function runCall(ctx: JobContext, prepared: PreparedCall): Promise<void> {
  const config = loadAgentConfig();
  const { agent, job, log } = prepared;
  // the framework's lines from here on (session, room I/O) carry the call's ids too
  tagFrameworkLogs({ campaign_id: job.campaign_id, contact_id: job.contact_id, call_id: job.call_id });
  const text = config.AGENT_IO === 'text';
  const session = text
    ? new voice.AgentSession({ llm: new SurveyEngineLlm(), userAwayTimeout: config.SILENCE_TIMEOUT_SECONDS })
    : new voice.AgentSession({
        stt: new deepgram.STT({ apiKey: config.DEEPGRAM_API_KEY!, language: 'en-US' }),
        // required by the framework; SurveyAgent.llmNode answers instead of this model
        llm: new openai.LLM({ apiKey: config.OPENAI_API_KEY!, model: config.OPENAI_MODEL }),
        tts: new openai.TTS({ apiKey: config.OPENAI_API_KEY!, voice: (ttsVoices.has(prepared.voice) ? prepared.voice : 'alloy') as 'alloy' }),
        userAwayTimeout: config.SILENCE_TIMEOUT_SECONDS,
      });

  await ctx.connect();
  const callee = `sip-${job.call_id}`;
  const limit = setTimeout(() => void agent.hangUp(), config.CALL_MAX_DURATION_SECONDS * 1000);
  ctx.room.on('participantDisconnected', (participant) => {
    if (participant.identity === callee) void agent.hangUp();
  });
  session.on(voice.AgentSessionEventTypes.UserStateChanged, (event) => {
    if (event.newState === 'away' && !agent.finished) session.generateReply();
  });
  ctx.addShutdownCallback(async () => {
    clearTimeout(limit);
    await agent.hangUp();
    await prepared.reported.catch(() => undefined);
  });

  if (!text) await session.start({ agent, room: ctx.room });
  if (job.dial) {
    const sip = new SipClient(process.env.LIVEKIT_URL ?? '', process.env.LIVEKIT_API_KEY, process.env.LIVEKIT_API_SECRET);
    const { ended } = await dialFromAgent(sip, job, ctx.room.name ?? `call-${job.call_id}`).catch((error: unknown) => {
      recordCallEvent({ type: 'error', kind: 'dial' });
      // the provider's message may quote the number dialed: its kind and SIP status only
      const { name, sipStatusCode } = error as { name?: string; sipStatusCode?: number };
      log.error({ error_name: name, sip_status: sipStatusCode }, 'dial from the agent failed');
      if (error instanceof Object) counted.add(error);
      throw error;
    });
    if (ended) {
      await prepared.reportEnded(ended);
      ctx.shutdown(`call ended: ${ended.outcome}`);
      return;
    }
  }
  await ctx.waitForParticipant(callee);
  if (text) {
    // a text stream sent before the callee joined reaches nobody: start (and greet) once they are in
    await session.start({
      agent,
      room: ctx.room,
      inputOptions: { audioEnabled: false, participantIdentity: callee },
      outputOptions: { audioEnabled: false },
    });
  }
  // when the conversation ends: let the goodbye play, then hang up for everyone
  const ended = setInterval(() => {
    if (!agent.finished || session.agentState === 'speaking') return;
    clearInterval(ended);
    // in text, the closing line's stream may still be closing when the agent stops "speaking"; a
    // room deleted at once cut it off for the callee in one run of the e2e test
    const hangUpAll = () => void ctx.deleteRoom().finally(() => ctx.shutdown('survey finished'));
    if (text) setTimeout(hangUpAll, 1_000);
    else hangUpAll();
  }, 500);
}
