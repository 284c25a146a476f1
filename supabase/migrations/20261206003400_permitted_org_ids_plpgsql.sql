-- private.permitted_org_ids — what every policy asks (which organizations the caller holds a permission in) — as
-- PL/pgSQL instead of SQL, same body (the latest, from 20261206002800_support_access.sql). A SECURITY DEFINER SQL
-- function is never inlined, so Postgres planned its query again on every call: once per statement of the app,
-- and once per subscriber check in the local Realtime (decision 0029 measured ~68 ms for ten checks against ~15–20
-- ms this way). PL/pgSQL keeps the plan for the session.

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
      join private.tier_features tf on tf.feature = p.feature and tf.tier = private.effective_tier(m.organization_id)
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
      join private.tier_features tf on tf.feature = p.feature and tf.tier = private.effective_tier(s.organization_id)
      join private.org_role_permissions rp on rp.role = 'ADMIN' and rp.permission = p.permission
     where s.user_id = (select private.current_user_id())
       and s.expires_at > now()
       and (private.current_org() is null or s.organization_id = private.current_org());
end;
$$;
