-- private.contact_count (20261206002000) ran with `set plan_cache_mode = force_custom_plan` so that the list's
-- absent filters fold away and the whole-list total is the owner's index-only count. The setting holds for
-- everything the function calls, so private.permitted_org_ids() — the permission check — lost its cached plan and
-- was planned again on every count (~2.5 ms of the ~3.5 ms the helper cost over the owner at 100k contacts).
-- Same function, same conditions: the check runs with its cached plan, and only the count is planned with the
-- values (EXECUTE … USING plans once with the parameters known, so an absent filter is no condition at all).
-- The conditions stay those of contactFilterConditions() in lib/modules/crm/queries/contact-list.ts (a test holds
-- them equal: tests/security/contact-count.test.ts).
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
as $$
declare
  v_total integer;
begin
  if p_organization_id is null
     or not exists (select 1 from private.permitted_org_ids('contacts:read') o where o = p_organization_id) then
    return 0;
  end if;
  execute $count$
    select count(*)::int
      from public.contacts c
     where c.organization_id = $1
       and ($2::text is null or c.id in (select private.contact_search_ids($1, $2)))
       and ($3::public.contact_status is null or c.status = $3)
       and (not coalesce($4::boolean, false) or c.assigned_to is null)
       and ($5::uuid is null or c.assigned_to = $5)
       and ($6::text is null
            or ($6 = 'due' and c.next_follow_up <= now())
            or ($6 = 'week' and c.next_follow_up > now() and c.next_follow_up <= now() + interval '7 days')
            or ($6 = 'none' and c.next_follow_up is null))
  $count$
    into v_total
    using p_organization_id, p_pattern, p_status, p_unassigned, p_assignee, p_follow_up;
  return v_total;
end;
$$;
