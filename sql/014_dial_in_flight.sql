-- "Dial started" as a durable fact (issue #8, part 2). Set when the attempt's row is written, before
-- the provider is asked; cleared when the provider answered (placed or refused). An attempt retried
-- while it is still set lost its worker mid-dial: the retry looks for the call at the provider
-- instead of ringing the contact again.
alter table calls add column dial_in_flight boolean not null default false;
