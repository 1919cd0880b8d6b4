import { voice, type llm } from '@livekit/agents';
import type { Answer } from '../src/domain/call-report.ts';
import type { ConversationResult, SurveyConversation } from '../src/conversation/survey-conversation.ts';

export interface SurveyAgentHooks {
  /** answers given since the last turn: stored at once, so a lost report never loses them */
  onAnswers(answers: Answer[]): Promise<void>;
  /** the conversation ended (the agent's closing line is being spoken) */
  onFinished(result: ConversationResult): Promise<void>;
}

/**
 * The LiveKit agent for one call. Its LLM node is the survey conversation engine: what to say next is
 * decided by tested, deterministic code, not by a model, and the words go out through the session's TTS.
 */
export class SurveyAgent extends voice.Agent {
  private started = false;
  private stored = 0;
  private done = false;

  constructor(
    private readonly conversation: SurveyConversation,
    private readonly hooks: SurveyAgentHooks,
    instructions: string,
    /** rewrites the engine's lines in the owner's voice (see rephrase.ts); unset: spoken as written */
    private readonly rephrase?: (line: string) => Promise<string>,
  ) {
    super({ instructions });
  }

  override async onEnter(): Promise<void> {
    this.session.generateReply();
  }

  override async llmNode(chatCtx: llm.ChatContext): Promise<ReadableStream<string>> {
    let line: string;
    if (!this.started) {
      this.started = true;
      line = this.conversation.start().say;
    } else {
      const text = lastUserText(chatCtx);
      const turn = this.conversation.hear(text ? { kind: 'speech', text } : { kind: 'silence' });
      line = turn.say;
    }
    if (line && this.rephrase) {
      const original = line;
      line = await this.rephrase(original).catch(() => original);
      // the transcript (and the report built from it) says what the person actually heard
      if (line !== original) this.conversation.recordSpoken(line);
    }
    await this.flush();
    return new ReadableStream<string>({
      start(controller) {
        if (line) controller.enqueue(line);
        controller.close();
      },
    });
  }

  /** The other side hung up, or the call hit its maximum duration. */
  async hangUp(): Promise<void> {
    if (!this.conversation.finished) this.conversation.hear({ kind: 'hangup' });
    await this.flush();
  }

  get finished(): boolean {
    return this.conversation.finished;
  }

  /** The question being asked (for scripted respondents in tests, and logs). */
  get currentQuestion() {
    return this.conversation.currentQuestion;
  }

  get currentQuestionIndex(): number {
    return this.conversation.currentQuestionIndex;
  }

  private async flush(): Promise<void> {
    const { answers } = this.conversation.result;
    if (answers.length > this.stored) {
      await this.hooks.onAnswers(answers.slice(this.stored));
      this.stored = answers.length;
    }
    if (this.conversation.finished && !this.done) {
      this.done = true;
      await this.hooks.onFinished(this.conversation.result);
    }
  }
}

function lastUserText(chatCtx: llm.ChatContext): string | undefined {
  for (let i = chatCtx.items.length - 1; i >= 0; i--) {
    const item = chatCtx.items[i]!;
    if (item.type === 'message' && item.role === 'user') return item.textContent;
  }
  return undefined;
}
