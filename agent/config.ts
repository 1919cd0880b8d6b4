import { z } from 'zod';

/** The agent process's environment (LIVEKIT_URL/API_KEY/API_SECRET are read by the agents framework itself). */
const schema = z.object({
  DATABASE_URL: z.url(),
  TEMPORAL_ADDRESS: z.string().min(1),
  TEMPORAL_NAMESPACE: z.string().default('default'),
  LIVEKIT_AGENT_NAME: z.string().min(1).default('survey-voice-agent'),
  OPENAI_API_KEY: z.string().min(1),
  OPENAI_MODEL: z.string().default('gpt-4o-mini'),
  DEEPGRAM_API_KEY: z.string().min(1),
  /** Hang up after this long whatever happens. */
  CALL_MAX_DURATION_SECONDS: z.coerce.number().int().min(60).max(7200).default(900),
  /** Seconds of silence before the agent checks in (and, the second time, hangs up). */
  SILENCE_TIMEOUT_SECONDS: z.coerce.number().min(3).max(120).default(8),
});

export type AgentConfig = z.infer<typeof schema>;

export function loadAgentConfig(env: Record<string, string | undefined> = process.env): AgentConfig {
  const parsed = schema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v)));
  if (!parsed.success) {
    throw new Error(`Invalid agent configuration:\n${parsed.error.issues.map((i) => `  - ${i.path.join('.')}: ${i.message}`).join('\n')}`);
  }
  return parsed.data;
}
