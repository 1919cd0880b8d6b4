import { Hono } from 'hono';
import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import type { AuthEnv } from '../auth/require-user.ts';
import type { AppDeps } from '../deps.ts';
import { notFound } from '../errors.ts';
import { cursorQuerySchema, timeIdCursorSchema } from '../pagination.ts';
import { idParam, query } from '../validate.ts';
import type { Question } from '../../domain/questionnaire.ts';
import { cellValue, listResponses, type ContactResponses } from '../../responses/response-store.ts';
import { listUnclearAnswers } from '../../calls/call-store.ts';

export const unclearAnswersQuerySchema = cursorQuerySchema.extend({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: timeIdCursorSchema.optional(),
});

export const responsesQuerySchema = cursorQuerySchema.extend({ format: z.enum(['json', 'csv']).default('json') });

export function responseRoutes({ sql }: AppDeps) {
  const app = new Hono<AuthEnv>();

  app.get('/:surveyId/unclear-answers', async (c) => {
    const surveyId = idParam(c, 'surveyId', 'survey');
    const page = query(c, unclearAnswersQuerySchema);
    const [survey] = await sql`select 1 from surveys where id = ${surveyId} and user_id = ${c.var.user.id}`;
    if (!survey) throw notFound('survey', surveyId);
    return c.json(await listUnclearAnswers(sql, c.var.user.id, surveyId, page));
  });

  app.get('/:surveyId/responses', async (c) => {
    const surveyId = idParam(c, 'surveyId', 'survey');
    const q = query(c, responsesQuerySchema);
    const userId = c.var.user.id;
    const [survey] = await sql<{ title: string; questionnaire: Question[] }[]>`
      select title, questionnaire from surveys where id = ${surveyId} and user_id = ${userId}`;
    if (!survey) throw notFound('survey', surveyId);
    const questions = survey.questionnaire.map(({ id, text, type }) => ({ id, text, type }));

    if (q.format === 'json') {
      const page = await listResponses(sql, userId, surveyId, q);
      return c.json({ survey_id: surveyId, questions, ...page });
    }
    // CSV: every contact with answers, one row each, one column group per question
    const all: ContactResponses[] = [];
    let cursor: string | undefined;
    do {
      const page = await listResponses(sql, userId, surveyId, { limit: 1_000, cursor });
      all.push(...page.items);
      cursor = page.next_cursor ?? undefined;
    } while (cursor);
    const header = ['contact_id', 'participant_name', 'phone_number', 'campaign_id', 'call_id', 'outcome', 'answered_at'];
    for (const question of survey.questionnaire) header.push(question.id, `${question.id}__raw`, `${question.id}__confidence`);
    const rows = all.map((r) => {
      const row = [r.contact_id, r.participant_name ?? '', r.phone_number, r.campaign_id, r.call_id, r.outcome ?? '', r.answered_at];
      for (const question of survey.questionnaire) {
        const answer = r.answers[question.id];
        row.push(cellValue(question, answer?.mapped_value), answer?.raw_answer ?? '', answer?.confidence?.toString() ?? '');
      }
      return row;
    });
    const filename = `${survey.title.replace(/[^A-Za-z0-9_-]+/g, '_').slice(0, 60) || 'survey'}-responses.csv`;
    c.header('content-type', 'text/csv; charset=utf-8');
    c.header('content-disposition', `attachment; filename="${filename}"`);
    return c.body(stringify([header, ...rows]));
  });

  return app;
}
