-- Retention (issue #12): a survey's retention_days, after which its calls' recordings, transcripts
-- and raw answer words are erased; mapped answers, outcomes and counts stay. Null: kept until deleted.
alter table surveys add column retention_days integer check (retention_days between 1 and 3650);
alter table calls add column personal_data_erased_at timestamptz;
create index calls_not_erased on calls (coalesce(ended_at, created_at)) where personal_data_erased_at is null;
