import type { DataConverter } from '@temporalio/common';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import type { Activities } from '../../activities/index.ts';
import { tracingWorkflowInterceptorModules, type Tracing } from '../observability/tracing.ts';
import { projectFile } from '../project-files.ts';

export const workflowsPath = projectFile('workflows/index.ts');

/**
 * Library modules every workflow run shares in the worker's reusable V8 context instead of
 * evaluating them again for each run. Only stateless modules belong here (the SDK freezes them; a
 * preloaded module's state would leak from one run to the next), and never a module that builds
 * zod schemas: zod completes a schema on first use, which a frozen one refuses.
 */
export const workflowPreloadModules = ['zod'];

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
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : { workflowsPath, bundlerOptions: { preloadModules: workflowPreloadModules } }),
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
