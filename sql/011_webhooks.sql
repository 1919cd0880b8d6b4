-- Signed event webhooks (issue #12): endpoints, the events the engine recorded, one delivery per
-- endpoint and event (a redelivery is a new row pointing at the first).

create table webhook_endpoints (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users (id) on delete cascade,
  url text not null,
  description text,
  events text[] not null check (cardinality(events) > 0),
  -- signing secrets sealed with the service key (AES-GCM); the previous one stays valid until it expires
  secret_sealed text not null,
  previous_secret_sealed text,
  previous_secret_expires_at timestamptz,
  enabled boolean not null default true,
  disabled_reason text,
  disabled_at timestamptz,
  -- first failure of the current run of failures; cleared by a success
  failing_since timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (id, user_id)
);
create index webhook_endpoints_by_user on webhook_endpoints (user_id, created_at);

create table webhook_events (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users (id) on delete cascade,
  type text not null,
  -- what the event is about, once: a retried activity records the same event again as a no-op
  dedupe_key text not null,
  payload jsonb not null,
  created_at timestamptz not null default now(),
  unique (user_id, dedupe_key),
  unique (id, user_id)
);

create table webhook_deliveries (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null,
  endpoint_id uuid not null,
  event_id uuid not null,
  redelivery_of uuid references webhook_deliveries (id) on delete set null,
  status text not null default 'pending' check (status in ('pending', 'succeeded', 'failed')),
  attempts integer not null default 0,
  last_status_code integer,
  last_error text,
  last_latency_ms integer,
  -- set once its delivery workflow was started (the outbox: events are recorded in the engine's
  -- transaction, workflows started after it commits, and started again if that was lost)
  workflow_started_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  delivered_at timestamptz,
  foreign key (endpoint_id, user_id) references webhook_endpoints (id, user_id) on delete cascade,
  foreign key (event_id, user_id) references webhook_events (id, user_id) on delete cascade
);
create index webhook_deliveries_by_endpoint on webhook_deliveries (endpoint_id, created_at desc);
create index webhook_deliveries_unstarted on webhook_deliveries (user_id) where workflow_started_at is null;
