import { Hono } from 'hono';
import { z } from 'zod';
import type { AuthEnv } from '../auth/require-user.ts';
import type { AppDeps } from '../deps.ts';
import { ApiError } from '../errors.ts';
import { jsonBody, query } from '../validate.ts';
import { addDoNotCall, doNotCallAddSchema, importDoNotCall, listDoNotCall, normalizePhone, removeDoNotCall } from '../../do-not-call/do-not-call-store.ts';
import { csvUploadRows, readCsvUpload } from '../csv-upload.ts';

const MAX_IMPORT_ROWS = 200_000;

export const doNotCallQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  /**
   * the last phone_number of the previous page: listed numbers are E.164, so only that shape can be a
   * cursor (anything else reached the database; a NUL byte there was a 500, found by the route fuzz)
   */
  after: z.string().regex(/^\+\d{1,15}$/, 'use the next_after of the previous page').optional(),
});

export function doNotCallRoutes({ sql, config }: AppDeps) {
  const app = new Hono<AuthEnv>();
  const phoneOf = (raw: string) => {
    const phone = normalizePhone(raw, config.contacts.defaultCountry);
    if (!phone) throw new ApiError(400, 'validation_failed', 'invalid request', [{ path: 'phone_number', message: `not a valid phone number (default country ${config.contacts.defaultCountry})` }]);
    return phone;
  };

  app.get('/', async (c) => {
    const q = query(c, doNotCallQuerySchema);
    const items = await listDoNotCall(sql, c.var.user.id, q.limit, q.after);
    return c.json({ items, next_after: items.length === q.limit ? (items.at(-1)!.phone_number as string) : null });
  });

  app.post('/', async (c) => {
    const body = await jsonBody(c, doNotCallAddSchema);
    const { created, ...row } = await addDoNotCall(sql, c.var.user.id, phoneOf(body.phone_number), body.reason ?? null);
    return c.json(row, created ? 201 : 200);
  });

  /** A CSV with a phone column (and an optional reason column); bad rows are reported by line, the rest added. */
  app.post('/import', async (c) => {
    const csv = await readCsvUpload(c);
    if (csv === null) throw new ApiError(415, 'unsupported_media_type', 'send text/csv or multipart/form-data');
    const rows = csvUploadRows(csv, MAX_IMPORT_ROWS, 'numbers');
    const rejected: { line: number; reason: string; value: string }[] = [];
    const entries = new Map<string, string | null>();
    for (const { line, record } of rows) {
      const raw = record.phone_number ?? '';
      const phone = normalizePhone(raw, config.contacts.defaultCountry);
      const reason = record.reason?.slice(0, 500) || null;
      if (!phone) rejected.push({ line, reason: `not a valid phone number (default country ${config.contacts.defaultCountry})`, value: raw.slice(0, 100) });
      else if (!entries.has(phone)) entries.set(phone, reason);
    }
    const imported = await importDoNotCall(sql, c.var.user.id, [...entries].map(([phone, reason]) => ({ phone, reason })));
    return c.json({ imported, already_listed: entries.size - imported, rejected }, imported > 0 ? 201 : 200);
  });

  app.delete('/:phone', async (c) => {
    // Hono has decoded the parameter: decoding it again would misread a literal % (and throw on one)
    const phone = phoneOf(c.req.param('phone'));
    if (!(await removeDoNotCall(sql, c.var.user.id, phone))) throw new ApiError(404, 'not_found', `${phone} is not on the do-not-call list`);
    return c.body(null, 204);
  });
  return app;
}
