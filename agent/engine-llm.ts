import { llm } from '@livekit/agents';

/**
 * The session's model when nothing but the survey engine speaks (AGENT_IO=text): the framework will
 * not generate a reply without an LLM, but SurveyAgent.llmNode answers every turn itself, so this one
 * is never asked and needs no API key.
 */
export class SurveyEngineLlm extends llm.LLM {
  label(): string {
    return 'survey-engine';
  }

  chat(): llm.LLMStream {
    throw new Error('SurveyAgent.llmNode answers every turn; the session model is never called');
  }
}
