import { devIdentity, signInUser } from '../users/sign-in-user.ts';
import type { Sql } from '../db/client.ts';
import type { Questionnaire } from '../domain/questionnaire.ts';

/** A short customer-satisfaction survey covering the common question types. */
export const sampleQuestionnaire: Questionnaire = [
  {
    id: 'visit_frequency',
    text: 'How often do you visit our store?',
    type: 'multiple_choice',
    required: true,
    options: [
      { id: 'weekly', label: 'Every week' },
      { id: 'monthly', label: 'About once a month' },
      { id: 'rarely', label: 'A few times a year' },
    ],
  },
  {
    id: 'satisfaction',
    text: 'On a scale from 1 to 5, how satisfied were you with your last visit?',
    type: 'linear_scale',
    required: true,
    scale: { min: 1, max: 5, min_label: 'Not at all', max_label: 'Very satisfied' },
  },
  { id: 'recommend', text: 'Would you recommend us to a friend?', type: 'yes_no', required: true },
  { id: 'comments', text: 'Anything else you would like to tell us?', type: 'short_text', required: false },
];

export async function seedUser(sql: Sql, email: string, name = 'Demo User'): Promise<string> {
  return (await signInUser(sql, devIdentity(email, name))).id;
}

export async function seedSurvey(
  sql: Sql,
  userId: string,
  options: { title?: string; questionnaire?: Questionnaire; maxConcurrentCalls?: number } = {},
): Promise<string> {
  const [survey] = await sql<{ id: string }[]>`
    insert into surveys (user_id, title, questionnaire, max_concurrent_calls)
    values (${userId}, ${options.title ?? 'Customer satisfaction'}, ${sql.json(options.questionnaire ?? sampleQuestionnaire)},
            ${options.maxConcurrentCalls ?? null})
    returning id`;
  return survey!.id;
}

/** Inserts `count` contacts with fictional numbers, in batches (one statement per 5,000 rows). */
export async function seedContacts(sql: Sql, userId: string, surveyId: string, count: number): Promise<void> {
  const batch = 5_000;
  for (let start = 0; start < count; start += batch) {
    const rows = Array.from({ length: Math.min(batch, count - start) }, (_, k) => {
      const i = start + k;
      return {
        user_id: userId,
        survey_id: surveyId,
        participant_name: `Participant ${i + 1}`,
        // +1 202 5xx xxxx: inside the North American plan, never a real subscriber in tests
        phone_number: `+12025${String(i).padStart(6, '0')}`,
      };
    });
    await sql`insert into contacts ${sql(rows, 'user_id', 'survey_id', 'participant_name', 'phone_number')}`;
  }
}
