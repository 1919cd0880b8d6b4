-- Tokens a user's sign-in granted for calling the provider's APIs on their behalf (the Google Forms
-- API for private forms); sealed at rest like the SIP credentials.
create table oauth_tokens (
  user_id uuid not null references users (id) on delete cascade,
  provider text not null,
  access_token_sealed text not null,
  refresh_token_sealed text,
  scope text not null default '',
  expires_at timestamptz not null,
  updated_at timestamptz not null default now(),
  primary key (user_id, provider)
);
