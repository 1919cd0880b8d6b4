-- Recordings (issue #12): a survey may record its calls; the carrier's recording is found after the
-- call and linked here. Deleting the link (a contact or survey erased, the retention period over)
-- queues the recording's deletion at the provider (recordings never linked are not: see the README).
alter table surveys add column record_calls boolean not null default false;

create table call_recordings (
  call_id uuid primary key,
  user_id uuid not null,
  provider text not null,
  provider_recording_sid text not null,
  provider_call_sid text,
  duration_seconds integer,
  channels integer not null default 1,
  started_at timestamptz,
  created_at timestamptz not null default now(),
  foreign key (call_id, user_id) references calls (id, user_id) on delete cascade,
  unique (provider, provider_recording_sid)
);
create index call_recordings_user on call_recordings (user_id);

-- how often the upkeep has looked for a call's recording (it gives up after a few looks)
alter table calls add column recording_lookups smallint not null default 0;
create index calls_awaiting_recording on calls (ended_at) where recording_lookups < 5 and duration_seconds > 0;

-- recordings to delete at the provider: an outbox the upkeep drains
create table recording_deletions (
  id bigint generated always as identity primary key,
  provider text not null,
  provider_recording_sid text not null,
  requested_at timestamptz not null default now(),
  attempts integer not null default 0,
  last_error text
);

create function queue_recording_deletion() returns trigger language plpgsql as $$
begin
  insert into recording_deletions (provider, provider_recording_sid) values (old.provider, old.provider_recording_sid);
  return old;
end $$;

create trigger call_recordings_deleted after delete on call_recordings
  for each row execute function queue_recording_deletion();
