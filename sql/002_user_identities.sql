-- Who signed in through which identity provider; the subject is the provider's stable user id.
alter table users add column auth_provider text;
alter table users add column auth_subject text;
create unique index users_identity_key on users (auth_provider, auth_subject) where auth_subject is not null;
