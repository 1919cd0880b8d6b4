import { z } from 'zod';
import type { Sql } from '../db/client.ts';

/** Every calling number a user has had, newest first: the one in use and those released. */
export const phoneNumberHistorySchema = z.object({
  items: z.array(
    z.object({
      phone_number: z.string(),
      provider: z.string(),
      status: z.enum(['active', 'released', 'suspended']),
      provisioned_at: z.iso.datetime(),
      released_at: z.iso.datetime().nullable(),
    }),
  ),
});

/** At most this many rows: a user gets a new number only by releasing one, which takes a person's click. */
const HISTORY_LIMIT = 100;

export async function phoneNumberHistory(sql: Sql, userId: string): Promise<z.infer<typeof phoneNumberHistorySchema>> {
  const rows = await sql<{ phone_number: string; provider: string; status: 'active' | 'released' | 'suspended'; provisioned_at: Date; released_at: Date | null }[]>`
    select phone_number, provider, status, provisioned_at, released_at from phone_numbers
    where user_id = ${userId} order by provisioned_at desc, id limit ${HISTORY_LIMIT}`;
  return {
    items: rows.map((r) => ({ ...r, provisioned_at: r.provisioned_at.toISOString(), released_at: r.released_at?.toISOString() ?? null })),
  };
}
