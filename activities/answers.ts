import { heartbeat } from '@temporalio/activity';
import type { LlmMapper } from '../src/answers/llm-mapper.ts';
import type { Sql } from '../src/db/client.ts';
import type { Question } from '../src/domain/questionnaire.ts';
import { addCallTokens, addTokens, type LlmTokens } from '../src/usage/llm-tokens.ts';
import type { WebhookHook } from './webhook-hook.ts';

export interface AnswerDeps {
  sql: Sql;
  /** null when no LLM is configured: unclear answers stay unclear */
  llm: LlmMapper | null;
  /** answers still unclear after remapping become a response.unclear webhook event */
  events: WebhookHook;
}

export function createAnswerActivities({ sql, llm, events }: AnswerDeps) {
  /** Tells webhooks which of the call's answers need a person (the review list has them too). */
  const reportUnclear = async (input: { userId: string; surveyId: string; callId: string }) => {
    const rows = await sql<{ question_id: string; contact_id: string }[]>`
      select question_id, contact_id from responses where call_id = ${input.callId} and user_id = ${input.userId} and method = 'unclear'
      order by question_id`;
    if (rows.length === 0) return;
    await events.record(sql, {
      userId: input.userId,
      type: 'response.unclear',
      dedupeKey: `response.unclear:${input.callId}`,
      data: { call_id: input.callId, survey_id: input.surveyId, contact_id: rows[0]!.contact_id, question_ids: rows.map((r) => r.question_id) },
    });
    await events.flush(input.userId);
  };

  return {
    /**
     * Gives the LLM mapper the answers the deterministic mapper left unclear, after the call, with
     * retries: the live call never waits on it. Re-running it only revisits rows still unclear.
     */
    async remapUnclearAnswers(input: { userId: string; surveyId: string; callId: string }): Promise<{ remapped: number; unclear: number }> {
      const rows = await sql<{ id: string; question_id: string; raw_answer: string }[]>`
        select id, question_id, raw_answer from responses
        where call_id = ${input.callId} and user_id = ${input.userId} and method = 'unclear'
          and coalesce(trim(raw_answer), '') <> ''`;
      if (!llm || rows.length === 0) {
        await reportUnclear(input);
        return { remapped: 0, unclear: rows.length };
      }
      const [survey] = await sql<{ questionnaire: Question[] }[]>`
        select questionnaire from surveys where id = ${input.surveyId} and user_id = ${input.userId}`;
      const questions = new Map((survey?.questionnaire ?? []).map((q) => [q.id, q]));
      let remapped = 0;
      let tokens: LlmTokens = { input: 0, output: 0 };
      for (const row of rows) {
        const question = questions.get(row.question_id);
        if (!question) continue;
        const result = await llm(question, row.raw_answer);
        tokens = addTokens(tokens, result.tokens);
        heartbeat(row.id);
        if (result.status !== 'mapped') continue;
        await sql`
          update responses set mapped_value = ${sql.json(result.value as never)}, confidence = ${result.confidence},
            method = 'llm', updated_at = now()
          where id = ${row.id} and user_id = ${input.userId} and method = 'unclear'`;
        remapped++;
      }
      // added once the run is through: a run that fails part-way adds nothing (an under-count of what it
      // spent), and its retry adds what it spends asking again for the rows still unclear
      if (tokens.input + tokens.output > 0) await addCallTokens(sql, { userId: input.userId, callId: input.callId }, tokens);
      await reportUnclear(input);
      return { remapped, unclear: rows.length - remapped };
    },
  };
}
