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
  OPENAI_API_KEY: z.string().min(1),
  OPENAI_MODEL: z.string().default('gpt-4o-mini'),
  DEEPGRAM_API_KEY: z.string().min(1),
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
