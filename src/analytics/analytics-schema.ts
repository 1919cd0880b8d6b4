import { z } from 'zod';

/** What `GET /surveys/{id}/analytics` answers (survey-analytics.ts), for the OpenAPI document the web app is typed from. */
export const surveyAnalyticsSchema = z.object({
  survey_id: z.uuid(),
  campaign_id: z.uuid().nullable(),
  calls: z.number().int(),
  connected_calls: z.number().int(),
  completed_calls: z.number().int(),
  median_call_seconds: z.number().nullable(),
  funnel: z.array(z.object({ question_id: z.string(), answered: z.number().int(), share_of_connected: z.number().nullable() })),
  questions: z.array(
    z.object({
      question_id: z.string(),
      type: z.string(),
      text: z.string(),
      answered: z.number().int(),
      unclear: z.number().int(),
      unclear_rate: z.number().nullable(),
      distribution: z.record(z.string(), z.number()).optional(),
      mean: z.number().nullable().optional(),
      median: z.number().nullable().optional(),
    }),
  ),
});
