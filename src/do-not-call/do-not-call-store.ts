import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { z } from 'zod';
import type { Sql } from '../db/client.ts';

export const doNotCallAddSchema = z.object({
  phone_number: z.string().min(3).max(40),
  reason: z.string().trim().max(500).optional(),
});

/** E.164, as contacts are stored, so the dial-time check matches; null if not a valid number. */
export function normalizePhone(raw: string, defaultCountry: string): string | null {
  const phone = parsePhoneNumberFromString(raw, defaultCountry as CountryCode);
  return phone?.isValid() ? phone.number : null;
}

export async function listDoNotCall(sql: Sql, userId: string, limit: number, after?: string) {
  return sql`
    select phone_number, source, reason, created_at from do_not_call
    where user_id = ${userId} ${after ? sql`and phone_number > ${after}` : sql``}
    order by phone_number limit ${limit}`;
}

/** Adds a number (source `api`); a number already listed keeps its first source and reason. */
export async function addDoNotCall(sql: Sql, userId: string, phone: string, reason: string | null) {
  const [row] = await sql`
    insert into do_not_call (user_id, phone_number, source, reason) values (${userId}, ${phone}, 'api', ${reason})
    on conflict (user_id, phone_number) do update set phone_number = excluded.phone_number
    returning phone_number, source, reason, created_at, (xmax = 0) as created`;
  return row!;
}

export async function removeDoNotCall(sql: Sql, userId: string, phone: string): Promise<boolean> {
  const [row] = await sql`delete from do_not_call where user_id = ${userId} and phone_number = ${phone} returning phone_number`;
  return Boolean(row);
}

/** Adds many numbers (source `import`) in one statement; listed ones keep their first source and reason. Returns how many were new. */
export async function importDoNotCall(sql: Sql, userId: string, entries: { phone: string; reason: string | null }[]): Promise<number> {
  if (entries.length === 0) return 0;
  const rows = await sql`
    insert into do_not_call (user_id, phone_number, source, reason)
    select ${userId}, e.phone, 'import', e.reason
    from unnest(${entries.map((e) => e.phone)}::text[], ${entries.map((e) => e.reason)}::text[]) as e (phone, reason)
    on conflict (user_id, phone_number) do nothing
    returning phone_number`;
  return rows.length;
}
