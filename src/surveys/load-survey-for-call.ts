import type { Sql } from '../db/client.ts';
import type { Question } from '../domain/questionnaire.ts';
import type { SurveyForCall } from '../telephony/simulated/simulated-dialer.ts';

/** The survey as the agent needs it for one call. */
export async function loadSurveyForCall(sql: Sql, userId: string, surveyId: string): Promise<SurveyForCall> {
  const [survey] = await sql<{ title: string; questionnaire: Question[]; voice_agent_tone: SurveyForCall['tone']; voice_agent_voice: string; voice_agent_instructions: string | null; voicemail_action: SurveyForCall['voicemailAction'] }[]>`
    select title, questionnaire, voice_agent_tone, voice_agent_voice, voice_agent_instructions, voicemail_action
    from surveys where id = ${surveyId} and user_id = ${userId}`;
  if (!survey) throw new Error(`survey ${surveyId} not found`);
  return {
    surveyTitle: survey.title,
    tone: survey.voice_agent_tone,
    voice: survey.voice_agent_voice,
    instructions: survey.voice_agent_instructions,
    questions: survey.questionnaire,
    voicemailAction: survey.voicemail_action,
  };
}
