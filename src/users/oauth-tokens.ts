import type { SecretBox } from '../crypto/secret-box.ts';
import type { Sql } from '../db/client.ts';

export interface ProviderTokens {
  accessToken: string;
  refreshToken: string | null;
  scope: string;
  expiresInSeconds: number;
}

/** Keeps the refresh token Google sent before when a later sign-in omits it (it usually does). */
export async function saveTokens(sql: Sql, box: SecretBox, userId: string, provider: string, tokens: ProviderTokens): Promise<void> {
  await sql`
    insert into oauth_tokens (user_id, provider, access_token_sealed, refresh_token_sealed, scope, expires_at)
    values (${userId}, ${provider}, ${box.seal(tokens.accessToken)}, ${tokens.refreshToken ? box.seal(tokens.refreshToken) : null},
            ${tokens.scope}, now() + make_interval(secs => ${tokens.expiresInSeconds}))
    on conflict (user_id, provider) do update set
      access_token_sealed = excluded.access_token_sealed,
      refresh_token_sealed = coalesce(excluded.refresh_token_sealed, oauth_tokens.refresh_token_sealed),
      scope = excluded.scope, expires_at = excluded.expires_at, updated_at = now()`;
}

/**
 * A usable access token with `scope`, refreshed when it is about to expire; null when the user never
 * granted that scope (or the grant was revoked).
 */
export async function accessTokenFor(
  sql: Sql,
  box: SecretBox,
  userId: string,
  provider: string,
  scope: string,
  refresh: (refreshToken: string) => Promise<ProviderTokens>,
): Promise<string | null> {
  const [row] = await sql<{ access_token_sealed: string; refresh_token_sealed: string | null; scope: string; fresh: boolean }[]>`
    select access_token_sealed, refresh_token_sealed, scope, expires_at > now() + interval '60 seconds' as fresh
    from oauth_tokens where user_id = ${userId} and provider = ${provider}`;
  if (!row || !row.scope.split(' ').includes(scope)) return null;
  if (row.fresh) return box.open(row.access_token_sealed);
  if (!row.refresh_token_sealed) return null;
  const renewed = await refresh(box.open(row.refresh_token_sealed));
  await saveTokens(sql, box, userId, provider, { ...renewed, scope: renewed.scope || row.scope });
  return renewed.accessToken;
}
