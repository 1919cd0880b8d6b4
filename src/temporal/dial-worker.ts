import type { DataConverter } from '@temporalio/common';
import { NativeConnection, Worker } from '@temporalio/worker';
import type { Activities } from '../../activities/index.ts';
import type { Tracing } from '../observability/tracing.ts';

/**
 * The only worker that places calls. Its task queue is rate-limited by the Temporal server
 * (`maxTaskQueueActivitiesPerSecond` is enforced for all pollers of the queue together), which is how
 * the account-wide carrier limit holds across every campaign and every worker process.
 */
export async function createDialWorker(options: {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  dispatchCall: Activities['dispatchCall'];
  ratePerSecond: number | undefined;
  dataConverter: DataConverter;
  /** a span per dial, in the trace of the contact's workflow */
  tracing?: Tracing | null;
}): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    activities: { dispatchCall: options.dispatchCall },
    dataConverter: options.dataConverter,
    ...(options.ratePerSecond ? { maxTaskQueueActivitiesPerSecond: options.ratePerSecond } : {}),
    maxConcurrentActivityTaskExecutions: 200,
    shutdownGraceTime: '10 seconds',
    ...(options.tracing ? { interceptors: { activity: options.tracing.activityInterceptors } } : {}),
  });
}
