import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import { PayloadKeyUnknownError } from './payload-codec.ts';

/** One schedule for the whole service; its workflow ids are `data-upkeep-<time>`. */
export const UPKEEP_SCHEDULE_ID = 'data-upkeep';

/**
 * Makes sure the Temporal Schedule that runs `dataUpkeepWorkflow` exists with this interval: every
 * worker calls it at start, so it is created if missing, set to this worker's interval if different
 * (the last worker to start wins), left alone otherwise. A schedule
 * lives in Temporal, not in a process: it survives restarts, runs once however many workers there
 * are, and skips a run while the previous one still works.
 */
export async function ensureUpkeepSchedule(
  client: Client,
  options: { taskQueue: string; intervalMs: number; scheduleId?: string },
): Promise<'created' | 'updated' | 'unchanged' | 'recreated'> {
  const scheduleId = options.scheduleId ?? UPKEEP_SCHEDULE_ID;
  const spec = { intervals: [{ every: options.intervalMs }] };
  const action = { type: 'startWorkflow' as const, workflowType: 'dataUpkeepWorkflow', taskQueue: options.taskQueue, args: [] };
  // no memo and no workflow arguments: every payload of the schedule would be encrypted with this
  // process's key, and a worker holding other keys (after a rotation) could not read it back
  const create = () =>
    client.schedule.create({
      scheduleId,
      spec,
      action: { ...action, workflowId: scheduleId },
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: options.intervalMs },
    });
  try {
    await create();
    return 'created';
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
  }
  const handle = client.schedule.getHandle(scheduleId);
  let current: Awaited<ReturnType<typeof handle.describe>>;
  try {
    current = await handle.describe();
  } catch (error) {
    // a schedule this process cannot read (written with a payload key it no longer has) holds no
    // state worth keeping: it is only this configuration, so it is made again
    if (!(error instanceof PayloadKeyUnknownError)) throw error;
    await handle.delete();
    await create();
    return 'recreated';
  }
  const every = current.spec.intervals?.[0]?.every;
  const sameQueue = current.action.type === 'startWorkflow' && current.action.taskQueue === options.taskQueue;
  if (current.spec.intervals?.length === 1 && msOf(every) === options.intervalMs && sameQueue) return 'unchanged';
  await handle.update((previous) => ({ ...previous, spec, action: { ...action, workflowId: scheduleId } }));
  return 'updated';
}

function msOf(duration: unknown): number | null {
  if (typeof duration === 'number') return duration;
  // describe() answers intervals as Duration strings or ms numbers depending on the SDK's path
  if (typeof duration === 'string' && /^\d+(\.\d+)?s$/.test(duration)) return Math.round(Number.parseFloat(duration) * 1000);
  return null;
}
