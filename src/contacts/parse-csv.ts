import { CsvError, parse } from 'csv-parse/sync';

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
  return aliases[key] ?? aliases[key.replace(/_/g, '')] ?? key;
}

export function parseContactsCsv(text: string): CsvRow[] {
  let rows: { record: Record<string, string>; info: { lines: number } }[];
  try {
    rows = parse(text, {
      bom: true,
      columns: (headers: string[]) => {
        const keys = headers.map(headerKey);
        if (!keys.includes('phone_number')) {
          throw new CsvFormatError('the header row needs a phone column (phone_number, phone, mobile, …)', 1);
        }
        return keys.map((k, i) => k || `column_${i + 1}`);
      },
      skip_empty_lines: true,
      trim: true,
      relax_column_count: true,
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
