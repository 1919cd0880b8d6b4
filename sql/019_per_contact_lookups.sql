-- Issue #13: before every call the dialer reads the contact's earlier calls and their answers
-- (src/responses/follow-up-answers.ts). Found through calls_contact_idx (contact_id) and the owner's
-- calls_by_user_created, PostgreSQL walked all of the owner's calls for each contact, so a campaign's
-- time per contact grew with the campaign (11 ms a call 9,000 calls in). Led by the contact and its
-- owner, this index finds a contact's calls alone, in order; it also serves the cascade from
-- contacts (contact_id, user_id) that calls_contact_idx served.
create index calls_by_contact on calls (contact_id, user_id, created_at);
drop index calls_contact_idx;
