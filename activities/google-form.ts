import type { Sql } from '../src/db/client.ts';
import type { Question } from '../src/domain/questionnaire.ts';
import { formFields, formResponseUrl } from '../src/surveys/google-form/form-answers.ts';

/** Posts a form-encoded body; injected so tests use a stand-in for Google's endpoint. */
export type FormPoster = (url: string, body: URLSearchParams) => Promise<{ status: number }>;

export const postForm: FormPoster = async (url, body) => {
  const response = await fetch(url, { method: 'POST', body, redirect: 'manual', signal: AbortSignal.timeout(15_000) });
  return { status: response.status };
};

export function createGoogleFormActivities({ sql, post = postForm }: { sql: Sql; post?: FormPoster }) {
  return {
    /**
     * Writes one call's mapped answers to the survey's Google Form, once: the call row remembers the
     * submission (a crash between Google's answer and that update could submit twice; forms offer
     * no idempotency key).
     */
    async submitToGoogleForm(input: { userId: string; surveyId: string; callId: string }): Promise<{ submitted: boolean; reason?: string }> {
      const [survey] = await sql<{ submit_to_google_form: boolean; google_form_url: string | null; questionnaire: Question[] }[]>`
        select submit_to_google_form, google_form_url, questionnaire from surveys
        where id = ${input.surveyId} and user_id = ${input.userId}`;
      if (!survey?.submit_to_google_form || !survey.google_form_url) return { submitted: false, reason: 'not enabled for this survey' };
      const [call] = await sql<{ google_form_submitted_at: Date | null }[]>`
        select google_form_submitted_at from calls where id = ${input.callId} and user_id = ${input.userId}`;
      if (!call || call.google_form_submitted_at) return { submitted: false, reason: 'already submitted' };
      const rows = await sql<{ question_id: string; mapped_value: unknown }[]>`
        select question_id, mapped_value from responses where call_id = ${input.callId} and user_id = ${input.userId}`;
      const fields = formFields(survey.questionnaire, new Map(rows.map((r) => [r.question_id, r.mapped_value])));
      if (fields.length === 0) return { submitted: false, reason: 'no mapped answers' };
      const { status } = await post(formResponseUrl(survey.google_form_url), new URLSearchParams(fields));
      // Google answers 200 (or a redirect to the confirmation page); anything else is retried
      if (status >= 400) throw new Error(`the form answered HTTP ${status}`);
      await sql`update calls set google_form_submitted_at = now() where id = ${input.callId} and user_id = ${input.userId}`;
      return { submitted: true };
    },
  };
}
