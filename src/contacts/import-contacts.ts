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
 * imports nothing; the caller turns `rejected > 0` into a 400. Otherwise validation and insertion
 * overlap: a batch goes to the database as soon as it is validated, and the next one is validated
 * while the database inserts it (two processes, two processors: a large upload takes about the
 * longer of the two instead of their sum).
 */
export async function importContacts(
  sql: Sql,
  target: { userId: string; surveyId: string },
  rows: UploadRow[],
  options: { defaultCountry: string; strict: boolean },
): Promise<ImportResult> {
  const errors: RowProblem[] = [];
  const seen = new Set<string>();
  let duplicates = 0;
  let good = 0;
  /** the rows that pass, a batch at a time, validated as they are asked for */
  function* validatedBatches(): Generator<NormalizedContact[]> {
    for (let from = 0; from < rows.length; from += BATCH) {
      const batch: NormalizedContact[] = [];
      for (const { line, data } of rows.slice(from, from + BATCH)) {
        const result = normalizeContact(data, options.defaultCountry);
        if (!result.ok) {
          errors.push({ line, reason: result.reason, ...(result.value ? { value: result.value } : {}) });
        } else if (seen.has(result.contact.phone_number)) {
          duplicates++;
        } else {
          seen.add(result.contact.phone_number);
          batch.push(result.contact);
        }
      }
      good += batch.length;
      if (batch.length > 0) yield batch;
    }
  }
  const summary = () => ({
    total_rows: rows.length,
    duplicates,
    rejected: errors.length,
    errors: errors.slice(0, MAX_REPORTED_ERRORS),
    errors_truncated: errors.length > MAX_REPORTED_ERRORS,
  });

  // strict: every row is checked before anything is stored, so the report lists every problem
  const batches = options.strict ? [...validatedBatches()] : validatedBatches();
  if (options.strict && errors.length > 0) return { ...summary(), imported: 0, already_present: 0 };

  let imported = 0;
  await sql.begin(async (tx) => {
    let inserting: Promise<{ n: number }[]> | null = null;
    for (const batch of batches) {
      // sent now (postgres.js waits for an await otherwise), counted once the next batch is validated
      const sent = tx<{ n: number }[]>`
        with inserted as (
          insert into contacts (user_id, survey_id, participant_name, phone_number, variables, time_zone)
          select ${target.userId}, ${target.surveyId}, r.participant_name, r.phone_number, coalesce(r.variables, '{}'), r.time_zone
          from jsonb_to_recordset(${tx.json(batch as never)})
            as r(participant_name text, phone_number text, variables jsonb, time_zone text)
          on conflict (survey_id, phone_number) do nothing
          returning 1
        )
        select count(*)::int as n from inserted`.execute();
      // a failure surfaces where it is awaited; one behind a failed batch is only the aborted transaction's echo
      sent.catch(() => undefined);
      if (inserting) imported += (await inserting)[0]!.n;
      inserting = sent;
    }
    if (inserting) imported += (await inserting)[0]!.n;
  });
  return { ...summary(), imported, already_present: good - imported };
}
