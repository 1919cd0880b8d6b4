-- Usage per call (issue #12), derived from what the engine records: one definition for the usage
-- report, campaign costs and the analytics that come later.
create view call_usage as
select
  c.id as call_id, c.user_id, c.campaign_id, c.contact_id, c.outcome, c.created_at,
  -- the dial activity returns once the call is answered or given up: the time in between rang
  greatest(0, coalesce(extract(epoch from (c.dialed_at - c.dial_requested_at)), 0))::float8 as ring_seconds,
  greatest(0, coalesce(c.duration_seconds, 0))::float8 as talk_seconds,
  -- the carrier bills every started minute of a connected call
  ceil(greatest(0, coalesce(c.duration_seconds, 0)) / 60.0)::int as carrier_minutes,
  -- the agent (speech-to-text, text-to-speech) runs while the call is connected
  (greatest(0, coalesce(c.duration_seconds, 0)) / 60.0)::float8 as agent_minutes
from calls c;

create index calls_by_user_created on calls (user_id, created_at);
