import { activityInfo } from '@temporalio/activity';
import type { Logger } from 'pino';
import { logger, type LogIds } from './logger.ts';

/**
 * A logger for one activity run: the ids the caller knows (campaign, contact, call), plus what
 * Temporal knows about the run (activity type, workflow id, attempt) so a line leads to its history.
 * Outside an activity (a direct call in a test) only the ids are added.
 */
export function activityLogger(ids: LogIds): Logger {
  let temporal: Record<string, string | number | undefined> = {};
  try {
    const info = activityInfo();
    temporal = { activity: info.activityType, workflow_id: info.workflowExecution?.workflowId, activity_attempt: info.attempt };
  } catch {
    // not running inside an activity
  }
  return logger.child({ ...temporal, ...ids });
}
