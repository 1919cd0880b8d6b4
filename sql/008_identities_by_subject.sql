-- Sign-in identities keyed by what the provider guarantees is stable and unique: provider + issuer
-- (Google's issuer, Microsoft's tenant id) + subject (Google `sub`, Microsoft `oid`). Email is a
-- claim a Microsoft tenant admin can set to anything, so it no longer identifies anyone: users.email
-- stops being unique, and an identity joins an existing account by email only when the provider
-- asserts the email is verified (identities.email_verified).
create table user_identities (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users (id) on delete cascade,
  provider text not null check (provider in ('google', 'microsoft', 'dev')),
  issuer text not null,
  subject text not null,
  email text not null,
  email_verified boolean not null default false,
  created_at timestamptz not null default now(),
  last_sign_in_at timestamptz not null default now(),
  unique (provider, issuer, subject)
);
create index user_identities_user_idx on user_identities (user_id);
create index user_identities_verified_email_idx on user_identities (lower(email)) where email_verified;

-- Google accounts were only ever admitted with a verified email and `sub` is global.
insert into user_identities (user_id, provider, issuer, subject, email, email_verified)
select id, 'google', 'https://accounts.google.com', auth_subject, email, true
from users where auth_provider = 'google' and auth_subject is not null;
-- Microsoft accounts were keyed by `sub` without the tenant: kept as 'legacy' until their next
-- sign-in upgrades them to tenant + object id; their email never counts as verified.
insert into user_identities (user_id, provider, issuer, subject, email, email_verified)
select id, 'microsoft', 'legacy', auth_subject, email, false
from users where auth_provider = 'microsoft' and auth_subject is not null;
-- Dev sign-ins are keyed by the email typed in, and never verified.
insert into user_identities (user_id, provider, issuer, subject, email, email_verified)
select id, 'dev', 'dev', lower(email), email, false
from users where auth_provider = 'dev' or auth_provider is null;

drop index users_identity_key;
drop index users_email_key;
alter table users drop column auth_provider;
alter table users drop column auth_subject;
create index users_email_idx on users (lower(email));
