import { Hono } from 'hono';
import { z } from 'zod';
import type { AuthEnv } from '../auth/require-user.ts';
import type { AppDeps } from '../deps.ts';
import { notFound } from '../errors.ts';
import { idParam, query } from '../validate.ts';
import { surveyAnalytics } from '../../analytics/survey-analytics.ts';
import type { Question } from '../../domain/questionnaire.ts';

export const analyticsQuerySchema = z.object({ campaign_id: z.uuid().optional() });

export function analyticsRoutes({ sql }: AppDeps) {
  const app = new Hono<AuthEnv>();
  app.get('/:surveyId/analytics', async (c) => {
    const surveyId = idParam(c, 'surveyId', 'survey');
    const { campaign_id } = query(c, analyticsQuerySchema);
    const userId = c.var.user.id;
    const [survey] = await sql<{ id: string; questionnaire: Question[] }[]>`
      select id, questionnaire from surveys where id = ${surveyId} and user_id = ${userId}`;
    if (!survey) throw notFound('survey', surveyId);
    if (campaign_id) {
      const [campaign] = await sql`select 1 from campaigns where id = ${campaign_id} and survey_id = ${surveyId} and user_id = ${userId}`;
      if (!campaign) throw notFound('campaign', campaign_id);
    }
    return c.json(await surveyAnalytics(sql, userId, survey, campaign_id));
  });
  return app;
}
