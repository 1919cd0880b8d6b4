-- Server-to-server API keys (issue #12). Only a hash of the key is kept: the key is shown once.
create table api_keys (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users (id) on delete cascade,
  name text not null,
  -- the first characters of the key, shown in lists so a user can tell keys apart
  prefix text not null,
  -- sha256 of the whole key: keys are 32 random bytes, so a fast hash is enough (no dictionary to guess from)
  key_hash bytea not null unique,
  scopes text[] not null check (scopes <@ array['read', 'write']::text[] and cardinality(scopes) > 0),
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);
create index api_keys_by_user on api_keys (user_id, created_at desc);
