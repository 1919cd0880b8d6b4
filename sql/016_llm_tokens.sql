-- LLM tokens per call (issue #12): the agent's rephrasing during the call and the answer mapper's
-- remapping after it add what the API's `usage` field reported. Null: nothing reported for the call
-- (calls from before this, simulated calls the mapper never saw), priced per connected call instead.
alter table calls add column llm_input_tokens integer check (llm_input_tokens >= 0);
alter table calls add column llm_output_tokens integer check (llm_output_tokens >= 0);

-- the view gains the token columns at its end (create or replace keeps the columns before them)
create or replace view call_usage as
select
  c.id as call_id, c.user_id, c.campaign_id, c.contact_id, c.outcome, c.created_at,
  greatest(0, coalesce(extract(epoch from (c.dialed_at - c.dial_requested_at)), 0))::float8 as ring_seconds,
  greatest(0, coalesce(c.duration_seconds, 0))::float8 as talk_seconds,
  ceil(greatest(0, coalesce(c.duration_seconds, 0)) / 60.0)::int as carrier_minutes,
  (greatest(0, coalesce(c.duration_seconds, 0)) / 60.0)::float8 as agent_minutes,
  c.llm_input_tokens, c.llm_output_tokens
from calls c;
