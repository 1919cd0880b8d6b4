import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from 'zod';
import { logger } from '../observability/logger.ts';

/** The one error body of the API: `{ error: { code, message, details? } }`. */
export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

export const errorBodySchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});

export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const notFound = (what: string, id: string) => new ApiError(404, 'not_found', `${what} ${id} not found`);

/** zod issues as `{ path, message }` with dotted paths, for 400 bodies. */
export function issuesOf(error: z.ZodError) {
  return error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}

export function validationError(error: z.ZodError, where = 'body'): ApiError {
  return new ApiError(400, 'validation_failed', `invalid request ${where}`, issuesOf(error));
}

/** Maps every thrown thing to the error body; unknown errors are 500 without internals. */
export function handleError(error: unknown, c: Context): Response {
  if (error instanceof ApiError) return c.json(body(error.code, error.message, error.details), error.status);
  if (error instanceof z.ZodError) return c.json(body('validation_failed', 'invalid request', issuesOf(error)), 400);
  if (error instanceof HTTPException) {
    const code = error.status === 413 ? 'payload_too_large' : error.status === 401 ? 'unauthorized' : 'http_error';
    return c.json(body(code, error.message || 'request failed'), error.status);
  }
  // the path holds ids only (never a phone number or body); the stack goes with it
  logger.error({ err: error, method: c.req.method, path: c.req.path }, 'request failed');
  return c.json(body('internal_error', 'something went wrong on our side; it has been logged'), 500);
}

function body(code: string, message: string, details?: unknown): ErrorBody {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}
