import type { Sql } from '../db/client.ts';
import type { ImportResult, RowProblem } from './contact-schemas.ts';
import { normalizeContact, type NormalizedContact } from './normalize-contact.ts';

export interface UploadRow {
  line: number;
  data: unknown;
}

const MAX_REPORTED_ERRORS = 1_000;
const BATCH = 10_000;

/**
 * Validates every row, drops repeats, and inserts the good rows in batches inside one transaction
 * (numbers the survey already has are skipped by the unique index). In strict mode any bad row
 * imports nothing; the caller turns `rejected > 0` into a 400.
 */
export async function importContacts(
  sql: Sql,
  target: { userId: string; surveyId: string },
  rows: UploadRow[],
  options: { defaultCountry: string; strict: boolean },
): Promise<ImportResult> {
  const errors: RowProblem[] = [];
  const seen = new Set<string>();
  const good: NormalizedContact[] = [];
  let duplicates = 0;
  for (const { line, data } of rows) {
    const result = normalizeContact(data, options.defaultCountry);
    if (!result.ok) {
      errors.push({ line, reason: result.reason, ...(result.value ? { value: result.value } : {}) });
    } else if (seen.has(result.contact.phone_number)) {
      duplicates++;
    } else {
      seen.add(result.contact.phone_number);
      good.push(result.contact);
    }
  }
  const summary = {
    total_rows: rows.length,
    duplicates,
    rejected: errors.length,
    errors: errors.slice(0, MAX_REPORTED_ERRORS),
    errors_truncated: errors.length > MAX_REPORTED_ERRORS,
  };
  if (options.strict && errors.length > 0) return { ...summary, imported: 0, already_present: 0 };

  let imported = 0;
  await sql.begin(async (tx) => {
    for (let i = 0; i < good.length; i += BATCH) {
      const [row] = await tx<{ n: number }[]>`
        with inserted as (
          insert into contacts (user_id, survey_id, participant_name, phone_number, variables, time_zone)
          select ${target.userId}, ${target.surveyId}, r.participant_name, r.phone_number, coalesce(r.variables, '{}'), r.time_zone
          from jsonb_to_recordset(${tx.json(good.slice(i, i + BATCH) as never)})
            as r(participant_name text, phone_number text, variables jsonb, time_zone text)
          on conflict (survey_id, phone_number) do nothing
          returning 1
        )
        select count(*)::int as n from inserted`;
      imported += row!.n;
    }
  });
  return { ...summary, imported, already_present: good.length - imported };
}
