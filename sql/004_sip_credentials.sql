-- Per-user SIP credentials for the Twilio termination trunk; the password is encrypted (AES-256-GCM,
-- key from CREDENTIALS_KEY) and never leaves the service except to Twilio and LiveKit.
create table sip_credentials (
  user_id uuid primary key references users (id) on delete cascade,
  username text not null,
  password_encrypted text not null,
  twilio_trunk_sid text,
  termination_domain text,
  credential_list_sid text,
  created_at timestamptz not null default now()
);
