-- Numbers a user's campaigns must never dial again: people who said "stop calling me" during a call,
-- or who called the number back and opted out.
create table do_not_call (
  user_id uuid not null references users (id) on delete cascade,
  phone_number text not null,
  source text not null check (source in ('call', 'inbound', 'api')),
  created_at timestamptz not null default now(),
  primary key (user_id, phone_number)
);
