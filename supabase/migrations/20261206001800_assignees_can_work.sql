-- Assignees do the work: a contact, deal or task is assigned only to a joined, unsuspended member who isn't a
-- viewer (viewers can read but change nothing, so work given to them could never be done). A loop's teammate
-- (loop_participants.user_id) may still be any joined, unsuspended member. The trigger function now takes a second
-- argument, 'work', on the tables whose column assigns work. Rows already assigned to a viewer stay as they are
-- (the trigger fires only when the assignee is set or changed); reassigning them needs someone who can work.

create or replace function private.can_be_assigned(p_organization_id uuid, p_user_id uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select private.is_active_member(p_organization_id, p_user_id) and exists (
    select 1 from public.organization_members m
     where m.organization_id = p_organization_id and m.user_id = p_user_id and m.role <> 'VIEWER'
  )
$$;
revoke all on function private.can_be_assigned(uuid, uuid) from public;
grant execute on function private.can_be_assigned(uuid, uuid) to hearth_app;

create or replace function private.assert_assignee_is_member() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_new uuid := to_jsonb(new) ->> tg_argv[0];
  v_work boolean := tg_nargs > 1 and tg_argv[1] = 'work';
begin
  if v_new is null or (tg_op = 'UPDATE' and v_new is not distinct from (to_jsonb(old) ->> tg_argv[0])::uuid) then
    return new;
  end if;
  if not private.is_active_member(new.organization_id, v_new) then
    raise exception 'the assignee is not a member of this organization' using errcode = '23503';
  end if;
  if v_work and not private.can_be_assigned(new.organization_id, v_new) then
    raise exception 'the assignee is a viewer and cannot be assigned work' using errcode = '23503';
  end if;
  return new;
end;
$$;
revoke all on function private.assert_assignee_is_member() from public;

drop trigger contacts_assignee_is_member on public.contacts;
create trigger contacts_assignee_is_member
  before insert or update of assigned_to on public.contacts
  for each row execute function private.assert_assignee_is_member('assigned_to', 'work');
drop trigger deals_assignee_is_member on public.deals;
create trigger deals_assignee_is_member
  before insert or update of assigned_to on public.deals
  for each row execute function private.assert_assignee_is_member('assigned_to', 'work');
drop trigger transaction_tasks_assignee_is_member on public.transaction_tasks;
create trigger transaction_tasks_assignee_is_member
  before insert or update of assignee_id on public.transaction_tasks
  for each row execute function private.assert_assignee_is_member('assignee_id', 'work');
