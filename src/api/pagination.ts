import { z } from 'zod';

export const pageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

const CURSOR_HINT = 'use the next_cursor of the previous page';
/** PostgreSQL's bigint: a longer number would reach the database and fail there (a 500, not a 400). */
const MAX_BIGINT = 2n ** 63n - 1n;

/** Keyset pages for long lists (contacts, calls, responses): pass next_cursor back as cursor. */
export const cursorQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(1_000).default(100),
  cursor: z
    .string()
    .regex(/^\d{1,19}$/, CURSOR_HINT)
    // zod runs every check even after the regex fails: only digits reach BigInt (anything else threw, a 500)
    .refine((v) => !/^\d+$/.test(v) || BigInt(v) <= MAX_BIGINT, CURSOR_HINT)
    .optional(),
});

/**
 * A keyset cursor of a time and an id: `<microseconds since the epoch>.<uuid>`. Sixteen digits reach
 * the year 2286, far inside timestamptz; more would overflow in the database.
 */
export const timeIdCursorSchema = z
  .string()
  .regex(/^\d{1,16}\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, CURSOR_HINT);

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), total: z.number(), limit: z.number(), offset: z.number() });

export const cursorPageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), next_cursor: z.string().nullable() });
