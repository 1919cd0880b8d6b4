import type { Context } from 'hono';
import { CsvFormatError, parseContactsCsv, type CsvRow } from '../contacts/parse-csv.ts';
import { ApiError } from './errors.ts';
import { NUL_MESSAGE, nulCharacterLine } from './nul-character.ts';

/** The CSV of a text/csv body or of a multipart form's `file` field; null for any other content type. */
export async function readCsvUpload(c: Context): Promise<string | null> {
  const contentType = c.req.header('content-type') ?? '';
  if (contentType.includes('text/csv')) return c.req.text();
  if (!contentType.includes('multipart/form-data')) return null;
  let form: FormData;
  try {
    form = await c.req.raw.formData();
  } catch {
    throw new ApiError(400, 'malformed_multipart', 'the multipart body could not be read');
  }
  const file = form.get('file');
  if (!(file instanceof Blob)) throw new ApiError(400, 'missing_file', 'attach the CSV as a form field named "file"');
  return file.text();
}

/** Rows of an uploaded CSV with a phone column, each with its file line; format errors are 400s. */
export function csvUploadRows(text: string, maxRows: number, what: string): CsvRow[] {
  const nulLine = nulCharacterLine(text);
  if (nulLine !== null) throw new ApiError(400, 'malformed_csv', `line ${nulLine}: ${NUL_MESSAGE}`, { line: nulLine });
  try {
    const rows = parseContactsCsv(text);
    if (rows.length === 0) throw new ApiError(400, 'empty_csv', 'the CSV has a header but no rows');
    if (rows.length > maxRows) throw new ApiError(413, 'too_many_rows', `at most ${maxRows.toLocaleString('en-US')} ${what} per upload`);
    return rows;
  } catch (error) {
    if (error instanceof CsvFormatError) {
      throw new ApiError(400, 'malformed_csv', error.message, error.line ? { line: error.line } : undefined);
    }
    throw error;
  }
}
