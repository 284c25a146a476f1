-- The helpers every policy runs, made cheap enough to run on every statement (issue 15; measured in
-- docs/decisions/0032-inlinable-tenant-helpers.md). A SQL function with a SET clause (search_path) is never inlined:
-- each call pushes and pops the setting, and private.current_user_id(), private.current_org() and
-- private.effective_tier() were called that way once or more per statement — inside permitted_org_ids, once per
-- membership row. A realtime subscriber check spent about half its time there.
--
-- current_user_id() and current_org() drop the SET clause so the planner inlines them. They read only settings, and
-- every name in them is schema-qualified (pg_catalog functions, types and operator), so the caller's search_path
-- cannot change what they mean; neither is SECURITY DEFINER (the rls-checker's rule is about those).
-- private.tier_in_effect() is the plan rule (no subscription or a canceled one is Free) as an inlinable expression;
-- effective_tier() and permitted_org_ids() both use it, permitted_org_ids() joining the subscription instead of
-- calling effective_tier() per row. permitted_org_ids() is restated in full from 20261206003400 (migrations are
-- immutable; the next change to it starts from this body).

create or replace function private.current_user_id() returns uuid
language sql stable
as $$
  select nullif(coalesce(
    nullif(pg_catalog.current_setting('request.jwt.claim.sub', true), ''),
    nullif(pg_catalog.current_setting('request.jwt.claims', true), '')::pg_catalog.jsonb operator(pg_catalog.->>) 'sub'),
    '')::pg_catalog.uuid
$$;

create or replace function private.current_org() returns uuid
language sql stable
as $$
  select nullif(pg_catalog.current_setting('app.organization_id', true), '')::pg_catalog.uuid
$$;

create or replace function private.tier_in_effect(p_tier public.subscription_tier, p_status public.subscription_status)
returns public.subscription_tier
language sql immutable
as $$
  select case when p_tier is null or p_status operator(pg_catalog.=) 'CANCELED'::public.subscription_status
              then 'FREE'::public.subscription_tier
              else p_tier end
$$;
revoke all on function private.tier_in_effect(public.subscription_tier, public.subscription_status) from public;
grant execute on function private.tier_in_effect(public.subscription_tier, public.subscription_status)
  to authenticated, hearth_app;

create or replace function private.effective_tier(p_organization_id uuid) returns public.subscription_tier
language sql stable security definer
set search_path = ''
as $$
  select private.tier_in_effect(s.tier, s.status)
    from (values (1)) as one(x)
    left join public.subscriptions s on s.organization_id = p_organization_id
$$;

create or replace function private.permitted_org_ids(p_permission text) returns setof uuid
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return query
    select m.organization_id
      from public.organization_members m
      join public.users u on u.id = m.user_id
      join private.permissions p on p.permission = p_permission
      join private.global_role_modules g
        on g.global_role = u.global_role and g.module = p.module and (g.access = 'write' or not p.is_write)
      left join public.subscriptions sub on sub.organization_id = m.organization_id
      join private.tier_features tf on tf.feature = p.feature and tf.tier = private.tier_in_effect(sub.tier, sub.status)
     where m.user_id = (select private.current_user_id())
       and m.accepted_at is not null
       and (private.current_org() is null or m.organization_id = private.current_org())
       and (
         exists (select 1 from private.org_role_permissions rp where rp.role = m.role and rp.permission = p.permission)
         or p.permission = any (m.grants)
       )
    union
    select s.organization_id
      from public.support_access s
      join public.users u on u.id = s.user_id and u.global_role = 'SUPPORT'
      join private.permissions p on p.permission = p_permission and not p.is_write
      join private.global_role_modules g on g.global_role = u.global_role and g.module = p.module
      left join public.subscriptions sub on sub.organization_id = s.organization_id
      join private.tier_features tf on tf.feature = p.feature and tf.tier = private.tier_in_effect(sub.tier, sub.status)
      join private.org_role_permissions rp on rp.role = 'ADMIN' and rp.permission = p.permission
     where s.user_id = (select private.current_user_id())
       and s.expires_at > now()
       and (private.current_org() is null or s.organization_id = private.current_org());
end;
$$;
