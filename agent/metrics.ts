import childProcess, { type ChildProcess } from 'node:child_process';
import { syncBuiltinESMExports } from 'node:module';
import { Counter, Histogram } from 'prom-client';
import { callOutcomes, type CallOutcome } from '../src/domain/call-outcome.ts';
import { metricsRegistry } from '../src/observability/metrics.ts';

/**
 * The voice agent's own metrics, in the service's registry (so the agent's `/metrics` also carries the
 * process metrics). Labels are outcomes and error kinds only: never an id, a room or a number.
 *
 * The agents framework runs each call in a child job process, whose registry nobody scrapes. So a job
 * process does not count: it sends each call event to the main process over the IPC channel the
 * framework already opened for it (a message `case` the framework ignores), and the main process
 * counts it in the registry `/metrics` serves. Outside a framework job process (tests, text sessions
 * run in-process) events are counted where they happen.
 */
export const agentCallsStarted = new Counter({
  name: 'survey_dialer_agent_calls_started_total',
  help: 'Calls the voice agent took (dispatch metadata parsed, survey loaded)',
  registers: [metricsRegistry],
});

export const agentCallsFinished = new Counter({
  name: 'survey_dialer_agent_calls_finished_total',
  help: 'Calls the voice agent ended, by outcome',
  labelNames: ['outcome'] as const,
  registers: [metricsRegistry],
});

export const agentCallDuration = new Histogram({
  name: 'survey_dialer_agent_call_duration_seconds',
  help: 'From the call job starting to its outcome, by outcome',
  labelNames: ['outcome'] as const,
  buckets: [5, 15, 30, 60, 120, 180, 300, 600, 900, 1800],
  registers: [metricsRegistry],
});

export const agentErrorKinds = ['invalid_job', 'call_setup', 'dial', 'report', 'call'] as const;
export type AgentErrorKind = (typeof agentErrorKinds)[number];

export const agentErrors = new Counter({
  name: 'survey_dialer_agent_errors_total',
  help: 'Voice agent errors by kind: invalid_job (dispatch metadata), call_setup (survey load), dial (SIP dial from the agent), report (callCompleted never delivered), call (the call job failed)',
  labelNames: ['kind'] as const,
  registers: [metricsRegistry],
});

export type CallEvent =
  | { type: 'started' }
  | { type: 'finished'; outcome: CallOutcome; duration_seconds: number }
  | { type: 'error'; kind: AgentErrorKind };

/** The IPC message's `case`; the framework's own cases are camelCase words, this one cannot clash. */
export const CALL_EVENT_CASE = 'survey-dialer:call-event';
/** Set by the main process to its pid: a process whose parent has that pid is one of its job processes. */
export const JOB_EVENTS_ENV = 'SURVEY_DIALER_AGENT_EVENTS_TO';

const outcomes: ReadonlySet<string> = new Set(callOutcomes);
const errorKinds: ReadonlySet<string> = new Set(agentErrorKinds);

/** Counts one event here; anything outside the closed sets is dropped (a label never takes a free value). */
export function applyCallEvent(event: CallEvent): void {
  switch (event.type) {
    case 'started':
      agentCallsStarted.inc();
      return;
    case 'finished':
      if (!outcomes.has(event.outcome) || !Number.isFinite(event.duration_seconds)) return;
      agentCallsFinished.inc({ outcome: event.outcome });
      agentCallDuration.observe({ outcome: event.outcome }, Math.max(0, event.duration_seconds));
      return;
    case 'error':
      if (errorKinds.has(event.kind)) agentErrors.inc({ kind: event.kind });
      return;
  }
}

function inJobProcess(): boolean {
  return typeof process.send === 'function' && process.env[JOB_EVENTS_ENV] === String(process.ppid);
}

/** Records a call event: sent to the main process from a framework job process, counted here otherwise. */
export function recordCallEvent(event: CallEvent): void {
  if (inJobProcess() && process.connected) {
    try {
      process.send!({ case: CALL_EVENT_CASE, value: event });
      return;
    } catch {
      // the channel closed under us (the main process is going): count it here, where nobody scrapes
    }
  }
  applyCallEvent(event);
}

function isCallEventMessage(message: unknown): message is { case: string; value: CallEvent } {
  return typeof message === 'object' && message !== null && (message as { case?: unknown }).case === CALL_EVENT_CASE;
}

/** Listens for call events on one child process's IPC channel. */
export function countEventsFrom(child: ChildProcess): void {
  child.on('message', (message) => {
    if (isCallEventMessage(message)) applyCallEvent(message.value);
  });
}

let receiving = false;

/**
 * In the agent's main process, before the framework forks any job process: every child forked from
 * now on has its call events counted here. @livekit/agents 1.9.0 gives the main process no handle on
 * its job processes (the process pool is private), so this wraps `child_process.fork`, which the
 * framework's job executor imports, and re-exports it to ES modules (`syncBuiltinESMExports`).
 * The framework's own message handlers switch on their cases and ignore this one.
 */
export function receiveJobProcessEvents(): void {
  if (receiving) return;
  receiving = true;
  process.env[JOB_EVENTS_ENV] = String(process.pid);
  const fork = childProcess.fork;
  childProcess.fork = function forkCountingCallEvents(this: unknown, ...args: Parameters<typeof fork>) {
    const child = fork.apply(this, args);
    countEventsFrom(child);
    return child;
  } as typeof fork;
  syncBuiltinESMExports();
}
