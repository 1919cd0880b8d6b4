-- Outcomes the conversation engine adds: the person declined this survey, or asked to be called back.
alter table calls drop constraint calls_outcome_check;
alter table calls add constraint calls_outcome_check check (outcome in
  ('completed', 'no_answer', 'busy', 'voicemail', 'failed', 'hung_up_early', 'opted_out', 'declined', 'callback_requested'));
alter table calls add column callback_at timestamptz;

-- What the agent does when a voicemail greeting answers: leave a short message or hang up.
alter table surveys add column voicemail_action text not null default 'leave_message'
  check (voicemail_action in ('leave_message', 'hang_up'));
