-- Unclear-answer review and the do-not-call list through the API (issue #12).
-- A person's answer (method 'manual') keeps who set it and when.
alter table responses add column reviewed_by uuid references users (id) on delete set null;
alter table responses add column reviewed_at timestamptz;
-- why a number is on the list, as the person adding it said
alter table do_not_call add column reason text;
create index responses_unclear on responses (user_id, survey_id, created_at) where method = 'unclear';
