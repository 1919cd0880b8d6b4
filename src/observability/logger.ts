import { pino, type Logger } from 'pino';

/** pino's levels, as SERVICE_LOG_LEVEL takes them. */
export const serviceLogLevels = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
export type ServiceLogLevel = (typeof serviceLogLevels)[number];

/**
 * Fields never written as they are. Secrets (authorization headers, cookies, tokens, keys, passwords)
 * and phone numbers, which are personal data: a line names the contact by id, never by number. These
 * catch a field passed by mistake; the rule is still to log ids only.
 */
export const redactedFields = [
  'authorization',
  'cookie',
  'token',
  'password',
  'secret',
  'apiKey',
  'api_key',
  'authToken',
  'phone_number',
  'phoneNumber',
  'to_number',
  'toNumber',
] as const;
/** The paths pino redacts: each field at the top, one level down, or under `headers`. */
export const redactPaths = redactedFields.flatMap((f) => [f, `*.${f}`, `*.headers.${f}`]);

/**
 * The process's one logger: a JSON object per line on stdout (`time`, `level` as a word, `msg`, then
 * fields), the format log collectors parse without configuration. Written through process.stdout so
 * everything a process prints keeps its order, and a test can read it. Pipe through `npx pino-pretty`
 * to read it in a terminal. Its level starts at SERVICE_LOG_LEVEL and the entry point sets the
 * validated one from the configuration.
 */
export const logger: Logger = pino(
  {
    level: (serviceLogLevels as readonly string[]).includes(process.env.SERVICE_LOG_LEVEL ?? '') ? process.env.SERVICE_LOG_LEVEL : 'info',
    base: { service: 'survey-dialer' },
    formatters: { level: (label) => ({ level: label }) },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: redactPaths, censor: '[redacted]' },
  },
  process.stdout,
);

/** Ids a log line may carry, in the names every line uses. */
export interface LogIds {
  campaign_id?: string;
  contact_id?: string;
  call_id?: string;
  survey_id?: string;
  user_id?: string;
}
