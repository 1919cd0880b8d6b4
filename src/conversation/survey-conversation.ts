import { CONFIDENT, mapAnswer, type MappedAnswer } from '../answers/map-answer.ts';
import type { CallOutcome } from '../domain/call-outcome.ts';
import type { Answer } from '../domain/call-report.ts';
import type { Question } from '../domain/questionnaire.ts';
import { describeCallbackTime, parseCallbackTime } from './callback-time.ts';
import { detectIntent } from './intents.ts';
import { ask, lines, sayValue, type Tone } from './phrasing.ts';

export interface ConversationSettings {
  participantName: string | null;
  surveyTitle: string;
  tone: Tone;
  questions: Question[];
  voicemailAction: 'leave_message' | 'hang_up';
  /** "now" for relative dates and callback times */
  now?: Date;
  /** the person's IANA zone: "tomorrow at 3" means 3 p.m. there (UTC when unknown) */
  timeZone?: string;
  /**
   * What the person already answered in an earlier call that ended mid-survey: the call is a
   * follow-up that asks only the questions still open.
   */
  previousAnswers?: Answer[];
  /** The answer mapper; the deterministic one unless the caller brings another. */
  map?: (question: Question, utterance: string, now: Date) => MappedAnswer;
}

/** What the agent heard: words, nothing for a while, or the line going dead. */
export type Heard = { kind: 'speech'; text: string } | { kind: 'silence' } | { kind: 'hangup' };

export interface AgentTurn {
  say: string;
  /** true when the agent hangs up after saying this */
  end: boolean;
}

export interface ConversationResult {
  outcome: CallOutcome;
  answers: Answer[];
  transcript: { role: 'agent' | 'participant'; text: string }[];
  callbackAt: string | null;
}

type Phase = 'consent' | 'question' | 'ended';

/**
 * The survey as a conversation, without audio: the agent's next line for whatever the person says.
 * Consent first, each question in order (re-asked once when the answer does not fit), a short
 * confirmation, thanks and goodbye; opt-outs, callback requests, voicemail greetings, silence,
 * off-topic questions and hang-ups are handled at any point, and answers given are always kept.
 */
export class SurveyConversation {
  private phase: Phase = 'consent';
  private index = 0;
  private reasked = false;
  private consentAsked = 0;
  private silences = 0;
  private outcome: CallOutcome | null = null;
  private callbackAt: string | null = null;
  private readonly answers: Answer[] = [];
  private readonly transcript: ConversationResult['transcript'] = [];
  private readonly now: Date;

  private readonly answeredBefore: ReadonlySet<string>;

  constructor(private readonly settings: ConversationSettings) {
    this.now = settings.now ?? new Date();
    this.answeredBefore = new Set((settings.previousAnswers ?? []).map((a) => a.question_id));
    this.index = this.firstOpenQuestion(0);
  }

  /** a follow-up to a call that ended mid-survey */
  get isFollowUp(): boolean {
    return this.answeredBefore.size > 0;
  }

  get finished(): boolean {
    return this.phase === 'ended';
  }

  /** The question being asked, for respondents and for the live agent's context. */
  get currentQuestion(): Question | null {
    return this.phase === 'question' ? (this.settings.questions[this.index] ?? null) : null;
  }

  /** 0-based position of the question being asked, -1 outside the questions */
  get currentQuestionIndex(): number {
    return this.currentQuestion ? this.index : -1;
  }

  get result(): ConversationResult {
    return {
      outcome: this.outcome ?? 'hung_up_early',
      answers: [...this.answers],
      transcript: [...this.transcript],
      callbackAt: this.callbackAt,
    };
  }

  /** The words actually spoken for the agent's last line (rephrased by the live agent's LLM). */
  recordSpoken(spoken: string): void {
    for (let i = this.transcript.length - 1; i >= 0; i--) {
      const turn = this.transcript[i]!;
      if (turn.role === 'agent') {
        turn.text = spoken;
        return;
      }
    }
  }

  start(): AgentTurn {
    const { tone, participantName, surveyTitle, questions } = this.settings;
    this.consentAsked = 1;
    const open = questions.filter((q) => !this.answeredBefore.has(q.id)).length;
    const minutes = Math.max(1, Math.ceil(open / 2));
    return this.say(this.isFollowUp ? lines.followUpGreeting(tone, participantName, surveyTitle, open) : lines.greeting(tone, participantName, surveyTitle, minutes));
  }

  hear(heard: Heard): AgentTurn {
    if (this.phase === 'ended') return { say: '', end: true };
    if (heard.kind === 'hangup') {
      this.transcript.push({ role: 'participant', text: '(hung up)' });
      return this.end('hung_up_early', null, true);
    }
    if (heard.kind === 'silence') return this.onSilence();
    this.silences = 0;
    const text = heard.text.trim();
    this.transcript.push({ role: 'participant', text });

    const intent = detectIntent(text);
    if (intent === 'voicemail' && this.phase === 'consent' && this.consentAsked === 1) {
      return this.settings.voicemailAction === 'leave_message'
        ? this.end('voicemail', lines.voicemail(this.settings.surveyTitle))
        : this.end('voicemail', null, true);
    }
    if (intent === 'opt_out') return this.end('opted_out', lines.optedOut());
    if (intent === 'callback') {
      this.callbackAt = this.callbackTime(text);
      return this.end('callback_requested', lines.callback(this.callbackAt ? this.describe(this.callbackAt) : null));
    }
    if (intent === 'who_is_this') return this.say(`${lines.whoIsThis(this.settings.surveyTitle)} ${this.phase === 'consent' ? lines.consentAgain() : ask(this.currentQuestion!)}`);
    return this.phase === 'consent' ? this.onConsent(text, intent) : this.onAnswer(text, intent);
  }

  private onConsent(text: string, intent: ReturnType<typeof detectIntent>): AgentTurn {
    if (intent === 'decline') return this.end('declined', lines.declined());
    const consent = mapAnswer({ id: 'consent', text: '', type: 'yes_no', required: true }, text);
    if (consent.status === 'mapped' && consent.value === true) {
      this.phase = 'question';
      // a follow-up whose questions were all answered in the end has nothing left to ask
      if (!this.currentQuestion) return this.end('completed', `${lines.ack(this.settings.tone)} ${lines.thanks(this.settings.tone)}`);
      return this.say(`${lines.ack(this.settings.tone)} ${ask(this.currentQuestion)}`);
    }
    if (consent.status === 'mapped' && consent.value === false) return this.end('declined', lines.declined());
    if (this.consentAsked >= 2) return this.end('declined', lines.declined());
    this.consentAsked++;
    return this.say(lines.consentAgain());
  }

  private onAnswer(text: string, intent: ReturnType<typeof detectIntent>): AgentTurn {
    const question = this.currentQuestion!;
    if (intent === 'repeat') return this.say(ask(question));
    if (intent === 'skip') {
      this.record(question, text, { status: 'unclear', reason: 'skipped', confidence: 0 });
      return this.next(lines.skip());
    }
    const map = this.settings.map ?? mapAnswer;
    const mapped = map(question, text, this.now);
    if (mapped.status === 'mapped' && mapped.confidence >= CONFIDENT) {
      this.record(question, text, mapped);
      const confirmation = question.type === 'short_text' || question.type === 'paragraph' ? lines.ack(this.settings.tone) : lines.confirm(this.settings.tone, sayValue(question, mapped.value));
      return this.next(confirmation);
    }
    if (!this.reasked) {
      this.reasked = true;
      return this.say(lines.reask(question));
    }
    // asked twice: keep the words as said, mark them unclear for the LLM mapper or a human
    this.record(question, text, mapped.status === 'unclear' ? mapped : { status: 'unclear', reason: 'low confidence', confidence: mapped.confidence });
    return this.next(lines.noted());
  }

  private onSilence(): AgentTurn {
    this.silences++;
    this.transcript.push({ role: 'participant', text: '(silence)' });
    if (this.silences >= 2) return this.end(this.phase === 'consent' ? 'no_answer' : 'hung_up_early', null, true);
    const question = this.currentQuestion;
    return this.say(question ? `${lines.stillThere()} ${ask(question)}` : lines.stillThere());
  }

  /** The index of the first question at or after `from` not answered in an earlier call. */
  private firstOpenQuestion(from: number): number {
    let index = from;
    while (index < this.settings.questions.length && this.answeredBefore.has(this.settings.questions[index]!.id)) index++;
    return index;
  }

  private next(prefix: string): AgentTurn {
    this.index = this.firstOpenQuestion(this.index + 1);
    this.reasked = false;
    const question = this.currentQuestion;
    if (!question) return this.end('completed', `${prefix} ${lines.thanks(this.settings.tone)}`);
    return this.say(`${prefix} ${ask(question)}`);
  }

  private record(question: Question, raw: string, mapped: MappedAnswer): void {
    this.answers.push({
      question_id: question.id,
      raw_answer: raw,
      mapped_value: mapped.status === 'mapped' ? mapped.value : null,
      confidence: mapped.confidence,
      method: mapped.status === 'mapped' ? 'deterministic' : 'unclear',
    });
  }

  private callbackTime(text: string): string | null {
    return parseCallbackTime(text, this.now, this.settings.timeZone)?.toISOString() ?? null;
  }

  private describe(iso: string): string {
    return describeCallbackTime(new Date(iso), this.settings.timeZone);
  }

  private say(text: string): AgentTurn {
    this.transcript.push({ role: 'agent', text });
    return { say: text, end: false };
  }

  private end(outcome: CallOutcome, text: string | null, silent = false): AgentTurn {
    this.outcome = outcome;
    this.phase = 'ended';
    if (text && !silent) this.transcript.push({ role: 'agent', text });
    return { say: silent ? '' : (text ?? ''), end: true };
  }
}
