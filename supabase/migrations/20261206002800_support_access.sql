-- Platform support staff's read-only way into an organization (decision 0027). A support user (global role SUPPORT)
-- with no membership opens an organization by giving a reason: private.open_support_access() writes a time-limited
-- grant and the audit entry in that organization's log in one transaction. While the grant lives, the policies'
-- private.permitted_org_ids() counts the organization for the READ permissions an admin has (the global role
-- SUPPORT has no write access to any module, and the branch below skips write permissions outright); it gives
-- nothing once expired, nothing in another organization and nothing to anyone but global role SUPPORT.
-- Also: the app may update the caller's own name in public.users (profile page).

create table if not exists public.support_access (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  user_id uuid not null references public.users (id) on delete cascade,
  reason text not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null
);
do $$ begin
  alter table public.support_access
    add constraint support_access_reason_check check (char_length(btrim(reason)) between 10 and 500);
exception when duplicate_object or duplicate_table then null;
end $$;
do $$ begin
  alter table public.support_access
    add constraint support_access_expiry_check
    check (expires_at > created_at and expires_at <= created_at + interval '1 hour');
exception when duplicate_object or duplicate_table then null;
end $$;
create index if not exists support_access_user_id_organization_id_expires_at_idx
  on public.support_access (user_id, organization_id, expires_at desc);
create index if not exists support_access_organization_id_created_at_idx
  on public.support_access (organization_id, created_at desc);

alter table public.support_access enable row level security;
-- Nobody writes grants directly: only private.open_support_access() (SECURITY DEFINER) inserts them.
revoke all on public.support_access from public, anon, authenticated, hearth_app;
grant select on public.support_access to authenticated, hearth_app;

-- Organizations where the current user holds `p_permission`: the accepted membership (20261206000300), or — for
-- read permissions only — a live support grant of a SUPPORT user, evaluated as an admin's reads under the plan.
create or replace function private.permitted_org_ids(p_permission text) returns setof uuid
language sql stable security definer
set search_path = ''
as $$
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
     and (private.current_org() is null or s.organization_id = private.current_org())
$$;

-- Whether the current user holds a live support grant for an organization (as global role SUPPORT).
create or replace function private.has_support_access(p_organization_id uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (
    select 1 from public.support_access s join public.users u on u.id = s.user_id and u.global_role = 'SUPPORT'
     where s.organization_id = p_organization_id and s.user_id = (select private.current_user_id())
       and s.expires_at > now()
  )
$$;
revoke all on function private.has_support_access(uuid) from public;
grant execute on function private.has_support_access(uuid) to authenticated, hearth_app;

-- A support user sees their own grants; the organization's owners and admins see who came in (audit:read).
drop policy if exists support_access_select on public.support_access;
create policy support_access_select on public.support_access for select to authenticated, hearth_app
  using (
    user_id = (select private.current_user_id())
    or organization_id in (select private.permitted_org_ids('audit:read'))
  );

-- The audit function (20261206000100) also takes entries from a support user inside a live grant, but only the two
-- kinds of entry that describe them: opening the organization, and a refused request.
create or replace function private.append_audit_many(p_organization_id uuid, p_entries jsonb) returns setof uuid
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_actor uuid := (select private.current_user_id());
begin
  if v_actor is null then
    if current_setting('role') <> 'none' then
      raise exception 'an audit entry needs the signed-in actor' using errcode = '42501';
    end if;
  elsif private.member_role(p_organization_id) is null then
    if not (
      private.has_support_access(p_organization_id)
      and not exists (
        select 1 from jsonb_array_elements(p_entries) e
         where e ->> 'action' is distinct from 'support.opened' and e ->> 'action' is distinct from 'authz.denied'
      )
    ) then
      raise exception 'only members of an organization write its audit log' using errcode = '42501';
    end if;
  end if;
  if private.current_org() is not null and private.current_org() <> p_organization_id then
    raise exception 'audit entry for another organization than the tenant context' using errcode = '42501';
  end if;
  return query
    insert into public.transaction_audit_logs (organization_id, user_id, action, entity_type, entity_id, old_values, new_values)
    select p_organization_id, v_actor, e ->> 'action', e ->> 'entityType', e ->> 'entityId',
           nullif(e -> 'oldValues', 'null'::jsonb), nullif(e -> 'newValues', 'null'::jsonb)
      from jsonb_array_elements(p_entries) with ordinality as x(e, i)
     order by x.i
    returning id;
end;
$$;
revoke all on function private.append_audit_many(uuid, jsonb) from public;
grant execute on function private.append_audit_many(uuid, jsonb) to hearth_app;

-- The one way to open an organization as support: the caller (from the JWT, never an argument) must be global role
-- SUPPORT; the grant lasts p_minutes (at most an hour) and its audit entry lands in that organization's log.
create or replace function private.open_support_access(p_organization_id uuid, p_reason text, p_minutes integer default 60)
returns table (id uuid, expires_at timestamptz)
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_user uuid := (select private.current_user_id());
  v_email text;
  v_id uuid;
  v_expires timestamptz;
  v_reason text := btrim(coalesce(p_reason, ''));
begin
  select u.email into v_email from public.users u where u.id = v_user and u.global_role = 'SUPPORT';
  if v_user is null or v_email is null then
    raise exception 'only platform support staff open an organization for support' using errcode = '42501';
  end if;
  if char_length(v_reason) < 10 or char_length(v_reason) > 500 then
    raise exception 'a support reason needs 10 to 500 characters' using errcode = '22023';
  end if;
  if not exists (select 1 from public.organizations o where o.id = p_organization_id) then
    raise exception 'no such organization' using errcode = 'P0002';
  end if;
  insert into public.support_access (organization_id, user_id, reason, expires_at)
  values (p_organization_id, v_user, v_reason,
          now() + make_interval(mins => least(greatest(coalesce(p_minutes, 60), 1), 60)))
  returning support_access.id, support_access.expires_at into v_id, v_expires;
  perform private.append_audit_many(p_organization_id, jsonb_build_array(jsonb_build_object(
    'action', 'support.opened', 'entityType', 'organization', 'entityId', p_organization_id::text,
    'newValues', jsonb_build_object('reason', v_reason, 'supportEmail', v_email, 'expiresAt', v_expires))));
  return query select v_id, v_expires;
end;
$$;
revoke all on function private.open_support_access(uuid, text, integer) from public;
grant execute on function private.open_support_access(uuid, text, integer) to hearth_app;

-- Support staff find organizations by name or slug before opening one (names and slugs only, nothing inside).
create or replace function private.search_organizations_for_support(p_query text, p_limit integer default 50)
returns table (id uuid, name text, slug text, tier public.subscription_tier, members bigint)
language plpgsql stable
security definer
set search_path = ''
as $$
begin
  if not exists (
    select 1 from public.users u where u.id = (select private.current_user_id()) and u.global_role = 'SUPPORT'
  ) then
    raise exception 'only platform support staff list organizations' using errcode = '42501';
  end if;
  return query
    select o.id, o.name, o.slug, private.effective_tier(o.id),
           (select count(*) from public.organization_members m where m.organization_id = o.id and m.accepted_at is not null)
      from public.organizations o
     where coalesce(btrim(p_query), '') = ''
        or o.name ilike '%' || replace(replace(replace(btrim(p_query), '\', '\\'), '%', '\%'), '_', '\_') || '%'
        or o.slug ilike '%' || replace(replace(replace(btrim(p_query), '\', '\\'), '%', '\%'), '_', '\_') || '%'
     order by o.name
     limit least(greatest(coalesce(p_limit, 50), 1), 200);
end;
$$;
revoke all on function private.search_organizations_for_support(text, integer) from public;
grant execute on function private.search_organizations_for_support(text, integer) to hearth_app;

-- The profile page: the app changes the caller's own display name (nothing else of the row).
grant update (name) on public.users to hearth_app;
drop policy if exists users_update_own_name on public.users;
create policy users_update_own_name on public.users for update to hearth_app
  using (id = (select private.current_user_id()))
  with check (id = (select private.current_user_id()));
