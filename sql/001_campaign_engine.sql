-- Campaign engine schema. Every row carries user_id, and child tables reference their parent through
-- (id, user_id) pairs, so a row can never point at another tenant's data even if a query forgets a filter.

create table users (
  id uuid primary key default gen_random_uuid(),
  email text not null,
  name text,
  twilio_phone_number text,
  phone_number_sid text,
  phone_provisioned_at timestamptz,
  livekit_trunk_id text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index users_email_key on users (lower(email));

create table surveys (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users (id) on delete cascade,
  title text not null check (length(title) between 1 and 500),
  questionnaire jsonb not null default '[]',
  google_form_url text,
  voice_agent_tone text not null default 'friendly'
    check (voice_agent_tone in ('friendly', 'professional', 'casual')),
  voice_agent_voice text not null default 'alloy',
  voice_agent_instructions text,
  max_concurrent_calls integer check (max_concurrent_calls between 1 and 500),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (id, user_id)
);
create index surveys_user_idx on surveys (user_id, created_at desc);

create table contacts (
  id uuid primary key default gen_random_uuid(),
  -- dialing order and the keyset cursor the campaign pages through
  seq bigint generated always as identity,
  user_id uuid not null,
  survey_id uuid not null,
  participant_name text,
  phone_number text not null check (phone_number ~ '^\+[1-9][0-9]{6,14}$'),
  variables jsonb not null default '{}',
  time_zone text,
  created_at timestamptz not null default now(),
  foreign key (survey_id, user_id) references surveys (id, user_id) on delete cascade,
  unique (survey_id, phone_number),
  unique (id, user_id)
);
create index contacts_survey_seq_idx on contacts (survey_id, seq);

create table phone_numbers (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users (id) on delete cascade,
  phone_number text not null,
  provider text not null,
  provider_sid text not null,
  status text not null default 'active' check (status in ('active', 'released', 'suspended')),
  provisioned_at timestamptz not null default now(),
  released_at timestamptz
);
-- at most one active number per user: the guard that makes ensurePhoneNumber idempotent
create unique index phone_numbers_one_active_per_user on phone_numbers (user_id) where status = 'active';
create unique index phone_numbers_provider_sid_key on phone_numbers (provider, provider_sid);

create table sip_trunks (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users (id) on delete cascade,
  livekit_trunk_id text not null unique,
  trunk_name text not null,
  sip_address text not null,
  phone_number text not null,
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  deleted_at timestamptz
);
create unique index sip_trunks_one_live_per_user on sip_trunks (user_id) where deleted_at is null;

create table campaigns (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null,
  survey_id uuid not null,
  workflow_id text not null unique,
  status text not null default 'launching'
    check (status in ('launching', 'provisioning', 'running', 'completed', 'failed', 'cancelled')),
  phone_number text,
  test_mode boolean not null default false,
  max_concurrent_calls integer not null check (max_concurrent_calls between 1 and 500),
  total_contacts integer not null default 0,
  -- contacts up to this seq belong to the launch; rows added later wait for the next campaign
  contact_seq_limit bigint,
  completed_calls integer not null default 0,
  failed_calls integer not null default 0,
  outcome_counts jsonb not null default '{}',
  error text,
  created_at timestamptz not null default now(),
  started_at timestamptz,
  completed_at timestamptz,
  foreign key (survey_id, user_id) references surveys (id, user_id) on delete cascade,
  unique (id, user_id)
);
-- one live campaign per survey: a second launch finds the first instead of dialing everyone twice
create unique index campaigns_one_live_per_survey on campaigns (survey_id)
  where status in ('launching', 'provisioning', 'running');
create index campaigns_user_idx on campaigns (user_id, created_at desc);

create table calls (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null,
  campaign_id uuid not null,
  contact_id uuid not null,
  attempt integer not null check (attempt >= 1),
  provider text,
  room_name text,
  provider_call_id text,
  from_number text,
  to_number text not null,
  sip_status integer,
  outcome text check (outcome in
    ('completed', 'no_answer', 'busy', 'voicemail', 'failed', 'hung_up_early', 'opted_out')),
  error text,
  transcript jsonb,
  dial_requested_at timestamptz,
  dialed_at timestamptz,
  ended_at timestamptz,
  duration_seconds real,
  created_at timestamptz not null default now(),
  foreign key (campaign_id, user_id) references campaigns (id, user_id) on delete cascade,
  foreign key (contact_id, user_id) references contacts (id, user_id) on delete cascade,
  -- the idempotency key of a dial: one row per contact and attempt, whatever retries happen
  unique (campaign_id, contact_id, attempt),
  unique (id, user_id)
);
create index calls_contact_idx on calls (contact_id);

create table responses (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null,
  call_id uuid not null,
  survey_id uuid not null,
  contact_id uuid not null,
  question_id text not null,
  raw_answer text,
  mapped_value jsonb,
  confidence real check (confidence between 0 and 1),
  method text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  foreign key (call_id, user_id) references calls (id, user_id) on delete cascade,
  unique (call_id, question_id)
);
create index responses_survey_idx on responses (survey_id, contact_id);
