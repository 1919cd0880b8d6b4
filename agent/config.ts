import { z } from 'zod';
import { devPayloadKey, parsePayloadKeys, type PayloadKey } from '../src/temporal/payload-codec.ts';
import { temporalAuthEnvShape, temporalAuthFrom, type TemporalAuth } from '../src/temporal/connection-options.ts';

/** The agent process's environment (LIVEKIT_URL/API_KEY/API_SECRET are read by the agents framework itself). */
export const agentEnvSchema = z.object({
  DATABASE_URL: z.url(),
  TEMPORAL_ADDRESS: z.string().min(1),
  TEMPORAL_NAMESPACE: z.string().default('default'),
  /** Temporal Cloud / TLS, as the service takes them */
  ...temporalAuthEnvShape,
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  /** The service's payload keys (same value as the API/worker): the agent's reports are encrypted with the first. */
  TEMPORAL_PAYLOAD_KEYS: z.string().optional(),
  LIVEKIT_AGENT_NAME: z.string().min(1).default('survey-voice-agent'),
  /**
   * `audio` (default): a phone call, Deepgram hears and OpenAI TTS speaks. `text`: the room's text
   * streams instead (the framework's `lk.chat` in, `lk.transcription` out), no speech services; for
   * tests against a real LiveKit server without internet, and text-only clients.
   */
  AGENT_IO: z.enum(['audio', 'text']).default('audio'),
  /** required with AGENT_IO=audio; with text, only the rephraser uses it (lines are said as written without it) */
  OPENAI_API_KEY: z.string().min(1).optional(),
  OPENAI_MODEL: z.string().default('gpt-4o-mini'),
  /** required with AGENT_IO=audio */
  DEEPGRAM_API_KEY: z.string().min(1).optional(),
  /** The worker's health/info HTTP server; the framework's defaults (0.0.0.0:8081 under `start`) when unset (port 0 means the default too). */
  AGENT_HTTP_HOST: z.string().min(1).optional(),
  AGENT_HTTP_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  /**
   * The agent's own `/metrics` (Prometheus) and `/healthz`: loopback unless set (no token on this port);
   * port 0 takes any free port (tests).
   */
  AGENT_METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  AGENT_METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(8082),
  /**
   * Calls one worker takes at most. Unset: the framework's measure, the whole machine's CPU (full at
   * 70 % under `start`; livekit-server sends no job to a worker reporting 100 %). Set: the worker's load
   * is its running calls over this number, for machines shared with other work (and tests).
   */
  AGENT_MAX_CALLS: z.coerce.number().int().min(1).max(1000).optional(),
  /** Job processes kept warm; framework default min(cores, 4) under `start`. */
  AGENT_IDLE_PROCESSES: z.coerce.number().int().min(1).max(32).optional(),
  /** How long a job process may take to load before the framework gives up on it; its default is 10 s. */
  AGENT_INIT_TIMEOUT_SECONDS: z.coerce.number().positive().max(600).optional(),
  /** Hang up after this long whatever happens. */
  CALL_MAX_DURATION_SECONDS: z.coerce.number().int().min(60).max(7200).default(900),
  /** Seconds of silence before the agent checks in (and, the second time, hangs up). */
  SILENCE_TIMEOUT_SECONDS: z.coerce.number().min(3).max(120).default(8),
});

export type AgentConfig = Omit<z.infer<typeof agentEnvSchema>, 'TEMPORAL_PAYLOAD_KEYS'> & { payloadKeys: PayloadKey[]; temporalAuth: TemporalAuth };

export function loadAgentConfig(env: Record<string, string | undefined> = process.env): AgentConfig {
  const parsed = agentEnvSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v)));
  if (!parsed.success) {
    throw new Error(`Invalid agent configuration:\n${parsed.error.issues.map((i) => `  - ${i.path.join('.')}: ${i.message}`).join('\n')}`);
  }
  const { TEMPORAL_PAYLOAD_KEYS: rawKeys, ...rest } = parsed.data;
  const { auth: temporalAuth, problems } = temporalAuthFrom(parsed.data);
  if (rest.AGENT_IO === 'audio') {
    for (const name of ['OPENAI_API_KEY', 'DEEPGRAM_API_KEY'] as const) if (!rest[name]) problems.push(`${name}: required when AGENT_IO=audio`);
  }
  if (problems.length) throw new Error(`Invalid agent configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  if (!rawKeys && rest.NODE_ENV === 'production') throw new Error('Invalid agent configuration:\n  - TEMPORAL_PAYLOAD_KEYS: required when NODE_ENV=production');
  let payloadKeys: PayloadKey[];
  try {
    payloadKeys = rawKeys ? parsePayloadKeys(rawKeys) : [devPayloadKey];
  } catch (error) {
    throw new Error(`Invalid agent configuration:\n  - TEMPORAL_PAYLOAD_KEYS: ${(error as Error).message}`);
  }
  return { ...rest, payloadKeys, temporalAuth };
}
