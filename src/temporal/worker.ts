import type { DataConverter } from '@temporalio/common';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import type { Activities } from '../../activities/index.ts';
import { tracingWorkflowInterceptorModules, type Tracing } from '../observability/tracing.ts';
import { projectFile } from '../project-files.ts';

export const workflowsPath = projectFile('workflows/index.ts');

// No `preloadModules`: every workflow run evaluates the bundle's modules again, zod's included.
// Preloading zod was tried twice: webpack drops the preload's bare `require` (zod declares itself free
// of side effects), and once kept (optimization.sideEffects off) zod failed in every run, because the
// SDK freezes preloaded modules and zod completes its schemas and caches lazily. So workflow code
// builds no zod schema when its module loads (src/domain/call-report.ts builds them on first use).

export interface CampaignWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  activities: Activities;
  /** createDataConverter(config.temporal.payloadKeys): payloads are encrypted before they reach the server */
  dataConverter: DataConverter;
  /** A pre-built bundle (tests build one per suite); otherwise the workflows are bundled at start. */
  workflowBundle?: WorkerOptions['workflowBundle'];
  maxConcurrentActivityTaskExecutions?: number;
  maxCachedWorkflows?: number;
  maxConcurrentWorkflowTaskExecutions?: number;
  /**
   * Traces workflows and activities. A pre-built `workflowBundle` must then have been bundled with
   * `tracingWorkflowInterceptorModules()`; bundling at start adds them here.
   */
  tracing?: Tracing | null;
}

export async function createCampaignWorker(options: CampaignWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    activities: options.activities,
    dataConverter: options.dataConverter,
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : { workflowsPath }),
    maxConcurrentActivityTaskExecutions: options.maxConcurrentActivityTaskExecutions ?? 100,
    ...(options.maxCachedWorkflows !== undefined ? { maxCachedWorkflows: options.maxCachedWorkflows } : {}),
    ...(options.maxConcurrentWorkflowTaskExecutions !== undefined ? { maxConcurrentWorkflowTaskExecutions: options.maxConcurrentWorkflowTaskExecutions } : {}),
    shutdownGraceTime: '10 seconds',
    ...(options.tracing
      ? {
          interceptors: {
            activity: options.tracing.activityInterceptors,
            // a pre-built bundle already holds them (the worker would ignore the list, with a warning)
            ...(options.workflowBundle ? {} : { workflowModules: tracingWorkflowInterceptorModules() }),
          },
        }
      : {}),
  });
}
