/**
 * How long `GET /surveys/{id}/analytics` takes at 100,000 responses: seeds one survey (the sample
 * questionnaire: choice, scale, yes/no, text) with 100,000 respondents who each reached the end of
 * the survey or stopped on the way, in bulk SQL (generate_series, no per-row round trips), then times
 * the very query the route runs (`surveyAnalytics`): the first run cold, then the median of the rest.
 * Runs in a scratch database it creates and drops on the server of DATABASE_URL (or TEST_DATABASE_URL,
 * or the local PostgreSQL), so it never touches real data.
 *
 * Run on its own: `npx tsx scripts/bench/analytics.ts [--respondents 100000] [--runs 7]`.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { surveyAnalytics } from '../../src/analytics/survey-analytics.ts';
import { createSql, type Sql } from '../../src/db/client.ts';
import { migrate } from '../../src/db/migrate.ts';
import { sampleQuestionnaire, seedSurvey, seedUser } from '../../src/dev/seed.ts';

export interface AnalyticsBenchFigures {
  respondents: number;
  responses: number;
  seedMs: number;
  coldMs: number;
  /** median of the warm runs */
  warmMedianMs: number;
  warmMs: number[];
}

/** Every respondent's call and answers, in four statements whatever the count. */
async function seed(sql: Sql, userId: string, surveyId: string, respondents: number): Promise<number> {
  const [campaign] = await sql<{ id: string }[]>`
    insert into campaigns (user_id, survey_id, workflow_id, status, max_concurrent_calls, total_contacts)
    values (${userId}, ${surveyId}, ${`bench-analytics-${surveyId}`}, 'completed', 50, ${respondents})
    returning id`;
  await sql`
    insert into contacts (user_id, survey_id, participant_name, phone_number)
    select ${userId}, ${surveyId}, 'Respondent ' || i, '+1202' || lpad(i::text, 7, '0')
    from generate_series(1, ${respondents}) as i`;
  // one call per contact: 85 % connected (60-240 s), the rest unanswered; i drives every choice so a run is reproducible
  await sql`
    insert into calls (user_id, campaign_id, contact_id, attempt, to_number, outcome, duration_seconds, dialed_at, ended_at)
    select ${userId}, ${campaign!.id}, c.id, 1, c.phone_number,
      case when c.seq % 20 < 17 then (case when c.seq % 10 < 8 then 'completed' else 'hung_up_early' end) else 'no_answer' end,
      case when c.seq % 20 < 17 then 60 + (c.seq * 37) % 180 else 0 end,
      now() - interval '1 day', now() - interval '1 day'
    from contacts c where c.survey_id = ${surveyId}`;
  // connected calls answer the questions in order; hung-up ones stop after one or two; 4 % of answers unclear
  const result = await sql`
    insert into responses (user_id, call_id, survey_id, contact_id, question_id, raw_answer, mapped_value, confidence, method)
    select ${userId}, k.id, ${surveyId}, k.contact_id, q.id, 'spoken words',
      case when (n.seq * 7 + q.position) % 25 = 0 then null
        else case q.id
          when 'visit_frequency' then to_jsonb((array['weekly', 'monthly', 'rarely'])[1 + n.seq % 3])
          when 'satisfaction' then to_jsonb(1 + (n.seq * 13) % 5)
          when 'recommend' then to_jsonb(n.seq % 4 <> 0)
          else to_jsonb('fine'::text) end end,
      case when (n.seq * 7 + q.position) % 25 = 0 then 0.3 else 0.95 end,
      case when (n.seq * 7 + q.position) % 25 = 0 then 'unclear' else 'deterministic' end
    from calls k
    join contacts n on n.id = k.contact_id
    cross join (select value ->> 'id' as id, ordinality::int as position from jsonb_array_elements(${sql.json(sampleQuestionnaire)}) with ordinality) as q
    where k.campaign_id = ${campaign!.id} and k.duration_seconds > 0
      and (k.outcome = 'completed' or q.position <= 1 + n.seq % 2)`;
  await sql`analyze contacts; analyze calls; analyze responses`.simple();
  return result.count;
}

export async function analyticsBench(options: { respondents?: number; runs?: number; url?: string } = {}): Promise<AnalyticsBenchFigures> {
  const respondents = options.respondents ?? 100_000;
  const runs = Math.max(2, options.runs ?? 7);
  const serverUrl = options.url ?? process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `bench_analytics_${randomBytes(4).toString('hex')}`;
  const admin = createSql(serverUrl, { max: 1 });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const sql = createSql(url.toString(), { max: 5 });
  try {
    await migrate(sql);
    const userId = await seedUser(sql, `bench-analytics-${name}@example.com`);
    const surveyId = await seedSurvey(sql, userId);
    const seedStart = performance.now();
    const responses = await seed(sql, userId, surveyId, respondents);
    const seedMs = performance.now() - seedStart;

    const survey = { id: surveyId, questionnaire: sampleQuestionnaire };
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const start = performance.now();
      const result = await surveyAnalytics(sql, userId, survey);
      times.push(performance.now() - start);
      if (result.connected_calls === 0) throw new Error('the seeded survey has no connected calls: the bench measured nothing');
    }
    const [coldMs, ...warm] = times;
    const sorted = [...warm].sort((a, b) => a - b);
    return { respondents, responses, seedMs, coldMs: coldMs!, warmMedianMs: sorted[Math.floor(sorted.length / 2)]!, warmMs: warm };
  } finally {
    await sql.end({ timeout: 5 });
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end({ timeout: 5 });
  }
}

export function printAnalyticsBench(f: AnalyticsBenchFigures): void {
  console.log(
    `\nanalytics (GET /surveys/{id}/analytics): ${f.respondents.toLocaleString('en')} respondents, ${f.responses.toLocaleString('en')} responses ` +
      `(seeded in ${(f.seedMs / 1000).toFixed(1)} s): first query ${f.coldMs.toFixed(0)} ms, then median ${f.warmMedianMs.toFixed(0)} ms ` +
      `of ${f.warmMs.length} (${f.warmMs.map((t) => t.toFixed(0)).join(', ')} ms)`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { respondents: { type: 'string' }, runs: { type: 'string' } } });
  printAnalyticsBench(await analyticsBench({ respondents: values.respondents ? Number(values.respondents) : undefined, runs: values.runs ? Number(values.runs) : undefined }));
}
