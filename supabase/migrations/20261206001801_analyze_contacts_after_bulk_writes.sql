-- Fresh planner statistics after a bulk write. A 5,000-row import left public.contacts with the statistics of the
-- table before it until autovacuum's next analyze (up to a minute): searches planned for a small table took 4–14 s.
-- The app's role owns nothing, so it can't ANALYZE; this definer function does it for the contacts table only, and
-- the app calls it right after an import or a large bulk assign commits (lib/modules/crm/services/analyze.ts).
create or replace function private.analyze_contacts() returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  analyze public.contacts;
end;
$$;
revoke all on function private.analyze_contacts() from public;
grant execute on function private.analyze_contacts() to hearth_app;
