import type { ActivityOptions } from '@temporalio/workflow';

/**
 * Timeouts and retry policies of the engine's activities, written once. Changing one changes the
 * commands a workflow schedules only in their options, which replay does not compare.
 */
export const activityPolicies = {
  /** buying a number, creating a trunk: providers may be slow or briefly down */
  provisioning: {
    startToCloseTimeout: '1 minute',
    retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 8 },
  },
  /** database bookkeeping: retried until it succeeds */
  bookkeeping: {
    startToCloseTimeout: '1 minute',
    retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
  },
  /** placing a call: covers ringing (waitUntilAnswered) plus room and dispatch set-up */
  dial: {
    startToCloseTimeout: '3 minutes',
    // the dial heartbeats while it rings: a lost worker is noticed in seconds, and the retry reconciles
    heartbeatTimeout: '20 seconds',
    retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 8 },
  },
  /** work after a call (LLM remapping, form write-back): may be slow, never blocks the campaign for long */
  afterCall: {
    startToCloseTimeout: '5 minutes',
    heartbeatTimeout: '1 minute',
    retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '2 minutes', maximumAttempts: 6 },
  },
} satisfies Record<string, ActivityOptions>;
