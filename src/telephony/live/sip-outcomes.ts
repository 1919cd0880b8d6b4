import type { EndedDial } from '../ports.ts';

/**
 * A failed SIP dial → the call's outcome. Returns null for statuses that say "try again later"
 * (5xx such as the trunk's "CPS limit exceeded" 503): those are pacing, not a result for the contact.
 */
export function outcomeOfSipFailure(sipStatus: number | undefined, reason: string): EndedDial | null {
  if (sipStatus === undefined) return { outcome: 'no_answer', sipStatus: null, reason: `no answer (${reason})` };
  if (sipStatus >= 500 && sipStatus < 600) return null;
  if (sipStatus === 486 || sipStatus === 600) return { outcome: 'busy', sipStatus, reason };
  if (sipStatus === 480 || sipStatus === 408 || sipStatus === 487) return { outcome: 'no_answer', sipStatus, reason };
  if (sipStatus === 603) return { outcome: 'declined', sipStatus, reason };
  // 404 / 484 invalid number, 403 forbidden, anything else final: the dial failed for this contact
  return { outcome: 'failed', sipStatus, reason };
}
