-- The contacts list's total without a per-row RLS check. Under RLS, count(*) over an organization's contacts
-- evaluates the contacts_select policy (a hashed SubPlan over private.permitted_org_ids) for every row: 2.5× the
-- owner's cost at 100k contacts. This helper checks the permission the list itself needs ONCE, for the one
-- organization asked about, then counts as its owner with the list's own filters (the same conditions as
-- contactFilterConditions() in lib/modules/crm/queries/contact-list.ts; a test holds them equal). It counts only
-- p_organization_id's rows, and for a caller who may not read that organization's contacts (not a member,
-- invitation not accepted, suspended, plan or role without contacts:read, or a tenant context set to another
-- organization) it counts nothing, as RLS would.
-- force_custom_plan: the parameters are folded as constants, so an absent filter is no condition at all and the
-- unfiltered total is the owner's index-only count.
create or replace function private.contact_count(
  p_organization_id uuid,
  p_pattern text,
  p_status public.contact_status,
  p_unassigned boolean,
  p_assignee uuid,
  p_follow_up text
)
returns integer
language plpgsql stable security definer
set search_path = ''
set plan_cache_mode = force_custom_plan
as $$
begin
  if p_organization_id is null
     or not exists (select 1 from private.permitted_org_ids('contacts:read') o where o = p_organization_id) then
    return 0;
  end if;
  return (
    select count(*)::int
      from public.contacts c
     where c.organization_id = p_organization_id
       and (p_pattern is null or c.id in (select private.contact_search_ids(p_organization_id, p_pattern)))
       and (p_status is null or c.status = p_status)
       and (not coalesce(p_unassigned, false) or c.assigned_to is null)
       and (p_assignee is null or c.assigned_to = p_assignee)
       and (p_follow_up is null
            or (p_follow_up = 'due' and c.next_follow_up <= now())
            or (p_follow_up = 'week' and c.next_follow_up > now() and c.next_follow_up <= now() + interval '7 days')
            or (p_follow_up = 'none' and c.next_follow_up is null))
  );
end;
$$;
revoke all on function private.contact_count(uuid, text, public.contact_status, boolean, uuid, text) from public;
grant execute on function private.contact_count(uuid, text, public.contact_status, boolean, uuid, text)
  to hearth_app;
