import type { Sql } from '../db/client.ts';

export interface Identity {
  email: string;
  name?: string | null;
  /** 'google' | 'microsoft' | 'dev' */
  provider: string;
  /** the provider's stable id for the person; null for dev sign-in */
  subject: string | null;
}

/**
 * Finds the user by provider identity, else by email (the same person signing in with a second
 * provider), else creates one. Returns the user id.
 */
export async function upsertUser(sql: Sql, identity: Identity): Promise<{ id: string; email: string }> {
  return sql.begin(async (tx) => {
    if (identity.subject) {
      const [known] = await tx<{ id: string; email: string }[]>`
        update users set name = coalesce(${identity.name ?? null}, name), updated_at = now()
        where auth_provider = ${identity.provider} and auth_subject = ${identity.subject}
        returning id, email`;
      if (known) return known;
    }
    const [user] = await tx<{ id: string; email: string }[]>`
      insert into users (email, name, auth_provider, auth_subject)
      values (${identity.email}, ${identity.name ?? null}, ${identity.provider}, ${identity.subject})
      on conflict (lower(email)) do update set
        name = coalesce(excluded.name, users.name),
        auth_provider = coalesce(users.auth_provider, excluded.auth_provider),
        auth_subject = coalesce(users.auth_subject, excluded.auth_subject),
        updated_at = now()
      returning id, email`;
    return user!;
  });
}
