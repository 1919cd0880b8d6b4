// A 100,000-row CSV through `POST /surveys/{id}/contacts` (parse, validate, normalise, dedupe, insert)
// against a raw `COPY` of the same rows into the same table, measured in the same run.
import type { Sql } from '../../src/db/client.ts';
import { seedSurvey } from '../../src/dev/seed.ts';

export interface ImportFigures {
  rows: number;
  apiSeconds: number;
  copySeconds: number;
  apiRowsPerSecond: number;
  copyRowsPerSecond: number;
  /** the API's rows/s over COPY's */
  ratio: number;
}

/** +1 202 5xx xxxx numbers: inside the North American plan, never a real subscriber. */
function rowsOf(count: number): { name: string; phone: string }[] {
  return Array.from({ length: count }, (_, i) => ({ name: `Person ${i}`, phone: `+1202${String(5_000_000 + i).padStart(7, '0')}` }));
}

export async function measureContactImport(options: { sql: Sql; userId: string; baseUrl: string; token: string; rows?: number }): Promise<ImportFigures> {
  const { sql, userId } = options;
  const count = options.rows ?? 100_000;
  const rows = rowsOf(count);

  const apiSurvey = await seedSurvey(sql, userId, { title: 'bench import (API)' });
  const csv = ['name,phone', ...rows.map((r) => `${r.name},${r.phone}`)].join('\n');
  let started = performance.now();
  const response = await fetch(`${options.baseUrl}/surveys/${apiSurvey}/contacts`, {
    method: 'POST',
    headers: { authorization: `Bearer ${options.token}`, 'content-type': 'text/csv' },
    body: csv,
  });
  const body = (await response.json()) as { imported?: number };
  const apiSeconds = (performance.now() - started) / 1000;
  if (!response.ok || body.imported !== count) throw new Error(`bench: the API imported ${body.imported} of ${count} rows (HTTP ${response.status})`);

  // the floor: the same rows already normalised, streamed by COPY with no validation at all
  const copySurvey = await seedSurvey(sql, userId, { title: 'bench import (COPY)' });
  const text = rows.map((r) => `${userId}\t${copySurvey}\t${r.name}\t${r.phone}\n`).join('');
  started = performance.now();
  const writable = await sql`copy contacts (user_id, survey_id, participant_name, phone_number) from stdin`.writable();
  await new Promise<void>((resolve, reject) => {
    writable.on('error', reject);
    writable.on('finish', () => resolve());
    writable.end(text);
  });
  const copySeconds = (performance.now() - started) / 1000;
  const [copied] = await sql<{ n: number }[]>`select count(*)::int as n from contacts where user_id = ${userId} and survey_id = ${copySurvey}`;
  if (copied!.n !== count) throw new Error(`bench: COPY wrote ${copied!.n} of ${count} rows`);

  return {
    rows: count,
    apiSeconds,
    copySeconds,
    apiRowsPerSecond: count / apiSeconds,
    copyRowsPerSecond: count / copySeconds,
    ratio: copySeconds / apiSeconds,
  };
}
