import type { CallReportInput } from '../../domain/call-report.ts';
import type { OutcomeMix } from '../../domain/outcome-mix.ts';
import type { Question } from '../../domain/questionnaire.ts';
import { pickWeighted, seededRandom } from '../../domain/seeded-random.ts';
import type { CallDialer, DialedCall, DialRequest } from '../ports.ts';
import { simulatedAnswer } from './simulated-answers.ts';

export interface SimulatedDialerOptions {
  /** Sends the finished call to the contact's workflow, exactly as the voice agent does. */
  report: (workflowId: string, report: CallReportInput) => Promise<unknown>;
  loadQuestions: (userId: string, surveyId: string) => Promise<Question[]>;
  callDelayMs: number;
  outcomeMix: OutcomeMix;
  seed: string;
  onError?: (error: unknown, request: DialRequest) => void;
}

/**
 * A phone network and voice agent in one: every dial "rings" for `callDelayMs`, then reports an outcome
 * and answers chosen from the seed, the contact and the attempt (so a replay gives the same campaign).
 * It runs apart from the Temporal worker, like real calls do: stopping a worker does not end its calls.
 */
export class SimulatedDialer implements CallDialer {
  readonly name = 'simulated';
  private readonly placed = new Map<string, DialedCall>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly pending = new Set<Promise<unknown>>();
  /** callId → how many times the network was asked to ring it (only the first rings). */
  readonly dialRequests = new Map<string, number>();

  constructor(private readonly options: SimulatedDialerOptions) {}

  get placedCount(): number {
    return this.placed.size;
  }

  async dial(request: DialRequest): Promise<DialedCall> {
    this.dialRequests.set(request.callId, (this.dialRequests.get(request.callId) ?? 0) + 1);
    const existing = this.placed.get(request.callId);
    if (existing) return existing;
    const call = { providerCallId: `SIM-${request.callId}`, roomName: `call-${request.callId}` };
    this.placed.set(request.callId, call);
    this.timers.set(
      request.callId,
      setTimeout(() => this.finish(request), this.options.callDelayMs),
    );
    return call;
  }

  async hangUp(callId: string): Promise<void> {
    clearTimeout(this.timers.get(callId));
    this.timers.delete(callId);
  }

  /** Cancels calls still ringing and waits for reports already on their way. */
  async stop(): Promise<void> {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    await Promise.allSettled([...this.pending]);
  }

  private finish(request: DialRequest): void {
    this.timers.delete(request.callId);
    const task = this.conduct(request)
      .then((report) => this.options.report(request.workflowId, report))
      .catch((error) => this.options.onError?.(error, request))
      .finally(() => this.pending.delete(task));
    this.pending.add(task);
  }

  private async conduct(request: DialRequest): Promise<CallReportInput> {
    const random = seededRandom(`${this.options.seed}:${request.contactId}:${request.attempt}`);
    const outcome = pickWeighted(this.options.outcomeMix, random);
    const base = { call_id: request.callId, outcome };
    if (outcome !== 'completed' && outcome !== 'hung_up_early') {
      return { ...base, duration_seconds: outcome === 'voicemail' ? 20 : 0 };
    }
    const questions = await this.options.loadQuestions(request.userId, request.surveyId);
    const asked = outcome === 'completed' ? questions : questions.slice(0, Math.floor(questions.length / 2));
    const answers = asked.map((q) => simulatedAnswer(q, random));
    const transcript = asked.flatMap((q, i) => [
      { role: 'agent' as const, text: q.text },
      { role: 'participant' as const, text: answers[i]!.raw_answer ?? '' },
    ]);
    return { ...base, answers, transcript, duration_seconds: 30 + asked.length * 15 };
  }
}
