import type { CallOutcome } from '../domain/call-outcome.ts';

/**
 * What the campaign engine needs from telephony. The simulated implementations live beside this file;
 * the Twilio and LiveKit ones implement the same interfaces and are chosen by configuration.
 */

export interface OwnedNumber {
  phoneNumber: string;
  /** The provider's id for the number (Twilio's PN… sid). */
  sid: string;
}

export interface NumberProvider {
  readonly name: string;
  /** A number already bought for this user, found by the tag put on it at purchase. */
  findNumberForUser(userId: string): Promise<OwnedNumber | null>;
  /** Buys a number tagged with the user id, so a retry after a lost response finds it instead of buying again. */
  buyNumberForUser(userId: string): Promise<OwnedNumber>;
  releaseNumber(sid: string): Promise<void>;
}

export interface SipTrunk {
  trunkId: string;
  trunkName: string;
  sipAddress: string;
  phoneNumber: string;
}

export interface TrunkProvider {
  readonly name: string;
  findTrunkForUser(userId: string): Promise<SipTrunk | null>;
  createTrunkForUser(userId: string, phoneNumber: string): Promise<SipTrunk>;
  /** Removes the trunk; an already-deleted one is not an error. */
  deleteTrunk(trunkId: string): Promise<void>;
}

/** Everything a dial needs; `callId` is the idempotency key of the attempt. */
export interface DialRequest {
  callId: string;
  attempt: number;
  /** Where the agent sends `callCompleted`. */
  workflowId: string;
  userId: string;
  campaignId: string;
  surveyId: string;
  contactId: string;
  participantName: string | null;
  toNumber: string;
  fromNumber: string;
  trunkId: string;
  questionIds: string[];
  /** the contact's IANA zone, so "call me tomorrow at 3" means 3 p.m. where the person is */
  timeZone: string;
  /** whether the agent may leave the survey's voicemail message on this attempt (retry policy) */
  leaveVoicemail: boolean;
}

/** A dial that ended before anyone spoke: busy, unanswered, declined, invalid number … */
export interface EndedDial {
  outcome: CallOutcome;
  sipStatus: number | null;
  reason: string;
}

export interface DialedCall {
  providerCallId: string;
  roomName: string;
  /** set when the call never connected; the agent will not report, the outcome is already known */
  ended?: EndedDial;
}

export interface CallDialer {
  readonly name: string;
  /** Places the call, or returns the call already placed under the same callId: never dials twice. */
  dial(request: DialRequest): Promise<DialedCall>;
  /**
   * The call placed under this callId, if the provider still has it (ringing or in progress); null
   * when it never got there or has ended. Asked when a dial was interrupted, before anything rings.
   */
  findCall(callId: string): Promise<DialedCall | null>;
  /** Ends the call if it is still going (a workflow that gave up waiting). Unknown ids are ignored. */
  hangUp(callId: string): Promise<void>;
}

/** A call's recording at the provider. */
export interface CallRecording {
  /** the provider's id (Twilio's RE… sid) */
  recordingSid: string;
  /** the provider's id of the recorded call (Twilio's CA… sid) */
  providerCallSid: string;
  durationSeconds: number | null;
  channels: number;
  startedAt: Date | null;
}

/** The recorded audio, streamed from the provider; the caller never sees the provider's address or credentials. */
export interface RecordingMedia {
  body: ReadableStream<Uint8Array>;
  contentType: string;
  contentLength: number | null;
}

/**
 * Recordings made by the carrier (Twilio's trunk records from answer). The simulator has none:
 * simulated calls have no audio.
 */
export interface RecordingProvider {
  readonly name: string;
  /**
   * Turns recording from answer on or off on the user's trunk (one trunk per user: the setting is the
   * user's). `carrierTrunkSid`: the trunk at the carrier as stored when it was set up (null: none stored).
   */
  setTrunkRecording(trunk: { userId: string; carrierTrunkSid: string | null }, enabled: boolean): Promise<void>;
  /**
   * The finished recording of the call placed from `fromNumber` to `toNumber` closest to `dialedAt`;
   * null while it is still processing or when there is none.
   */
  findRecording(call: { fromNumber: string; toNumber: string; dialedAt: Date }): Promise<CallRecording | null>;
  fetchMedia(recordingSid: string): Promise<RecordingMedia>;
  /** Deletes the recording at the provider; an already-deleted one is not an error. */
  deleteRecording(recordingSid: string): Promise<void>;
}

export interface Telephony {
  numbers: NumberProvider;
  trunks: TrunkProvider;
  dialer: CallDialer;
  /** absent: no recordings (the simulated providers' answer) */
  recordings?: RecordingProvider;
}
