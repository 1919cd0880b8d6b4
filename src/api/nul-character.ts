/**
 * PostgreSQL's text and jsonb cannot hold U+0000: text carrying it fails in the database, which the
 * API would answer with a 500. Requests are checked for it at the edge instead (JSON bodies in
 * `jsonBody`, CSV in `csvUploadRows`, query strings in `query`) and refused with a 400 that names
 * where it is.
 */
export const NUL_MESSAGE = 'text may not contain the NUL character (U+0000)';

/** The dotted path of the first key or string holding U+0000 in a parsed JSON value ('' for the value itself), or null. */
export function nulCharacterPath(value: unknown, path: string[] = []): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path.join('.') : null;
  if (value === null || typeof value !== 'object') return null;
  for (const [key, item] of Object.entries(value)) {
    const at = [...path, key];
    if (key.includes('\u0000')) return at.join('.');
    const found = nulCharacterPath(item, at);
    if (found !== null) return found;
  }
  return null;
}

/** The 1-based line of the first U+0000 in a text, or null. */
export function nulCharacterLine(text: string): number | null {
  const index = text.indexOf('\u0000');
  return index === -1 ? null : text.slice(0, index).split('\n').length;
}
