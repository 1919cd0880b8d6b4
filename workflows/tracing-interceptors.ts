/**
 * Workflow interceptors of a worker with tracing on: they relay the trace context, nothing else.
 *
 * The client's OpenTelemetry interceptor puts the caller's span context in the `_tracer-data` header of
 * the workflow start; these pass that header, unchanged, to every activity, child workflow and
 * continue-as-new the workflow issues, so the activity interceptor's spans join the caller's trace
 * (API request → start → every activity of the campaign and of its contacts).
 *
 * Why not `@temporalio/interceptors-opentelemetry`'s own workflow interceptors: they wrap each call in
 * `await`s and spans, which changes when the workflow's code resumes within an activation: every
 * contact history in test/fixtures/histories (recorded without them) failed to replay with them, with
 * TMPRL1100 "No command scheduled for event TimerCanceled", so a running campaign would be stuck
 * after turning tracing on. These return `next(...)` synchronously and only add a header, which is not
 * part of the determinism check, so histories replay with tracing on or off in either direction.
 */
import type { Headers } from '@temporalio/common';
import type { WorkflowInterceptorsFactory } from '@temporalio/workflow';

/** The header `@temporalio/interceptors-opentelemetry` reads and writes (its TRACE_HEADER). */
export const TRACE_HEADER = '_tracer-data';

// called once per workflow execution: `carried` is this execution's own
export const interceptors: WorkflowInterceptorsFactory = () => {
  let carried: Headers[string] | undefined;
  const withTrace = <T extends { headers: Headers }>(input: T): T =>
    carried === undefined || input.headers[TRACE_HEADER] !== undefined ? input : { ...input, headers: { ...input.headers, [TRACE_HEADER]: carried } };
  return {
    inbound: [
      {
        execute(input, next) {
          carried = input.headers[TRACE_HEADER];
          return next(input);
        },
      },
    ],
    outbound: [
      {
        scheduleActivity: (input, next) => next(withTrace(input)),
        scheduleLocalActivity: (input, next) => next(withTrace(input)),
        startChildWorkflowExecution: (input, next) => next(withTrace(input)),
        continueAsNew: (input, next) => next(withTrace(input)),
      },
    ],
  };
};
