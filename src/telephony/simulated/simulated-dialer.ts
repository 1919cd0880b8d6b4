import type { Answer, CallReportInput } from '../../domain/call-report.ts';
import type { OutcomeMix } from '../../domain/outcome-mix.ts';
import type { CallOutcome } from '../../domain/call-outcome.ts';
import { pickWeighted, seededRandom } from '../../domain/seeded-random.ts';
import { createRespondent, type RespondentKind } from '../../conversation/respondents.ts';
import { runConversation } from '../../conversation/run-conversation.ts';
import type { ConversationSettings } from '../../conversation/survey-conversation.ts';
import { conversationSettingsForCall } from '../../conversation/call-settings.ts';
import type { CallDialer, DialedCall, DialRequest } from '../ports.ts';

/** What the simulated agent needs to know about the survey. */
export type SurveyForCall = Pick<ConversationSettings, 'surveyTitle' | 'tone' | 'questions' | 'voicemailAction'> & {
  /** the survey's TTS voice name */
  voice: string;
  /** the owner's custom instructions for the agent */
  instructions: string | null;
};

export interface SimulatedDialerOptions {
  /** Sends the finished call to the contact's workflow, exactly as the voice agent does. */
  report: (workflowId: string, report: CallReportInput) => Promise<unknown>;
  loadSurvey: (userId: string, surveyId: string) => Promise<SurveyForCall>;
  /** what the contact answered in an earlier call that ended mid-survey (none: start from the top) */
  loadFollowUpAnswers: (userId: string, contactId: string) => Promise<Answer[]>;
  callDelayMs: number;
  /** How dials end; `completed` means a person answered and takes part (who they are: respondentMix). */
  outcomeMix: OutcomeMix;
  /** Fixed outcomes by the number dialed, ahead of the mix: tests that need a given call to connect or not. */
  outcomeByNumber?: Readonly<Record<string, CallOutcome>>;
  respondentMix: Partial<Record<RespondentKind, number>>;
  seed: string;
  onError?: (error: unknown, request: DialRequest) => void;
  /** keep how often each call id was dialed, for ever (tests that prove no call rang twice); off: memory stays flat */
  countDialsPerCall?: boolean;
}

/**
 * A phone network and voice agent in one: every dial "rings" for `callDelayMs`, then reports. Whether
 * someone answers comes from the outcome mix; a person who answers is a scripted respondent talking to
 * the real conversation engine, so answers, partial surveys, opt-outs and callbacks are realistic.
 * Every choice comes from the seed, the contact and the attempt, so a replay gives the same campaign.
 * It runs apart from the Temporal worker, like real calls do: stopping a worker does not end its calls.
 */
export class SimulatedDialer implements CallDialer {
  readonly name = 'simulated';
  /** calls ringing or talking */
  private readonly live = new Map<string, { call: DialedCall; timer: NodeJS.Timeout }>();
  /**
   * Ended calls' ids, kept as a provider keeps idempotency keys: a dial retried with the id of a call
   * that already rang and ended gets that call back, not a second ring. Only the id is kept (a
   * simulated call is made from its id), and the oldest go first past RECENT_CALLS: the set fills
   * over a campaign's first RECENT_CALLS calls, and every object it held made a long campaign's
   * worker bigger than a short one's (about 2.4 MB of live heap at 10,000 calls, in two heap snapshots).
   */
  private readonly ended = new Set<string>();
  private readonly pending = new Set<Promise<unknown>>();
  private placed = 0;
  /** callId → how many times the network was asked to ring it (only with `countDialsPerCall`) */
  readonly dialRequests = new Map<string, number>();

  constructor(private readonly options: SimulatedDialerOptions) {}

  /** calls placed so far */
  get placedCount(): number {
    return this.placed;
  }

  async dial(request: DialRequest): Promise<DialedCall> {
    if (this.options.countDialsPerCall) this.dialRequests.set(request.callId, (this.dialRequests.get(request.callId) ?? 0) + 1);
    const existing = this.live.get(request.callId)?.call ?? (this.ended.has(request.callId) ? simulatedCall(request.callId) : null);
    if (existing) return existing;
    const call = simulatedCall(request.callId);
    this.placed += 1;
    this.live.set(request.callId, { call, timer: setTimeout(() => this.finish(request), this.options.callDelayMs) });
    return call;
  }

  /** A simulated call is "at the provider" while it rings or talks: until it reports or is hung up. */
  async findCall(callId: string): Promise<DialedCall | null> {
    return this.live.get(callId)?.call ?? null;
  }

  async hangUp(callId: string): Promise<void> {
    clearTimeout(this.live.get(callId)?.timer);
    this.end(callId);
  }

  private end(callId: string): void {
    if (!this.live.delete(callId)) return;
    this.ended.add(callId);
    if (this.ended.size > RECENT_CALLS) this.ended.delete(this.ended.values().next().value!);
  }

  /** Cancels calls still ringing and waits for reports already on their way. */
  async stop(): Promise<void> {
    for (const { timer } of this.live.values()) clearTimeout(timer);
    this.live.clear();
    await Promise.allSettled([...this.pending]);
  }

  private finish(request: DialRequest): void {
    this.end(request.callId);
    const task = this.conduct(request)
      .then((report) => this.options.report(request.workflowId, report))
      .catch((error) => this.options.onError?.(error, request))
      .finally(() => this.pending.delete(task));
    this.pending.add(task);
  }

  private async conduct(request: DialRequest): Promise<CallReportInput> {
    const random = seededRandom(`${this.options.seed}:${request.contactId}:${request.attempt}`);
    // the roll is drawn even when the number's outcome is fixed, so the respondent's choices stay as seeded
    const mixed = pickWeighted(this.options.outcomeMix, random);
    const rolled = this.options.outcomeByNumber?.[request.toNumber] ?? mixed;
    const base = { call_id: request.callId };
    const respondent = rolled === 'completed' ? pickWeighted(this.options.respondentMix, random) : personaFor[rolled];
    if (!respondent) return { ...base, outcome: rolled, duration_seconds: 0 };
    const survey = await this.options.loadSurvey(request.userId, request.surveyId);
    const previousAnswers = await this.options.loadFollowUpAnswers(request.userId, request.contactId);
    const result = runConversation(
      conversationSettingsForCall(survey, { participantName: request.participantName, timeZone: request.timeZone, leaveVoicemail: request.leaveVoicemail, previousAnswers }),
      createRespondent(respondent, random),
    );
    return {
      ...base,
      outcome: result.outcome,
      answers: result.answers,
      transcript: result.transcript,
      duration_seconds: result.transcript.length * 5,
      callback_at: result.callbackAt,
    };
  }
}

/** The provider's side of a simulated call: the same for every dial of the same call id. */
function simulatedCall(callId: string): DialedCall {
  return { providerCallId: `SIM-${callId}`, roomName: `call-${callId}` };
}

/** Ended calls remembered for dials retried with their id (minutes of calls at any realistic pace). */
const RECENT_CALLS = 10_000;

/** Outcomes that need a person (or a machine) on the line, and who plays it. */
const personaFor: Partial<Record<CallOutcome, RespondentKind>> = {
  voicemail: 'voicemail',
  hung_up_early: 'hangs_up',
  opted_out: 'opts_out',
  declined: 'refuses',
  callback_requested: 'callback',
};
