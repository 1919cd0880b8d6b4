import type { Respondent } from './respondents.ts';
import { SurveyConversation, type ConversationResult, type ConversationSettings } from './survey-conversation.ts';

const MAX_TURNS = 200;

/** Plays a whole call in text: the engine against a respondent, until someone hangs up. */
export function runConversation(settings: ConversationSettings, respondent: Respondent): ConversationResult {
  const conversation = new SurveyConversation(settings);
  let turn = conversation.start();
  const asked = new Map<number, number>();
  for (let i = 0; i < MAX_TURNS && !turn.end; i++) {
    const question = conversation.currentQuestion;
    const index = question ? settings.questions.indexOf(question) : -1;
    if (question) asked.set(index, (asked.get(index) ?? 0) + 1);
    turn = conversation.hear(respondent({ agentSaid: turn.say, question, askedTimes: asked.get(index) ?? 0, questionIndex: index }));
  }
  return conversation.result;
}
