import { createHash, randomBytes } from 'node:crypto';
import type { Sql } from '../db/client.ts';
import type { ApiKeyScope } from './api-key-schemas.ts';

/** Recognisable by secret scanners (GitHub push protection, gitleaks) when a key leaks. */
export const API_KEY_PREFIX = 'sd_live_';
/** Characters of the key kept in clear for lists: the prefix and 8 random characters. */
const SHOWN_CHARS = API_KEY_PREFIX.length + 8;

const hashOf = (key: string) => createHash('sha256').update(key).digest();

export const isApiKey = (token: string) => token.startsWith(API_KEY_PREFIX);

interface ApiKeyRow {
  id: string;
  name: string;
  prefix: string;
  scopes: ApiKeyScope[];
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

function present(row: ApiKeyRow) {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: row.scopes,
    created_at: row.created_at.toISOString(),
    last_used_at: row.last_used_at?.toISOString() ?? null,
    revoked_at: row.revoked_at?.toISOString() ?? null,
  };
}

export async function createApiKey(sql: Sql, userId: string, input: { name: string; scopes: ApiKeyScope[] }) {
  const key = API_KEY_PREFIX + randomBytes(32).toString('base64url');
  const scopes = [...new Set(input.scopes)];
  const [row] = await sql<ApiKeyRow[]>`
    insert into api_keys (user_id, name, prefix, key_hash, scopes)
    values (${userId}, ${input.name}, ${key.slice(0, SHOWN_CHARS)}, ${hashOf(key)}, ${scopes})
    returning id, name, prefix, scopes, created_at, last_used_at, revoked_at`;
  return { ...present(row!), key };
}

export async function listApiKeys(sql: Sql, userId: string) {
  const rows = await sql<ApiKeyRow[]>`
    select id, name, prefix, scopes, created_at, last_used_at, revoked_at from api_keys where user_id = ${userId} order by created_at desc, id`;
  return rows.map(present);
}

/** Revokes at once: the next request with the key is refused. False when the user has no such key. */
export async function revokeApiKey(sql: Sql, userId: string, id: string): Promise<boolean> {
  const [row] = await sql`
    update api_keys set revoked_at = coalesce(revoked_at, now()) where id = ${id} and user_id = ${userId} returning id`;
  return Boolean(row);
}

/** The key's owner and scopes, or null for an unknown or revoked key; notes when it was last used. */
export async function authenticateApiKey(sql: Sql, key: string): Promise<{ userId: string; email: string; scopes: ApiKeyScope[] } | null> {
  const [row] = await sql<{ id: string; user_id: string; email: string; scopes: ApiKeyScope[] }[]>`
    select k.id, k.user_id, u.email, k.scopes from api_keys k join users u on u.id = k.user_id
    where k.key_hash = ${hashOf(key)} and k.revoked_at is null`;
  if (!row) return null;
  // at most one write a minute per key: a busy integration should not turn every read into a write
  await sql`
    update api_keys set last_used_at = now()
    where id = ${row.id} and (last_used_at is null or last_used_at < now() - interval '1 minute')`;
  return { userId: row.user_id, email: row.email, scopes: row.scopes };
}
