import type { Answer } from '../domain/call-report.ts';
import type { SurveyForCall } from '../telephony/simulated/simulated-dialer.ts';
import type { ConversationSettings } from './survey-conversation.ts';

/** What one dial adds to the survey: who is called, where they are, and what they said before. */
export interface CallContext {
  participantName: string | null;
  timeZone: string;
  /** the retry policy's voicemail rule for this attempt */
  leaveVoicemail: boolean;
  previousAnswers: Answer[];
  now?: Date;
}

/** The conversation for one call, the same for the voice agent and the simulated one. */
export function conversationSettingsForCall(survey: SurveyForCall, call: CallContext): ConversationSettings {
  return {
    surveyTitle: survey.surveyTitle,
    tone: survey.tone,
    questions: survey.questions,
    // the survey says whether a message is ever left; the retry policy says on which attempt
    voicemailAction: call.leaveVoicemail ? survey.voicemailAction : 'hang_up',
    participantName: call.participantName,
    timeZone: call.timeZone,
    previousAnswers: call.previousAnswers,
    ...(call.now ? { now: call.now } : {}),
  };
}
