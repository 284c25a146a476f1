-- An organization with members always keeps at least one accepted OWNER. The app checks this with the
-- owner rows locked; this trigger is the last line for any other path.
create or replace function private.ensure_owner_remains() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_org uuid := old.organization_id;
begin
  if exists (select 1 from public.organization_members m where m.organization_id = v_org)
     and not exists (
       select 1 from public.organization_members m
        where m.organization_id = v_org and m.role = 'OWNER' and m.accepted_at is not null
     ) then
    raise exception 'organization % must keep at least one owner', v_org using errcode = '23514';
  end if;
  return null;
end;
$$;
revoke all on function private.ensure_owner_remains() from public;

drop trigger if exists organization_members_keep_owner on public.organization_members;
create constraint trigger organization_members_keep_owner
  after update of role, accepted_at or delete on public.organization_members
  deferrable initially deferred
  for each row execute function private.ensure_owner_remains();
