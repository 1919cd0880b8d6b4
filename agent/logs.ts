import { pino, type Logger } from 'pino';
import type { CallJob } from '../src/domain/call-job.ts';
import { logger, redactPaths } from '../src/observability/logger.ts';

/** A call's lines: the project's logger with the call's ids (never its numbers or the participant's name). */
export function callLogger(job: Pick<CallJob, 'campaign_id' | 'contact_id' | 'call_id' | 'survey_id' | 'attempt'>): Logger {
  return logger.child({
    component: 'agent',
    campaign_id: job.campaign_id,
    contact_id: job.contact_id,
    call_id: job.call_id,
    survey_id: job.survey_id,
    attempt: job.attempt,
  });
}

// The agents framework keeps its logger in this global slot (log_core.js in @livekit/agents 1.9.0:
// `log()` reads it, `initializeLogger` and the job runner write it); a global keyed by Symbol.for so
// copies of the package share it. `initializeLogger` takes only `pretty` and `level`.
const FRAMEWORK_LOGGER = Symbol.for('@livekit/agents:logger');
const FRAMEWORK_LOGGER_OPTIONS = Symbol.for('@livekit/agents:loggerOptions');
const slots = globalThis as unknown as Record<symbol, unknown>;

/**
 * The framework marks personal data with `lk.pii.*` field names (what the callee said, what the agent
 * said with the callee's name in it, identities, room names, provider events). Every such field of a
 * line is censored; the two it puts in child-logger bindings (in 1.9.0 and its plugins) are redacted by path.
 */
const PII_PREFIX = 'lk.pii.';
const frameworkPiiBindings = ['lk.pii.message', 'lk.pii.response'];
function censorPii(object: object): object {
  for (const key of Object.keys(object)) if (key.startsWith(PII_PREFIX)) (object as Record<string, unknown>)[key] = '[redacted]';
  return object;
}

/** A job as the framework logs it on some failures, without its metadata (which holds the callee's number). */
function jobWithoutMetadata(job: unknown): unknown {
  if (typeof job !== 'object' || job === null) return job;
  const { id, type, agentName, room } = job as { id?: string; type?: unknown; agentName?: string; room?: { sid?: string } };
  return { id, type, agentName, room_sid: room?.sid };
}

function frameworkLevel(): string {
  const level = (slots[FRAMEWORK_LOGGER_OPTIONS] as { level?: string } | undefined)?.level;
  return level && level in logger.levels.values ? level : 'info';
}

/**
 * The framework's lines through the project's logger: `component: "livekit-agents"`, at the level the
 * framework was given (`--log-level`, LOG_LEVEL), with the project's redaction plus the framework's
 * `lk.pii.*` fields (above), its `error` objects serialized, and a logged job stripped of its metadata.
 */
function frameworkLogger(bindings: Record<string, unknown> = {}): Logger {
  return logger.child(
    { component: 'livekit-agents', ...bindings },
    {
      level: frameworkLevel(),
      serializers: { error: pino.stdSerializers.err, job: jobWithoutMetadata, req: (req: { id?: string }) => ({ id: req?.id }) },
      formatters: { log: censorPii },
      redact: { paths: [...redactPaths, ...frameworkPiiBindings.map((f) => `["${f}"]`)], censor: '[redacted]' },
    },
  );
}

/** the framework's logger as it set it (a child of ours), and the same with the call's ids once known */
let base: Logger | undefined;
let current: Logger | undefined;

/**
 * Points the framework's `log()` at the project's logger, in this process, from now on: a logger the
 * framework builds for itself (`initializeLogger`, which the CLI calls at start and every job process
 * at its start) is replaced by ours at the framework's level; the children it derives from ours (the
 * job runner's `pid`, `jobID`) are kept. Call it before the framework creates its loggers: in the main
 * process before `cli.runApp`, in a job process when the agent module loads.
 */
export function routeFrameworkLogs(): void {
  if (current) return;
  base = current = frameworkLogger();
  Object.defineProperty(globalThis, FRAMEWORK_LOGGER, {
    configurable: true,
    get: () => current,
    set: (value: unknown) => {
      base = current = value && typeof value === 'object' && Object.prototype.isPrototypeOf.call(logger, value) ? (value as Logger) : frameworkLogger();
    },
  });
}

/** From now on in this (job) process, the framework's new loggers carry the call's ids too. */
export function tagFrameworkLogs(ids: Record<string, unknown>): void {
  if (base) current = base.child(ids);
}
