-- Numbers imported from a CSV (issue #12) keep where they came from: source 'import'.
alter table do_not_call drop constraint do_not_call_source_check;
alter table do_not_call add constraint do_not_call_source_check check (source in ('call', 'inbound', 'api', 'import'));
