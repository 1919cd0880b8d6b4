import type { Sql } from '../db/client.ts';
import type { Question } from '../domain/questionnaire.ts';

/** Question types whose answers come from a small set of values: they get a value distribution. */
const counted = new Set<Question['type']>(['multiple_choice', 'checkboxes', 'dropdown', 'linear_scale', 'yes_no']);
/** Question types whose answers are numbers: they get a mean and a median. */
const numeric = new Set<Question['type']>(['linear_scale', 'number']);

interface QuestionStats {
  question_id: string;
  responses: number;
  unclear: number;
  mean: number | null;
  median: number | null;
}

const round = (n: number | null, places = 2) => (n === null ? null : Math.round(n * 10 ** places) / 10 ** places);

/**
 * A survey's results, computed in the database (a few grouped scans of the survey's responses and
 * calls, whatever their number): per question the value distribution, mean and median where numeric,
 * the unclear rate; the completion funnel in question order; the median length of connected calls.
 * `campaignId` narrows it to one campaign.
 */
export async function surveyAnalytics(sql: Sql, userId: string, survey: { id: string; questionnaire: Question[] }, campaignId?: string) {
  const byCampaign = campaignId
    ? sql`and r.call_id in (select id from calls where campaign_id = ${campaignId} and user_id = ${userId})`
    : sql``;
  // independent scans, run side by side on separate pool connections
  const countsQuery = sql<Omit<QuestionStats, 'mean' | 'median'>[]>`
    select r.question_id, count(*)::int as responses, count(*) filter (where r.method = 'unclear')::int as unclear
    from responses r
    where r.user_id = ${userId} and r.survey_id = ${survey.id} ${byCampaign}
    group by r.question_id`;
  // a median sorts its rows: only the numeric questions' numbers are sorted, not every answer
  // (sorting all of them spilled to disk at 100,000 respondents)
  const numbersQuery = sql<Pick<QuestionStats, 'question_id' | 'mean' | 'median'>[]>`
    select r.question_id, avg((r.mapped_value #>> '{}')::float8) as mean,
      percentile_cont(0.5) within group (order by (r.mapped_value #>> '{}')::float8) as median
    from responses r
    where r.user_id = ${userId} and r.survey_id = ${survey.id} ${byCampaign}
      and r.question_id = any(${survey.questionnaire.filter((q) => numeric.has(q.type)).map((q) => q.id)}::text[])
      and jsonb_typeof(r.mapped_value) = 'number'
    group by r.question_id`;
  const valuesQuery = sql<{ question_id: string; value: string; n: number }[]>`
    select r.question_id, v.value, count(*)::int as n
    from responses r
    cross join lateral jsonb_array_elements_text(
      case when jsonb_typeof(r.mapped_value) = 'array' then r.mapped_value else jsonb_build_array(r.mapped_value) end) as v(value)
    where r.user_id = ${userId} and r.survey_id = ${survey.id} ${byCampaign}
      and r.method is distinct from 'unclear' and jsonb_typeof(r.mapped_value) not in ('null', 'object')
      and r.question_id = any(${survey.questionnaire.filter((q) => counted.has(q.type)).map((q) => q.id)}::text[])
    group by r.question_id, v.value`;
  const callsQuery = sql<{ calls: number; connected: number; completed: number; median_call_seconds: number | null }[]>`
    select count(*)::int as calls, count(*) filter (where c.duration_seconds > 0)::int as connected,
      count(*) filter (where c.outcome = 'completed')::int as completed,
      percentile_cont(0.5) within group (order by c.duration_seconds) filter (where c.duration_seconds > 0) as median_call_seconds
    from calls c join campaigns k on k.id = c.campaign_id and k.user_id = c.user_id
    where c.user_id = ${userId} and k.survey_id = ${survey.id} ${campaignId ? sql`and c.campaign_id = ${campaignId}` : sql``}`;
  const [counts, numbers, values, [calls]] = await Promise.all([countsQuery, numbersQuery, valuesQuery, callsQuery]);
  const numbersOf = new Map(numbers.map((n) => [n.question_id, n]));
  const stats: QuestionStats[] = counts.map((c) => ({ ...c, mean: numbersOf.get(c.question_id)?.mean ?? null, median: numbersOf.get(c.question_id)?.median ?? null }));

  const statsOf = new Map(stats.map((s) => [s.question_id, s]));
  const questions = survey.questionnaire.map((q) => {
    const s = statsOf.get(q.id) ?? { responses: 0, unclear: 0, mean: null, median: null };
    const answered = s.responses - s.unclear;
    return {
      question_id: q.id,
      type: q.type,
      text: q.text,
      answered,
      unclear: s.unclear,
      unclear_rate: s.responses ? round(s.unclear / s.responses, 4) : null,
      ...(counted.has(q.type)
        ? { distribution: Object.fromEntries(values.filter((v) => v.question_id === q.id).sort((a, b) => b.n - a.n).map((v) => [v.value, v.n])) }
        : {}),
      ...(numeric.has(q.type) ? { mean: round(s.mean), median: round(s.median) } : {}),
    };
  });
  return {
    survey_id: survey.id,
    campaign_id: campaignId ?? null,
    calls: calls!.calls,
    connected_calls: calls!.connected,
    completed_calls: calls!.completed,
    median_call_seconds: round(calls!.median_call_seconds, 1),
    /** how many connected calls got as far as answering each question, in questionnaire order */
    funnel: questions.map((q) => ({ question_id: q.question_id, answered: q.answered, share_of_connected: calls!.connected ? round(q.answered / calls!.connected, 4) : null })),
    questions,
  };
}
