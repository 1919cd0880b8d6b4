import type { Context } from 'hono';
import type { z } from 'zod';
import { ApiError, validationError } from './errors.ts';
import { NUL_MESSAGE, nulCharacterPath } from './nul-character.ts';

/** Parses a JSON body with a schema: malformed JSON and schema failures are both 400s with details. */
export async function jsonBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  const type = c.req.header('content-type') ?? '';
  if (!type.includes('application/json')) {
    throw new ApiError(415, 'unsupported_media_type', 'send the body as application/json');
  }
  let raw: unknown;
  try {
    raw = await c.req.json();
  } catch {
    throw new ApiError(400, 'malformed_json', 'the request body is not valid JSON');
  }
  refuseNulCharacter(raw, 'body');
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw validationError(parsed.error);
  return parsed.data;
}

/** Parses the query string with a schema; a parameter holding U+0000 is refused as in bodies, known or not. */
export function query<S extends z.ZodType>(c: Context, schema: S): z.infer<S> {
  const raw = c.req.query();
  refuseNulCharacter(raw, 'query');
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw validationError(parsed.error, 'query');
  return parsed.data;
}

/** A 400 like a schema failure's (`validationError`), naming where the first U+0000 sits. */
function refuseNulCharacter(raw: unknown, where: 'body' | 'query'): void {
  const at = nulCharacterPath(raw);
  if (at !== null) throw new ApiError(400, 'validation_failed', `invalid request ${where}`, [{ path: at, message: NUL_MESSAGE }]);
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A path id: anything that is not a uuid cannot exist, so it is a 404 rather than a database error. */
export function idParam(c: Context, name: string, what: string): string {
  const id = c.req.param(name) ?? '';
  if (!uuidPattern.test(id)) throw new ApiError(404, 'not_found', `${what} ${id} not found`);
  return id.toLowerCase();
}

/** Like jsonBody, for endpoints whose body may be left out: no body parses as `{}`. */
export async function optionalJsonBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  const length = c.req.header('content-length');
  const hasBody = (length !== undefined && length !== '0') || c.req.header('transfer-encoding') !== undefined;
  if (!hasBody && !c.req.header('content-type')) {
    const parsed = schema.safeParse({});
    if (!parsed.success) throw validationError(parsed.error);
    return parsed.data;
  }
  return jsonBody(c, schema);
}
