-- One authorization model, enforced by Postgres as strictly as by the app (docs/decisions/0001-two-database-roles.md).
--
-- * `authenticated` is what a signed-in browser reaches (the Data API, Realtime and Storage all use it with the
--   browser's JWT). It READS exactly what the member may see and WRITES NOTHING in `public`.
-- * `hearth_app` is the role withTenantContext switches to (lib/database/tenant.ts): no BYPASSRLS, owns nothing,
--   and its write policies apply the same permission table as lib/auth/permissions.ts.
-- * The permission table (plans × features, global roles × modules, organization roles × permissions, seats) exists
--   once more here as data; tests/security/permission-table.test.ts fails when this copy and the TypeScript one
--   differ, and prints the SQL that brings them back in line.
-- * What a policy can't express is a trigger: role changes, assignees, document rows, seats, suspension. Audit
--   entries are written only through private.append_audit_many, which stamps the actor from the JWT.

-- ---------------------------------------------------------------------------------------------------
-- The app's role
-- ---------------------------------------------------------------------------------------------------
do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'hearth_app') then
    create role hearth_app nologin noinherit nobypassrls;
  end if;
end;
$$;
alter role hearth_app nologin noinherit nobypassrls;
-- The connection role (postgres, locally and on hosted Supabase) switches to it inside each tenant transaction.
grant hearth_app to postgres;

grant usage on schema public, private to hearth_app;
grant usage on schema extensions to hearth_app;

-- ---------------------------------------------------------------------------------------------------
-- Grants. authenticated: SELECT only (RLS decides the rows). hearth_app: what the services need, by column where
-- a table has columns nobody may change.
-- ---------------------------------------------------------------------------------------------------
revoke all on all tables in schema public from authenticated, hearth_app;
grant select on all tables in schema public to authenticated;
alter default privileges in schema public revoke all on tables from authenticated;
alter default privileges in schema public grant select on tables to authenticated;
-- New tables get no hearth_app privileges by default: each migration grants what its services need.
alter default privileges in schema public revoke all on tables from hearth_app;

grant select on public.users to hearth_app;
grant select, update (name) on public.organizations to hearth_app;
grant select, update (tier, status, current_period_end) on public.subscriptions to hearth_app;
grant select, update (role), delete on public.organization_members to hearth_app;
grant select, insert (organization_id, email, role, token_hash, invited_by, expires_at, created_at), update (revoked_at)
  on public.invitations to hearth_app;
-- Tenant records: a row's identity, organization and creation stamp never change after insert.
do $$
declare
  t text;
  cols text;
begin
  foreach t in array array['contacts', 'deals', 'transaction_loops', 'transaction_tasks', 'transaction_documents'] loop
    select string_agg(format('%I', column_name), ', ' order by ordinal_position) into cols
      from information_schema.columns
     where table_schema = 'public' and table_name = t
       and column_name not in ('id', 'organization_id', 'created_by', 'created_at', 'uploaded_by');
    execute format('grant select, insert, update (%s) on public.%I to hearth_app', cols, t);
    -- Document rows are never deleted by the app: deleting shreds the key and keeps the row (trigger below).
    if t <> 'transaction_documents' then
      execute format('grant delete on public.%I to hearth_app', t);
    end if;
  end loop;
end;
$$;
-- The audit log: no INSERT for anyone but the owner; entries come through private.append_audit_many. (service_role
-- keeps Supabase's default grants elsewhere — the server uses it for Storage and Auth only — but not this one.)
grant select on public.transaction_audit_logs to hearth_app;
revoke insert on public.transaction_audit_logs from service_role;

-- ---------------------------------------------------------------------------------------------------
-- The permission table, as data (the same rows as lib/auth/permissions.ts)
-- ---------------------------------------------------------------------------------------------------
create table if not exists private.permissions (
  permission text primary key,
  module text not null,
  feature text not null,
  is_write boolean not null
);
create table if not exists private.org_role_permissions (
  role public.org_role not null,
  permission text not null references private.permissions (permission),
  primary key (role, permission)
);
create table if not exists private.tier_features (
  tier public.subscription_tier not null,
  feature text not null,
  primary key (tier, feature)
);
create table if not exists private.tier_seats (
  tier public.subscription_tier primary key,
  seats integer -- null: unlimited
);
create table if not exists private.global_role_modules (
  global_role public.global_role not null,
  module text not null,
  access text not null check (access in ('read', 'write')),
  primary key (global_role, module)
);

insert into private.permissions (permission, module, feature, is_write) values
  ('organization:read', 'organization', 'organization', false),
  ('organization:update', 'organization', 'organization', true),
  ('members:read', 'organization', 'organization', false),
  ('members:manage', 'organization', 'organization', true),
  ('plan:manage', 'organization', 'organization', true),
  ('contacts:read', 'crm', 'crm', false),
  ('contacts:write', 'crm', 'crm', true),
  ('contacts:bulk', 'crm', 'crm', true),
  ('deals:read', 'crm', 'crm', false),
  ('deals:write', 'crm', 'crm', true),
  ('loops:read', 'transactions', 'transactions', false),
  ('loops:write', 'transactions', 'transactions', true),
  ('documents:read', 'transactions', 'documents', false),
  ('documents:write', 'transactions', 'documents', true),
  ('dashboard:view', 'activity', 'activity', false),
  ('activity:read', 'activity', 'activity', false),
  ('audit:read', 'activity', 'activity', false),
  ('audit:export', 'activity', 'audit_export', false)
on conflict do nothing;

insert into private.org_role_permissions (role, permission)
select 'OWNER'::public.org_role, permission from private.permissions
union all
select 'ADMIN'::public.org_role, permission from private.permissions where permission <> 'plan:manage'
union all
select 'MEMBER'::public.org_role, unnest(array[
  'organization:read', 'members:read', 'contacts:read', 'contacts:write', 'deals:read', 'deals:write',
  'loops:read', 'loops:write', 'documents:read', 'documents:write', 'activity:read'])
union all
select 'VIEWER'::public.org_role, unnest(array[
  'organization:read', 'members:read', 'contacts:read', 'deals:read', 'loops:read', 'documents:read',
  'activity:read'])
on conflict do nothing;

insert into private.tier_features (tier, feature) values
  ('FREE', 'organization'),
  ('STARTER', 'organization'), ('STARTER', 'crm'),
  ('GROWTH', 'organization'), ('GROWTH', 'crm'), ('GROWTH', 'transactions'), ('GROWTH', 'documents'),
  ('GROWTH', 'activity'),
  ('ELITE', 'organization'), ('ELITE', 'crm'), ('ELITE', 'transactions'), ('ELITE', 'documents'),
  ('ELITE', 'activity'), ('ELITE', 'audit_export'),
  ('ENTERPRISE', 'organization'), ('ENTERPRISE', 'crm'), ('ENTERPRISE', 'transactions'),
  ('ENTERPRISE', 'documents'), ('ENTERPRISE', 'activity'), ('ENTERPRISE', 'audit_export')
on conflict do nothing;

insert into private.tier_seats (tier, seats) values
  ('FREE', 2), ('STARTER', 5), ('GROWTH', 25), ('ELITE', 100), ('ENTERPRISE', null)
on conflict do nothing;

insert into private.global_role_modules (global_role, module, access) values
  ('SUPER_ADMIN', 'organization', 'write'), ('SUPER_ADMIN', 'crm', 'write'),
  ('SUPER_ADMIN', 'transactions', 'write'), ('SUPER_ADMIN', 'activity', 'write'),
  ('USER', 'organization', 'write'), ('USER', 'crm', 'write'), ('USER', 'transactions', 'write'),
  ('USER', 'activity', 'write'),
  ('SUPPORT', 'organization', 'read'), ('SUPPORT', 'crm', 'read'), ('SUPPORT', 'transactions', 'read'),
  ('SUPPORT', 'activity', 'read')
on conflict do nothing;
-- SUSPENDED has no rows: a suspended user is a member of nothing.

revoke all on private.permissions, private.org_role_permissions, private.tier_features, private.tier_seats,
  private.global_role_modules from public, anon, authenticated, hearth_app;

-- ---------------------------------------------------------------------------------------------------
-- Helpers the policies call. SECURITY DEFINER with an empty search_path, called as (select …) so they run once per
-- statement. private.current_org() (app.organization_id, set by withTenantContext) narrows them to one organization.
-- ---------------------------------------------------------------------------------------------------

-- The JWT's subject, like auth.uid() but callable from the app role's own statements (policies and invoker
-- triggers run as hearth_app, which has no rights on the auth schema).
create or replace function private.current_user_id() returns uuid
language sql stable
set search_path = ''
as $$
  select nullif(coalesce(
    nullif(current_setting('request.jwt.claim.sub', true), ''),
    nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub'), '')::uuid
$$;

-- The effective plan of an organization: a cancelled (or missing) subscription counts as FREE.
create or replace function private.effective_tier(p_organization_id uuid) returns public.subscription_tier
language sql stable security definer
set search_path = ''
as $$
  select coalesce(
    (select case when s.status = 'CANCELED' then 'FREE'::public.subscription_tier else s.tier end
       from public.subscriptions s where s.organization_id = p_organization_id),
    'FREE'::public.subscription_tier)
$$;

-- Organizations where the current user holds `p_permission` under all three layers, exactly as evaluateAccess()
-- in lib/auth/permissions.ts: the plan includes the permission's feature, the global role allows its module (for
-- writes: with write access; a suspended user has none), and the accepted membership's role has it.
create or replace function private.permitted_org_ids(p_permission text) returns setof uuid
language sql stable security definer
set search_path = ''
as $$
  select m.organization_id
    from public.organization_members m
    join public.users u on u.id = m.user_id
    join private.permissions p on p.permission = p_permission
    join private.org_role_permissions rp on rp.role = m.role and rp.permission = p.permission
    join private.global_role_modules g
      on g.global_role = u.global_role and g.module = p.module and (g.access = 'write' or not p.is_write)
    join private.tier_features tf on tf.feature = p.feature and tf.tier = private.effective_tier(m.organization_id)
   where m.user_id = (select private.current_user_id())
     and m.accepted_at is not null
     and (private.current_org() is null or m.organization_id = private.current_org())
$$;

-- The current user's accepted role in an organization, or null (also null when suspended).
create or replace function private.member_role(p_organization_id uuid) returns public.org_role
language sql stable security definer
set search_path = ''
as $$
  select m.role
    from public.organization_members m
    join public.users u on u.id = m.user_id
   where m.organization_id = p_organization_id
     and m.user_id = (select private.current_user_id())
     and m.accepted_at is not null
     and u.global_role <> 'SUSPENDED'
$$;

-- Users who share an organization with the current user where the current user may see the member list.
create or replace function private.teammate_ids() returns setof uuid
language sql stable security definer
set search_path = ''
as $$
  select distinct other.user_id
    from public.organization_members other
   where other.organization_id in (select private.permitted_org_ids('members:read'))
     and other.accepted_at is not null
$$;

-- Whether the role running the statement owns the table (migrations, seeds, the named privileged paths). Triggers
-- use it to leave those paths alone; the app's tenant transactions (hearth_app) and the browser (authenticated)
-- never own anything.
create or replace function private.is_table_owner(p_table oid) returns boolean
language sql stable
set search_path = ''
as $$
  select current_user = (select pg_catalog.pg_get_userbyid(c.relowner) from pg_catalog.pg_class c where c.oid = p_table)
$$;

revoke all on function private.effective_tier(uuid), private.permitted_org_ids(text), private.member_role(uuid),
  private.teammate_ids(), private.is_table_owner(oid) from public;
grant execute on function private.effective_tier(uuid), private.permitted_org_ids(text), private.member_role(uuid),
  private.teammate_ids(), private.is_table_owner(oid), private.current_org(), private.current_user_id()
  to authenticated, hearth_app;

-- The contact search helper checks the permission the list itself needs.
create or replace function private.contact_search_ids(p_organization_id uuid, p_pattern text)
returns setof uuid
language sql stable security definer
set search_path = ''
rows 100
as $$
  select c.id
    from public.contacts c
   where c.organization_id = p_organization_id
     and p_organization_id in (select private.permitted_org_ids('contacts:read'))
     and lower(
           c.name || ' ' || coalesce(c.email, '') || ' ' || coalesce(c.phone, '') || ' '
             || translate(coalesce(c.phone, ''), ' ()+-./', '') || ' ' || coalesce(c.company, '')
         ) like p_pattern
$$;
grant execute on function private.contact_search_ids(uuid, text) to hearth_app;

-- ---------------------------------------------------------------------------------------------------
-- Policies: every old one goes; SELECT for both roles, writes for hearth_app only.
-- ---------------------------------------------------------------------------------------------------
do $$
declare r record;
begin
  for r in select schemaname, tablename, policyname from pg_policies where schemaname = 'public' loop
    execute format('drop policy %I on %I.%I', r.policyname, r.schemaname, r.tablename);
  end loop;
end;
$$;
-- Objects in the `documents` bucket are ciphertext the server alone writes and reads (with the service role):
-- no policy gives a browser any access to them.
drop policy if exists documents_objects_select on storage.objects;
drop policy if exists documents_objects_insert on storage.objects;
drop policy if exists documents_objects_update on storage.objects;
drop policy if exists documents_objects_delete on storage.objects;
drop function if exists private.member_org_ids(public.org_role[]);

drop policy if exists users_select on public.users;
create policy users_select on public.users for select to authenticated, hearth_app
  using (id = (select private.current_user_id()) or id in (select private.teammate_ids()));

drop policy if exists organizations_select on public.organizations;
create policy organizations_select on public.organizations for select to authenticated, hearth_app
  using (id in (select private.permitted_org_ids('organization:read')));
drop policy if exists organizations_update on public.organizations;
create policy organizations_update on public.organizations for update to hearth_app
  using (id in (select private.permitted_org_ids('organization:update')))
  with check (id in (select private.permitted_org_ids('organization:update')));

drop policy if exists subscriptions_select on public.subscriptions;
create policy subscriptions_select on public.subscriptions for select to authenticated, hearth_app
  using (organization_id in (select private.permitted_org_ids('organization:read')));
drop policy if exists subscriptions_update on public.subscriptions;
create policy subscriptions_update on public.subscriptions for update to hearth_app
  using (organization_id in (select private.permitted_org_ids('plan:manage')))
  with check (organization_id in (select private.permitted_org_ids('plan:manage')));

drop policy if exists organization_members_select on public.organization_members;
create policy organization_members_select on public.organization_members for select to authenticated, hearth_app
  using (organization_id in (select private.permitted_org_ids('members:read')));
drop policy if exists organization_members_update on public.organization_members;
create policy organization_members_update on public.organization_members for update to hearth_app
  using (organization_id in (select private.permitted_org_ids('members:manage')))
  with check (organization_id in (select private.permitted_org_ids('members:manage')));
-- Managers remove members; anyone leaves (their own row).
drop policy if exists organization_members_delete on public.organization_members;
create policy organization_members_delete on public.organization_members for delete to hearth_app
  using (
    organization_id in (select private.permitted_org_ids('members:manage'))
    or (user_id = (select private.current_user_id()) and organization_id in (select private.permitted_org_ids('organization:read')))
  );

drop policy if exists invitations_select on public.invitations;
create policy invitations_select on public.invitations for select to authenticated, hearth_app
  using (organization_id in (select private.permitted_org_ids('members:manage')));
drop policy if exists invitations_insert on public.invitations;
create policy invitations_insert on public.invitations for insert to hearth_app
  with check (
    organization_id in (select private.permitted_org_ids('members:manage'))
    and invited_by = (select private.current_user_id())
  );
drop policy if exists invitations_update on public.invitations;
create policy invitations_update on public.invitations for update to hearth_app
  using (organization_id in (select private.permitted_org_ids('members:manage')))
  with check (organization_id in (select private.permitted_org_ids('members:manage')));

do $$
declare
  spec record;
begin
  for spec in select * from (values
      ('contacts', 'contacts:read', 'contacts:write', true),
      ('deals', 'deals:read', 'deals:write', true),
      ('transaction_loops', 'loops:read', 'loops:write', true),
      ('transaction_tasks', 'loops:read', 'loops:write', true),
      ('transaction_documents', 'documents:read', 'documents:write', false)
    ) as t(tbl, read_perm, write_perm, deletable)
  loop
    execute format($p$
      drop policy if exists %1$s_select on public.%1$I;
      create policy %1$s_select on public.%1$I for select to authenticated, hearth_app
        using (organization_id in (select private.permitted_org_ids(%2$L)));
      drop policy if exists %1$s_insert on public.%1$I;
      create policy %1$s_insert on public.%1$I for insert to hearth_app
        with check (organization_id in (select private.permitted_org_ids(%3$L)));
      drop policy if exists %1$s_update on public.%1$I;
      create policy %1$s_update on public.%1$I for update to hearth_app
        using (organization_id in (select private.permitted_org_ids(%3$L)))
        with check (organization_id in (select private.permitted_org_ids(%3$L)));
    $p$, spec.tbl, spec.read_perm, spec.write_perm);
    if spec.deletable then
      execute format($p$
        create policy %1$s_delete on public.%1$I for delete to hearth_app
          using (organization_id in (select private.permitted_org_ids(%2$L)));
      $p$, spec.tbl, spec.write_perm);
    end if;
  end loop;
end;
$$;

-- ---------------------------------------------------------------------------------------------------
-- The audit log: who reads what. Owners and admins (audit:read) read every entry. Everyone else with activity:read
-- reads the team's activity — entries about records they can still read and teammates they can see — but not
-- entries that carry what they can't read elsewhere: deleted records' snapshots (and the history of a record once it
-- is deleted), invitations to people outside the team, members who were removed or left, refused requests. The
-- audience is stamped on each entry when it is written (private.audit_audience), so the policy, the app's queries and
-- Realtime's per-subscriber check all read one column. Unknown actions default to 'admins': a new kind of entry
-- reaches the team only when it is listed here.
-- ---------------------------------------------------------------------------------------------------
create or replace function private.audit_audience(p_action text) returns text
language sql immutable
set search_path = ''
as $$
  select case when p_action = any (array[
    'contact.created', 'contact.updated', 'contact.assigned', 'contact.imported',
    'deal.created', 'deal.updated', 'deal.stage_changed',
    'loop.created', 'loop.updated', 'loop.status_changed',
    'task.created', 'task.updated', 'task.reordered',
    'document.uploaded', 'document.link_created',
    'member.joined', 'member.role_changed',
    'organization.created', 'organization.updated', 'plan.changed'
  ]) then 'team' else 'admins' end
$$;
revoke all on function private.audit_audience(text) from public;

alter table public.transaction_audit_logs add column if not exists audience text not null default 'admins';
do $$ begin
  alter table public.transaction_audit_logs
    add constraint transaction_audit_logs_audience_check check (audience in ('team', 'admins'));
exception when duplicate_object or duplicate_table then null;
end $$;
do $$
begin
  alter table public.transaction_audit_logs disable trigger transaction_audit_logs_append_only;
  update public.transaction_audit_logs set audience = private.audit_audience(action);
  alter table public.transaction_audit_logs enable trigger transaction_audit_logs_append_only;
end;
$$;

-- The chain trigger (20261122003100) also stamps the audience, so no writer chooses it.
create or replace function private.audit_chain_link() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_key text := private.audit_chain_state_key(new.organization_id);
  v_state text := nullif(current_setting(v_key, true), '');
  v_seq bigint;
  v_prev text;
begin
  if v_state is null then
    insert into private.audit_chain_heads as h (organization_id, last_seq, last_hash)
    values (new.organization_id, 0, repeat('0', 64))
    on conflict (organization_id) do nothing;
    -- The row lock serializes writers of one organization until their transaction ends.
    select h.last_seq, h.last_hash into v_seq, v_prev
      from private.audit_chain_heads h where h.organization_id = new.organization_id for update;
  else
    v_seq := split_part(v_state, ':', 1)::bigint;
    v_prev := split_part(v_state, ':', 2);
  end if;

  new.audience := private.audit_audience(new.action);
  new.seq := v_seq + 1;
  new.prev_hash := v_prev;
  new.created_at := coalesce(new.created_at, now());
  new.hash := encode(pg_catalog.sha256(convert_to(v_prev || private.audit_canonical(
    new.seq, new.id, new.organization_id, new.user_id, new.action, new.entity_type, new.entity_id,
    new.old_values, new.new_values, new.created_at), 'UTF8')), 'hex');

  perform set_config(v_key, new.seq::text || ':' || new.hash, true);
  return new;
end;
$$;

-- The team's entries about a record stay readable while the record is: once a contact (a deal, a loop, a document,
-- a membership) is gone, what the log says about it is for owners and admins. Runs with the caller's rights, so
-- "readable" means exactly what RLS lets the caller read.
create or replace function private.audit_entity_readable(p_entity_type text, p_entity_id text) returns boolean
language plpgsql stable
set search_path = ''
as $$
declare
  v_id uuid;
begin
  -- Entries about the organization itself stay readable; other kinds of entity are checked below, and an entity
  -- type nobody listed here is not readable (a new module adds its own line).
  if p_entity_type in ('organization', 'subscription', 'contact_import') then
    return true;
  end if;
  if p_entity_type not in ('contact', 'deal', 'transaction_loop', 'transaction_task', 'transaction_document', 'member')
  then
    return false;
  end if;
  if p_entity_id is null or p_entity_id !~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then
    return false;
  end if;
  v_id := p_entity_id::uuid;
  return case p_entity_type
    when 'contact' then exists (select 1 from public.contacts where id = v_id)
    when 'deal' then exists (select 1 from public.deals where id = v_id)
    when 'transaction_loop' then exists (select 1 from public.transaction_loops where id = v_id)
    when 'transaction_task' then exists (select 1 from public.transaction_tasks where id = v_id)
    when 'transaction_document' then
      exists (select 1 from public.transaction_documents where id = v_id and deleted_at is null)
    else exists (select 1 from public.organization_members where id = v_id)
  end;
end;
$$;
grant execute on function private.audit_entity_readable(text, text) to authenticated, hearth_app;

drop policy if exists transaction_audit_logs_select on public.transaction_audit_logs;
create policy transaction_audit_logs_select on public.transaction_audit_logs for select to authenticated, hearth_app
  using (
    organization_id in (select private.permitted_org_ids('audit:read'))
    or (
      audience = 'team'
      and organization_id in (select private.permitted_org_ids('activity:read'))
      and private.audit_entity_readable(entity_type, entity_id)
    )
  );

-- The one way to write an audit entry. The actor is the JWT's subject (never an argument), who must be an accepted,
-- unsuspended member of the organization; entries without an actor ("system") only from the owner's own sessions
-- (migrations, scripts), never from the app's tenant transactions.
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
    raise exception 'only members of an organization write its audit log' using errcode = '42501';
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

-- ---------------------------------------------------------------------------------------------------
-- Refused requests: counted per member and hour; the log gets the 1st, 10th, 100th, … of an hour, each saying how
-- many so far, so a scripted flood costs a handful of entries (and chain locks) instead of one per request.
-- ---------------------------------------------------------------------------------------------------
create table if not exists private.authz_denials (
  organization_id uuid not null references public.organizations (id) on delete cascade,
  user_id uuid not null,
  window_start timestamptz not null,
  denials integer not null,
  primary key (organization_id, user_id, window_start)
);

create or replace function private.record_denial(p_organization_id uuid, p_details jsonb) returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_window timestamptz := date_trunc('hour', now());
  v_count integer;
begin
  insert into private.authz_denials as d (organization_id, user_id, window_start, denials)
  values (p_organization_id, (select private.current_user_id()), v_window, 1)
  on conflict (organization_id, user_id, window_start) do update set denials = d.denials + 1
  returning d.denials into v_count;
  if random() < 0.01 then
    delete from private.authz_denials where window_start < now() - interval '1 day';
  end if;
  -- 1, 10, 100, 1000, …
  if v_count = 1 or (v_count % 10 = 0 and v_count::text ~ '^10*$') then
    perform private.append_audit_many(p_organization_id, jsonb_build_array(jsonb_build_object(
      'action', 'authz.denied', 'entityType', 'authorization',
      'newValues', p_details || jsonb_build_object('deniedThisHour', v_count))));
  end if;
  return v_count;
end;
$$;
revoke all on function private.record_denial(uuid, jsonb) from public;
grant execute on function private.record_denial(uuid, jsonb) to hearth_app;

-- ---------------------------------------------------------------------------------------------------
-- Invariants a policy can't express
-- ---------------------------------------------------------------------------------------------------
create or replace function private.org_role_rank(p_role public.org_role) returns integer
language sql immutable
set search_path = ''
as $$
  select case p_role when 'OWNER' then 4 when 'ADMIN' then 3 when 'MEMBER' then 2 else 1 end
$$;

-- Role changes and removals: only an owner grants, takes away or removes the owner role, and nobody raises their
-- own role. (The last owner stays: private.ensure_owner_remains.)
create or replace function private.guard_membership_change() returns trigger
language plpgsql
set search_path = ''
as $$
declare
  v_actor_role public.org_role;
begin
  if private.is_table_owner(tg_relid) then
    return case when tg_op = 'DELETE' then old else new end;
  end if;
  v_actor_role := private.member_role(old.organization_id);
  if tg_op = 'UPDATE' then
    if new.role is distinct from old.role then
      if old.user_id = (select private.current_user_id()) and private.org_role_rank(new.role) > private.org_role_rank(old.role) then
        raise exception 'nobody raises their own role' using errcode = '42501';
      end if;
      if (old.role = 'OWNER' or new.role = 'OWNER') and v_actor_role is distinct from 'OWNER' then
        raise exception 'only an owner grants or removes the owner role' using errcode = '42501';
      end if;
    end if;
    return new;
  end if;
  if old.role = 'OWNER' and old.user_id <> (select private.current_user_id()) and v_actor_role is distinct from 'OWNER' then
    raise exception 'only an owner removes an owner' using errcode = '42501';
  end if;
  return old;
end;
$$;
create or replace trigger organization_members_guard_change
  before update or delete on public.organization_members
  for each row execute function private.guard_membership_change();

-- Seats: accepted members (and, for a new invitation, pending invitations) never exceed the plan's seats. The
-- subscription row is locked so two acceptances can't both take the last seat.
create or replace function private.assert_seat_available(p_organization_id uuid, p_count_invitations boolean)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_seats integer;
  v_used integer;
begin
  perform 1 from public.subscriptions where organization_id = p_organization_id for update;
  select seats into v_seats from private.tier_seats where tier = private.effective_tier(p_organization_id);
  if v_seats is null then
    return;
  end if;
  select count(*) into v_used from public.organization_members
   where organization_id = p_organization_id and accepted_at is not null;
  if p_count_invitations then
    v_used := v_used + (select count(*) from public.invitations
                         where organization_id = p_organization_id and accepted_at is null and revoked_at is null
                           and expires_at > now());
  end if;
  if v_used >= v_seats then
    raise exception 'the plan''s % seats are all taken', v_seats using errcode = '23514', hint = 'seats';
  end if;
end;
$$;
revoke all on function private.assert_seat_available(uuid, boolean) from public;

create or replace function private.enforce_seats() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_table_name = 'invitations' then
    perform private.assert_seat_available(new.organization_id, true);
  elsif new.accepted_at is not null and (tg_op = 'INSERT' or old.accepted_at is null) then
    perform private.assert_seat_available(new.organization_id, false);
  end if;
  return new;
end;
$$;
revoke all on function private.enforce_seats() from public;
create or replace trigger organization_members_enforce_seats
  before insert or update of accepted_at on public.organization_members
  for each row execute function private.enforce_seats();
create or replace trigger invitations_enforce_seats
  before insert on public.invitations
  for each row execute function private.enforce_seats();

-- Assignees are accepted, unsuspended members of the record's organization.
create or replace function private.assert_assignee_is_member() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_new uuid := to_jsonb(new) ->> tg_argv[0];
begin
  if v_new is null or (tg_op = 'UPDATE' and v_new is not distinct from (to_jsonb(old) ->> tg_argv[0])::uuid) then
    return new;
  end if;
  if not exists (
    select 1 from public.organization_members m join public.users u on u.id = m.user_id
     where m.organization_id = new.organization_id and m.user_id = v_new and m.accepted_at is not null
       and u.global_role <> 'SUSPENDED'
  ) then
    raise exception 'the assignee is not a member of this organization' using errcode = '23503';
  end if;
  return new;
end;
$$;
revoke all on function private.assert_assignee_is_member() from public;
create or replace trigger contacts_assignee_is_member
  before insert or update of assigned_to on public.contacts
  for each row execute function private.assert_assignee_is_member('assigned_to');
create or replace trigger deals_assignee_is_member
  before insert or update of assigned_to on public.deals
  for each row execute function private.assert_assignee_is_member('assigned_to');
create or replace trigger transaction_tasks_assignee_is_member
  before insert or update of assignee_id on public.transaction_tasks
  for each row execute function private.assert_assignee_is_member('assignee_id');

-- Document rows: outside the owner's paths (key rotation, cascades from a deleted loop) the only change is the
-- shredding delete — deleted_at set and the wrapped key destroyed together — or the document type; the stored
-- object, its key, hash and size never change, a deleted document never comes back, and every insert or update
-- commits together with an audit entry about that document.
create or replace function private.guard_document_change() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if private.is_table_owner(tg_relid) then
    return new;
  end if;
  if old.deleted_at is not null then
    raise exception 'a deleted document can''t change' using errcode = '42501';
  end if;
  if (new.id, new.organization_id, new.loop_id, new.storage_path, new.file_name, new.size_bytes, new.sniffed_type,
      new.is_encrypted, new.key_version, new.sha256, new.uploaded_by, new.created_at)
     is distinct from
     (old.id, old.organization_id, old.loop_id, old.storage_path, old.file_name, old.size_bytes, old.sniffed_type,
      old.is_encrypted, old.key_version, old.sha256, old.uploaded_by, old.created_at) then
    raise exception 'only a document''s type changes, or it is deleted' using errcode = '42501';
  end if;
  if new.deleted_at is not null and new.wrapped_key is not null then
    raise exception 'deleting a document destroys its data key' using errcode = '42501';
  end if;
  if new.deleted_at is null and new.wrapped_key is distinct from old.wrapped_key then
    raise exception 'a document''s data key changes only by key rotation' using errcode = '42501';
  end if;
  return new;
end;
$$;
create or replace trigger transaction_documents_guard_change
  before update on public.transaction_documents
  for each row execute function private.guard_document_change();

create or replace function private.assert_document_audited() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  -- Runs at commit (deferred). Entries written in this transaction carry its start time.
  if not exists (
    select 1 from public.transaction_audit_logs l
     where l.organization_id = new.organization_id and l.entity_type = 'transaction_document'
       and l.entity_id = new.id::text and l.created_at = now()
  ) then
    raise exception 'document % changed without its audit entry', new.id using errcode = '42501';
  end if;
  return null;
end;
$$;
revoke all on function private.assert_document_audited() from public;
-- The owner's own paths (key rotation, seeds) are exempt; the condition is evaluated when the row changes, as the
-- role that changes it (inside the definer function current_user would be its owner).
drop trigger if exists transaction_documents_audited on public.transaction_documents;
create constraint trigger transaction_documents_audited
  after insert or update on public.transaction_documents
  deferrable initially deferred
  for each row when (current_user not in ('postgres', 'supabase_admin'))
  execute function private.assert_document_audited();

-- ---------------------------------------------------------------------------------------------------
-- Suspension: the Auth user is banned and its sessions revoked in the same transaction that suspends it, so its
-- refresh token stops working and the app's live-session check fails; lifting the suspension lifts the ban. The
-- helpers above already treat a suspended user as a member of nothing (RLS, Realtime, Storage).
-- ---------------------------------------------------------------------------------------------------
create or replace function private.apply_suspension() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if new.global_role = 'SUSPENDED' and old.global_role is distinct from 'SUSPENDED' then
    update auth.users set banned_until = '9999-12-31T00:00:00Z'::timestamptz where id = new.id;
    delete from auth.sessions where user_id = new.id;
  elsif old.global_role = 'SUSPENDED' and new.global_role <> 'SUSPENDED' then
    update auth.users set banned_until = null where id = new.id;
  end if;
  return null;
end;
$$;
revoke all on function private.apply_suspension() from public;
create or replace trigger users_apply_suspension
  after update of global_role on public.users
  for each row execute function private.apply_suspension();
