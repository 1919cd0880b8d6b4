import { Context } from '@temporalio/activity';

/**
 * Heartbeats while `work` runs, so a worker that dies mid-dial is noticed within the activity's
 * heartbeat timeout instead of its whole start-to-close budget (the dial may ring for a minute).
 * Outside an activity (a test calling the function directly) it just awaits the work.
 */
export async function heartbeatWhile<T>(work: Promise<T>, everyMs = 5_000): Promise<T> {
  let context: Context;
  try {
    context = Context.current();
  } catch {
    return work;
  }
  const timer = setInterval(() => context.heartbeat(), everyMs);
  try {
    return await work;
  } finally {
    clearInterval(timer);
  }
}
