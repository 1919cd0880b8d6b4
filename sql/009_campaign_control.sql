-- Campaign control: pause/resume/cancel, calling hours, retry policy, retry from history, quotas.

-- Survey defaults a launch may override.
alter table surveys add column calling_hours jsonb;
alter table surveys add column retry_policy jsonb;

alter table campaigns drop constraint campaigns_status_check;
alter table campaigns add constraint campaigns_status_check check (status in
  ('launching', 'provisioning', 'running', 'paused', 'waiting', 'completed', 'failed', 'cancelled'));
drop index campaigns_one_live_per_survey;
-- one live campaign per survey, paused and waiting ones included
create unique index campaigns_one_live_per_survey on campaigns (survey_id)
  where status in ('launching', 'provisioning', 'running', 'paused', 'waiting');
alter table campaigns add column settings jsonb not null default '{}';
alter table campaigns add column contact_scope text not null default 'all'
  check (contact_scope in ('all', 'not_completed', 'retry'));
alter table campaigns add column parent_campaign_id uuid;
alter table campaigns add column pause_reason text;
alter table campaigns add column waiting_calls integer not null default 0;
alter table campaigns add column cancelled_calls integer not null default 0;
alter table campaigns add column estimated_spend numeric(12, 4) not null default 0;
alter table campaigns add foreign key (parent_campaign_id, user_id) references campaigns (id, user_id) on delete set null (parent_campaign_id);
-- retrying a campaign twice returns the one child campaign
create unique index campaigns_one_retry_per_parent on campaigns (parent_campaign_id) where parent_campaign_id is not null;

-- Every contact a campaign has touched: where it stands between runs of its call workflow. A contact
-- waiting for a retry, a callback or its calling hours has no running workflow and holds no call
-- slot; the campaign claims it back from here when it is due.
create table campaign_contacts (
  campaign_id uuid not null,
  contact_id uuid not null,
  user_id uuid not null,
  state text not null check (state in ('dialing', 'waiting', 'scheduled', 'finished', 'cancelled')),
  next_attempt_at timestamptz,
  wait_reason text check (wait_reason in ('retry', 'callback', 'calling_hours', 'infrastructure')),
  -- what the next run of the contact's workflow needs: attempts so far, budget used per outcome class
  history jsonb not null default '{}',
  final_outcome text,
  claim_token text,
  updated_at timestamptz not null default now(),
  primary key (campaign_id, contact_id),
  foreign key (campaign_id, user_id) references campaigns (id, user_id) on delete cascade,
  foreign key (contact_id, user_id) references contacts (id, user_id) on delete cascade
);
create index campaign_contacts_due_idx on campaign_contacts (campaign_id, next_attempt_at) where state = 'waiting';

alter table calls drop constraint calls_outcome_check;
alter table calls add constraint calls_outcome_check check (outcome in
  ('completed', 'no_answer', 'busy', 'voicemail', 'failed', 'hung_up_early', 'opted_out', 'declined',
   'callback_requested', 'cancelled'));
-- a failure that was ours or the carrier's (worker crash, no report, carrier 5xx): retried without
-- using the contact's attempts
alter table calls add column infrastructure_failure boolean not null default false;
