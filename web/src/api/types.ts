import type { paths } from './schema';

/** Names for the generated API types the pages share (aliases of schema.d.ts, never copies). */
export type Survey = paths['/surveys/{surveyId}']['get']['responses'][200]['content']['application/json'];
// the survey schema allows an empty list of `never` for drafts: the element type comes from the create body
export type Question = NonNullable<paths['/surveys']['post']['requestBody']['content']['application/json']['json_questionnaire']>[number];
export type CallDetail = paths['/calls/{id}']['get']['responses'][200]['content']['application/json'];
export type UnclearAnswer = paths['/surveys/{surveyId}/unclear-answers']['get']['responses'][200]['content']['application/json']['items'][number];
export type ReviewBody = paths['/responses/{id}']['patch']['requestBody']['content']['application/json'];
export type Analytics = paths['/surveys/{surveyId}/analytics']['get']['responses'][200]['content']['application/json'];
export type ResponseItem = paths['/surveys/{surveyId}/responses']['get']['responses'][200]['content']['application/json']['items'][number];

/** The survey's questions with their element type (see Question). */
export const questionsOf = (survey: Survey): Question[] => survey.json_questionnaire as Question[];
export type SurveyPatch = paths['/surveys/{surveyId}']['patch']['requestBody']['content']['application/json'];
export type CallingHours = NonNullable<Survey['calling_hours']>;
export type RetryPolicy = NonNullable<Survey['retry_policy']>;
export type CampaignStatus = paths['/campaigns/{id}/status']['get']['responses'][200]['content']['application/json'];
/** The API's call outcomes (completed, no_answer, …): the keys of the status's outcome breakdown. */
export type CallOutcome = keyof CampaignStatus['outcomes'];
export type SurveyCreate = paths['/surveys']['post']['requestBody']['content']['application/json'];
export type SurveyCreated = paths['/surveys']['post']['responses'][201]['content']['application/json'];
export type ImportWarning = NonNullable<SurveyCreated['import_warnings']>[number];
export type QuestionType = Question['type'];
export type Tone = NonNullable<SurveyCreate['voice_agent_tone']>;
export type Voice = NonNullable<SurveyCreate['voice_agent_voice']>;
export type VoicemailAction = NonNullable<SurveyCreate['voicemail_action']>;
