import { CsvError, parse } from 'csv-parse/sync';
import { MAX_CONTACT_COLUMNS, MAX_CSV_RECORD_CHARS } from './contact-schemas.ts';

/** A CSV record keyed by our field names, with the file line it started on. */
export interface CsvRow {
  line: number;
  record: Record<string, string>;
}

export class CsvFormatError extends Error {
  constructor(message: string, readonly line: number | undefined) {
    super(message);
    this.name = 'CsvFormatError';
  }
}

const aliases: Record<string, string> = {
  phone: 'phone_number',
  phonenumber: 'phone_number',
  phone_number: 'phone_number',
  mobile: 'phone_number',
  cell: 'phone_number',
  telephone: 'phone_number',
  number: 'phone_number',
  name: 'participant_name',
  full_name: 'participant_name',
  participant: 'participant_name',
  participant_name: 'participant_name',
  time_zone: 'time_zone',
  timezone: 'time_zone',
  tz: 'time_zone',
};

/** "Phone Number" → phone_number; unknown headers keep their own snake_case name as variables. */
export function headerKey(header: string): string {
  const key = header.trim().toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '');
  const compact = key.replace(/_/g, '');
  // own keys only: a "constructor" column is a variable, not Object.prototype's constructor
  return Object.hasOwn(aliases, key) ? aliases[key]! : Object.hasOwn(aliases, compact) ? aliases[compact]! : key;
}

export function parseContactsCsv(text: string): CsvRow[] {
  let rows: { record: Record<string, string>; info: { lines: number } }[];
  try {
    rows = parse(text, {
      bom: true,
      columns: (headers: string[]) => {
        if (headers.length > MAX_CONTACT_COLUMNS) {
          throw new CsvFormatError(`the header row has ${headers.length} columns; at most ${MAX_CONTACT_COLUMNS} are accepted`, 1);
        }
        const keys = headers.map(headerKey);
        if (!keys.includes('phone_number')) {
          throw new CsvFormatError('the header row needs a phone column (phone_number, phone, mobile, …)', 1);
        }
        return keys.map((k, i) => k || `column_${i + 1}`);
      },
      skip_empty_lines: true,
      trim: true,
      relax_column_count: true,
      // bounds one record's memory whatever its column count (rows wider than the header are cut to it)
      max_record_size: MAX_CSV_RECORD_CHARS,
      info: true,
    });
  } catch (error) {
    if (error instanceof CsvFormatError) throw error;
    if (error instanceof CsvError) throw new CsvFormatError(error.message, (error as CsvError & { lines?: number }).lines);
    throw error;
  }
  return rows.map(({ record, info }) => {
    const row: Record<string, string> = {};
    // first and last name columns make a name when there is no name column
    const { first_name, last_name, ...rest } = record;
    Object.assign(row, rest);
    if (!row.participant_name && (first_name || last_name)) row.participant_name = [first_name, last_name].filter(Boolean).join(' ');
    for (const [k, v] of Object.entries(row)) if (v === '' && k !== 'phone_number') delete row[k];
    return { line: info.lines, record: row };
  });
}
