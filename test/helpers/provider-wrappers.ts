import type { CallDialer, NumberProvider } from '../../src/telephony/ports.ts';
import { classifyProviderError } from '../../src/telephony/live/provider-errors.ts';

/** A dialer that notes every call it is asked to hang up, for `HarnessOptions.dialer`. */
export function recordingHangUps(hungUp: string[]): (inner: CallDialer) => CallDialer {
  return (inner) => ({
    name: inner.name,
    dial: (request) => inner.dial(request),
    findCall: (callId) => inner.findCall(callId),
    async hangUp(callId) {
      hungUp.push(callId);
      await inner.hangUp(callId);
    },
  });
}

/** A number provider whose purchases fail for good (Twilio's "account suspended") while `down()` says so. */
export function suspendedWhile(down: () => boolean): (inner: NumberProvider) => NumberProvider {
  return (inner) => ({
    name: inner.name,
    findNumberForUser: (userId) => inner.findNumberForUser(userId),
    async buyNumberForUser(userId) {
      if (down()) throw classifyProviderError('Twilio', 'buy a number', { status: 403, message: 'account suspended' });
      return inner.buyNumberForUser(userId);
    },
    releaseNumber: (sid) => inner.releaseNumber(sid),
  });
}
