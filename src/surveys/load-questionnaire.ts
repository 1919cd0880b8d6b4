import type { Sql } from '../db/client.ts';
import type { Question } from '../domain/questionnaire.ts';

export async function loadQuestionnaire(sql: Sql, userId: string, surveyId: string): Promise<Question[]> {
  const [survey] = await sql<{ questionnaire: Question[] }[]>`
    select questionnaire from surveys where id = ${surveyId} and user_id = ${userId}`;
  return survey?.questionnaire ?? [];
}
