import type { CallOutcome } from './call-outcome.ts';
import type { RetryPolicy } from './retry-policy.ts';

// How a contact is tried again under a retry policy (retry-policy.ts holds the policy's schema): plain
// functions, no zod, because the contact workflow runs them and every workflow run evaluates its modules anew.

/** Outcome classes a survey sets attempts for; every other outcome is final. */
export const retryClasses = ['no_answer', 'busy', 'voicemail', 'failed', 'hung_up_early', 'callback_requested'] as const;
export type RetryClass = (typeof retryClasses)[number];

/** What a contact has used so far, carried from one run of its workflow to the next. */
export interface ContactHistory {
  /** attempts dialed, infrastructure losses included (the next call's attempt number is this + 1) */
  attempts: number;
  /** attempts that counted against the budget */
  used: number;
  byOutcome: Partial<Record<RetryClass, number>>;
  /** dials lost to our infrastructure or the carrier, retried without using the budget */
  infrastructure: number;
}

export const freshHistory: ContactHistory = { attempts: 0, used: 0, byOutcome: {}, infrastructure: 0 };

/** Losses of ours retried for free at most this often, so a broken dialer can't loop forever. */
export const MAX_INFRASTRUCTURE_RETRIES = 3;
const MAX_CALLBACK_DELAY_MS = 7 * 86_400_000;

export interface RetryPlan {
  history: ContactHistory;
  /** null: the outcome is final */
  delayMs: number | null;
}

/**
 * Decides whether (and after how long) a contact is tried again. Pure and deterministic for a given
 * `random`, so a workflow can call it with its replay-safe Math.random.
 */
export function planRetry(input: {
  policy: RetryPolicy;
  history: ContactHistory;
  outcome: CallOutcome;
  infrastructure: boolean;
  callbackAt?: string | null;
  now: number;
  random: () => number;
}): RetryPlan {
  const { policy, outcome } = input;
  const history: ContactHistory = { ...input.history, byOutcome: { ...input.history.byOutcome }, attempts: input.history.attempts + 1 };
  if (input.infrastructure) {
    history.infrastructure += 1;
    const delayMs = history.infrastructure <= MAX_INFRASTRUCTURE_RETRIES ? backoff(policy, history.infrastructure, input.random) : null;
    return { history, delayMs };
  }
  history.used += 1;
  if (!isRetryClass(outcome)) return { history, delayMs: null };
  history.byOutcome[outcome] = (history.byOutcome[outcome] ?? 0) + 1;
  const classLimit = policy.per_outcome[outcome] ?? policy.max_attempts;
  if (history.used >= policy.max_attempts || history.byOutcome[outcome]! >= classLimit) return { history, delayMs: null };
  if (outcome === 'callback_requested' && input.callbackAt) {
    const wanted = Date.parse(input.callbackAt) - input.now;
    return { history, delayMs: Math.min(Math.max(wanted, 0), MAX_CALLBACK_DELAY_MS) };
  }
  return { history, delayMs: backoff(policy, history.used, input.random) };
}

/**
 * May the agent leave the voicemail message on the next attempt? With `last_attempt`, only when a
 * voicemail now would end the contact's tries (its budget, or the voicemail class limit, runs out),
 * so a person is not left the same message on every retry.
 */
export function mayLeaveVoicemail(policy: RetryPolicy, history: ContactHistory): boolean {
  if (policy.voicemail_message !== 'last_attempt') return policy.voicemail_message === 'every_attempt';
  const voicemailLimit = policy.per_outcome.voicemail ?? policy.max_attempts;
  return history.used + 1 >= policy.max_attempts || (history.byOutcome.voicemail ?? 0) + 1 >= voicemailLimit;
}

function isRetryClass(outcome: CallOutcome): outcome is RetryClass {
  return (retryClasses as readonly string[]).includes(outcome);
}

function backoff(policy: RetryPolicy, nth: number, random: () => number): number {
  const { base_seconds, factor, cap_seconds, jitter } = policy.backoff;
  const seconds = Math.min(base_seconds * factor ** (nth - 1), cap_seconds);
  return Math.round(seconds * 1000 * (1 + jitter * (2 * random() - 1)));
}
