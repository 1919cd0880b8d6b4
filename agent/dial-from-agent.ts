import { SipCallError, type SipClient } from 'livekit-server-sdk';
import type { CallJob } from '../src/domain/call-job.ts';
import { outcomeOfSipFailure } from '../src/telephony/live/sip-outcomes.ts';
import type { EndedDial } from '../src/telephony/ports.ts';

/**
 * For dispatches that ask the agent to dial (`dial: true`): places the SIP participant into the
 * agent's room and waits for the answer. A SIP failure comes back as the call's outcome; 5xx
 * ("retry later") is thrown for the engine's retry.
 */
export async function dialFromAgent(sip: SipClient, job: CallJob, roomName: string): Promise<{ ended: EndedDial | null }> {
  try {
    await sip.createSipParticipant(job.trunk_id, job.phone_number, roomName, {
      participantIdentity: `sip-${job.call_id}`,
      participantName: job.participant_name ?? undefined,
      fromNumber: job.from_number,
      waitUntilAnswered: true,
      ringingTimeout: job.ringing_timeout_seconds,
      maxCallDuration: job.max_call_duration_seconds,
      timeout: job.ringing_timeout_seconds + 10,
    });
    return { ended: null };
  } catch (error) {
    if (error instanceof SipCallError && error.sipStatusCode !== undefined) {
      const ended = outcomeOfSipFailure(error.sipStatusCode, error.sipStatus ?? error.message);
      if (ended) return { ended };
    } else if ((error as { status?: number }).status === 408) {
      return { ended: outcomeOfSipFailure(undefined, (error as Error).message) };
    }
    throw error;
  }
}
