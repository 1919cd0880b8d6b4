-- Optionally write mapped answers back to the survey's Google Form (off by default, per survey).
alter table surveys add column submit_to_google_form boolean not null default false;
alter table calls add column google_form_submitted_at timestamptz;
