import type { WorkflowClientInterceptor } from '@temporalio/client';
import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import type { MiddlewareHandler } from 'hono';
import type { TracingConfig } from '../config.ts';
import { projectFile } from '../project-files.ts';

/**
 * OpenTelemetry tracing as the api and worker roles plug it in: Temporal's own interceptors
 * (`@temporalio/interceptors-opentelemetry`) on the client and the activities, and the workflows relaying
 * the trace header, so an API request, the workflow it starts and every activity under it form one trace.
 * This module imports no OpenTelemetry code: `startTracing` loads it only when an endpoint is set.
 */
export interface Tracing {
  serviceName: string;
  /** `new Client({ interceptors: { workflow } })`: start, signal, query and update spans, context sent in headers */
  clientInterceptors: WorkflowClientInterceptor[];
  /** a span per activity execution in the trace of the workflow's start; trace ids on the SDK's activity log lines */
  activityInterceptors: ActivityInterceptorsFactory[];
  /** a SERVER span per API request, named by the matched route; it parents the Temporal calls the handler makes */
  httpMiddleware: MiddlewareHandler;
  /** exports every finished span now (tests, shutdown) */
  flush(): Promise<void>;
  /** flushes, stops the exporter and unregisters the global tracer provider */
  shutdown(): Promise<void>;
}

/**
 * The workflow-side interceptors to bundle when tracing is on (`bundleWorkflowCode`'s
 * `workflowInterceptorModules`, or the worker's `interceptors.workflowModules` when it bundles at start):
 * they relay the trace header to activities and children, and add no command, event or span
 * (workflows/tracing-interceptors.ts says why not the package's own).
 */
export function tracingWorkflowInterceptorModules(): string[] {
  return [projectFile('workflows/tracing-interceptors.ts')];
}

/** Loads the OpenTelemetry SDK and registers it for this process; call once, only when tracing is configured. */
export async function startTracing(config: TracingConfig, defaultServiceName: string): Promise<Tracing> {
  const { createTracing } = await import('./otel-tracing.ts');
  return createTracing({ tracesUrl: config.tracesUrl, serviceName: config.serviceName ?? defaultServiceName });
}
