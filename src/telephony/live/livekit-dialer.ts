import { AgentDispatchClient, RoomServiceClient, SipCallError, SipClient, ServerError } from 'livekit-server-sdk';
import type { CallJobInput } from '../../domain/call-job.ts';
import type { CallDialer, DialedCall, DialRequest } from '../ports.ts';
import { classifyProviderError } from './provider-errors.ts';
import { outcomeOfSipFailure } from './sip-outcomes.ts';

export interface LiveKitDialerOptions {
  rooms: RoomServiceClient;
  dispatch: AgentDispatchClient;
  sip: SipClient;
  /** the voice agent's explicit name: only dispatched jobs reach it */
  agentName: string;
  ringingTimeoutSeconds: number;
  maxCallDurationSeconds: number;
}

/** What the agent receives as job metadata (parsed with callJobSchema on the agent's side). */
export const jobMetadata = (request: DialRequest): CallJobInput => ({
  call_id: request.callId,
  attempt: request.attempt,
  workflow_id: request.workflowId,
  user_id: request.userId,
  campaign_id: request.campaignId,
  survey_id: request.surveyId,
  contact_id: request.contactId,
  participant_name: request.participantName,
  phone_number: request.toNumber,
  from_number: request.fromNumber,
  trunk_id: request.trunkId,
  time_zone: request.timeZone,
  leave_voicemail: request.leaveVoicemail,
});

/**
 * Places a call through LiveKit: a room named after the call id, an explicit agent dispatch carrying
 * the call's metadata, then the SIP participant on the user's trunk, waiting until answered. The room
 * name and participant identity come from the call id, so a retried dispatch finds the call already
 * there instead of ringing the contact again.
 */
export class LiveKitDialer implements CallDialer {
  readonly name = 'livekit';
  constructor(private readonly options: LiveKitDialerOptions) {}

  async dial(request: DialRequest): Promise<DialedCall> {
    const { rooms, dispatch, sip, agentName } = this.options;
    const roomName = `call-${request.callId}`;
    const identity = `sip-${request.callId}`;
    const metadata = JSON.stringify(jobMetadata(request));
    try {
      await rooms.createRoom({ name: roomName, emptyTimeout: 120, departureTimeout: 20, maxParticipants: 4, metadata });
      const present = await rooms.listParticipants(roomName);
      const existing = present.find((p) => p.identity === identity);
      if (existing) return { providerCallId: existing.sid, roomName };
      // a new room already holds the server's default dispatch (agent name ''): look for ours by name
      const dispatches = await dispatch.listDispatch(roomName);
      if (!dispatches.some((d) => d.agentName === agentName)) await dispatch.createDispatch(roomName, agentName, { metadata });
    } catch (error) {
      throw classifyProviderError('LiveKit', 'prepare the call room', error);
    }
    try {
      const participant = await sip.createSipParticipant(request.trunkId, request.toNumber, roomName, {
        participantIdentity: identity,
        participantName: request.participantName ?? undefined,
        participantAttributes: { call_id: request.callId, workflow_id: request.workflowId },
        fromNumber: request.fromNumber,
        waitUntilAnswered: true,
        ringingTimeout: this.options.ringingTimeoutSeconds,
        maxCallDuration: this.options.maxCallDurationSeconds,
        timeout: this.options.ringingTimeoutSeconds + 10,
      });
      return { providerCallId: participant.sipCallId || participant.participantId, roomName };
    } catch (error) {
      const ended = this.endedDial(error);
      if (!ended) throw error;
      if ('rejected' in ended) throw ended.rejected;
      await this.hangUp(request.callId);
      return { providerCallId: identity, roomName, ended };
    }
  }

  /** The call's room with its SIP participant in it; a room that is gone (or empty of the callee) is no call. */
  async findCall(callId: string): Promise<DialedCall | null> {
    const roomName = `call-${callId}`;
    try {
      const present = await this.options.rooms.listParticipants(roomName);
      const callee = present.find((p) => p.identity === `sip-${callId}`);
      return callee ? { providerCallId: callee.sid, roomName } : null;
    } catch (error) {
      if ((error as ServerError).status === 404) return null;
      throw classifyProviderError('LiveKit', 'find the call', error);
    }
  }

  async hangUp(callId: string): Promise<void> {
    try {
      await this.options.rooms.deleteRoom(`call-${callId}`);
    } catch (error) {
      if ((error as ServerError).status !== 404) throw error;
    }
  }

  /** A dial failure as an outcome, a permanent rejection, or null for "retry later". */
  private endedDial(error: unknown) {
    if (error instanceof SipCallError && error.sipStatusCode !== undefined) {
      return outcomeOfSipFailure(error.sipStatusCode, error.sipStatus ?? error.message);
    }
    const status = (error as ServerError).status;
    const code = (error as ServerError).code;
    // a ring-out comes back as a timed-out request without any SIP status
    if (status === 408 || code === 'deadline_exceeded' || (error as Error).name === 'TimeoutError') {
      return outcomeOfSipFailure(undefined, (error as Error).message);
    }
    const classified = classifyProviderError('LiveKit', 'dial', error);
    return classified === error ? null : { rejected: classified };
  }
}
