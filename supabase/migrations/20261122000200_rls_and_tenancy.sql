-- Row Level Security on every public table. Policies grant members of a row's organization what their
-- organization role allows; nothing is granted to anon. Helpers are SECURITY DEFINER with an empty
-- search_path and are called as (select …) so Postgres evaluates them once per statement, not per row.
--
-- The app reaches these tables inside withTenantContext (lib/database/tenant.ts): one transaction with
-- request.jwt.claims set and SET LOCAL ROLE authenticated. It also sets app.organization_id, which narrows
-- every policy to that one organization (a user in two organizations sees only the current one).

create schema if not exists private;
revoke all on schema private from public;
grant usage on schema private to authenticated, service_role;

-- ---------------------------------------------------------------------------------------------------
-- Grants: anon gets nothing; authenticated gets plain DML (RLS decides which rows).
-- ---------------------------------------------------------------------------------------------------
revoke all on all tables in schema public from anon;
revoke all on all sequences in schema public from anon;
revoke all on all functions in schema public from anon;
alter default privileges in schema public revoke all on tables from anon;
alter default privileges in schema public revoke all on sequences from anon;
alter default privileges in schema public revoke all on functions from anon;

revoke all on all tables in schema public from authenticated;
grant select, insert, update, delete on all tables in schema public to authenticated;
alter default privileges in schema public revoke all on tables from authenticated;
alter default privileges in schema public grant select, insert, update, delete on tables to authenticated;

-- users: a person may only change their own profile fields, never their id, email or global role.
revoke insert, update, delete on public.users from authenticated;
grant update (name, avatar_url) on public.users to authenticated;
-- subscriptions: only the tier/status fields are writable (by owners, see policies)
revoke insert, delete, update on public.subscriptions from authenticated;
grant update (tier, status, current_period_end) on public.subscriptions to authenticated;
-- audit log: append-only for everyone but the table owner
revoke update, delete, truncate on public.transaction_audit_logs from authenticated, service_role;
revoke truncate on all tables in schema public from authenticated;

-- ---------------------------------------------------------------------------------------------------
-- Helpers
-- ---------------------------------------------------------------------------------------------------
create or replace function private.current_org() returns uuid
language sql stable
set search_path = ''
as $$
  select nullif(current_setting('app.organization_id', true), '')::uuid
$$;

-- Organizations where the current user has an accepted membership (optionally with one of the roles),
-- narrowed to the tenant context's organization when one is set.
create or replace function private.member_org_ids(roles public.org_role[] default null) returns setof uuid
language sql stable security definer
set search_path = ''
as $$
  select m.organization_id
    from public.organization_members m
   where m.user_id = (select auth.uid())
     and m.accepted_at is not null
     and (roles is null or m.role = any (roles))
     and (private.current_org() is null or m.organization_id = private.current_org())
$$;

-- Users who share an accepted organization with the current user (to show teammates' names).
create or replace function private.teammate_ids() returns setof uuid
language sql stable security definer
set search_path = ''
as $$
  select distinct other.user_id
    from public.organization_members mine
    join public.organization_members other on other.organization_id = mine.organization_id
   where mine.user_id = (select auth.uid())
     and mine.accepted_at is not null
     and other.accepted_at is not null
$$;

revoke all on function private.current_org(), private.member_org_ids(public.org_role[]), private.teammate_ids() from public;
grant execute on function private.current_org(), private.member_org_ids(public.org_role[]), private.teammate_ids()
  to authenticated, service_role;

-- ---------------------------------------------------------------------------------------------------
-- Enable RLS everywhere
-- ---------------------------------------------------------------------------------------------------
do $$
declare t text;
begin
  for t in select tablename from pg_tables where schemaname = 'public' loop
    execute format('alter table public.%I enable row level security', t);
  end loop;
end;
$$;

-- ---------------------------------------------------------------------------------------------------
-- users
-- ---------------------------------------------------------------------------------------------------
drop policy if exists users_select on public.users;
create policy users_select on public.users for select to authenticated
  using (id = (select auth.uid()) or id in (select private.teammate_ids()));
drop policy if exists users_update_self on public.users;
create policy users_update_self on public.users for update to authenticated
  using (id = (select auth.uid())) with check (id = (select auth.uid()));

-- ---------------------------------------------------------------------------------------------------
-- organizations, subscriptions, memberships, invitations
-- ---------------------------------------------------------------------------------------------------
drop policy if exists organizations_select on public.organizations;
create policy organizations_select on public.organizations for select to authenticated
  using (id in (select private.member_org_ids()));
drop policy if exists organizations_update on public.organizations;
create policy organizations_update on public.organizations for update to authenticated
  using (id in (select private.member_org_ids(array['OWNER', 'ADMIN']::public.org_role[])))
  with check (id in (select private.member_org_ids(array['OWNER', 'ADMIN']::public.org_role[])));

drop policy if exists subscriptions_select on public.subscriptions;
create policy subscriptions_select on public.subscriptions for select to authenticated
  using (organization_id in (select private.member_org_ids()));
drop policy if exists subscriptions_update on public.subscriptions;
create policy subscriptions_update on public.subscriptions for update to authenticated
  using (organization_id in (select private.member_org_ids(array['OWNER']::public.org_role[])))
  with check (organization_id in (select private.member_org_ids(array['OWNER']::public.org_role[])));

drop policy if exists organization_members_select on public.organization_members;
create policy organization_members_select on public.organization_members for select to authenticated
  using (organization_id in (select private.member_org_ids()));
drop policy if exists organization_members_insert on public.organization_members;
create policy organization_members_insert on public.organization_members for insert to authenticated
  with check (organization_id in (select private.member_org_ids(array['OWNER', 'ADMIN']::public.org_role[])));
drop policy if exists organization_members_update on public.organization_members;
create policy organization_members_update on public.organization_members for update to authenticated
  using (organization_id in (select private.member_org_ids(array['OWNER', 'ADMIN']::public.org_role[])))
  with check (organization_id in (select private.member_org_ids(array['OWNER', 'ADMIN']::public.org_role[])));
drop policy if exists organization_members_delete on public.organization_members;
create policy organization_members_delete on public.organization_members for delete to authenticated
  using (
    organization_id in (select private.member_org_ids(array['OWNER', 'ADMIN']::public.org_role[]))
    or user_id = (select auth.uid())
  );

drop policy if exists invitations_select on public.invitations;
create policy invitations_select on public.invitations for select to authenticated
  using (organization_id in (select private.member_org_ids(array['OWNER', 'ADMIN']::public.org_role[])));
drop policy if exists invitations_insert on public.invitations;
create policy invitations_insert on public.invitations for insert to authenticated
  with check (
    organization_id in (select private.member_org_ids(array['OWNER', 'ADMIN']::public.org_role[]))
    and invited_by = (select auth.uid())
  );
drop policy if exists invitations_update on public.invitations;
create policy invitations_update on public.invitations for update to authenticated
  using (organization_id in (select private.member_org_ids(array['OWNER', 'ADMIN']::public.org_role[])))
  with check (organization_id in (select private.member_org_ids(array['OWNER', 'ADMIN']::public.org_role[])));
drop policy if exists invitations_delete on public.invitations;
create policy invitations_delete on public.invitations for delete to authenticated
  using (organization_id in (select private.member_org_ids(array['OWNER', 'ADMIN']::public.org_role[])));

-- ---------------------------------------------------------------------------------------------------
-- Tenant data: every member reads; OWNER/ADMIN/MEMBER write; VIEWER reads only.
-- ---------------------------------------------------------------------------------------------------
do $$
declare t text;
begin
  foreach t in array array['contacts', 'deals', 'transaction_loops', 'transaction_tasks', 'transaction_documents'] loop
    execute format($p$
      drop policy if exists %1$s_select on public.%1$I;
      create policy %1$s_select on public.%1$I for select to authenticated
        using (organization_id in (select private.member_org_ids()));
      drop policy if exists %1$s_insert on public.%1$I;
      create policy %1$s_insert on public.%1$I for insert to authenticated
        with check (organization_id in (select private.member_org_ids(array['OWNER', 'ADMIN', 'MEMBER']::public.org_role[])));
      drop policy if exists %1$s_update on public.%1$I;
      create policy %1$s_update on public.%1$I for update to authenticated
        using (organization_id in (select private.member_org_ids(array['OWNER', 'ADMIN', 'MEMBER']::public.org_role[])))
        with check (organization_id in (select private.member_org_ids(array['OWNER', 'ADMIN', 'MEMBER']::public.org_role[])));
      drop policy if exists %1$s_delete on public.%1$I;
      create policy %1$s_delete on public.%1$I for delete to authenticated
        using (organization_id in (select private.member_org_ids(array['OWNER', 'ADMIN', 'MEMBER']::public.org_role[])));
    $p$, t);
  end loop;
end;
$$;

-- ---------------------------------------------------------------------------------------------------
-- Audit log: members read their organization's entries and append entries in their own name; nobody
-- but the table owner updates or deletes (no policy, no grant, and a trigger as the last line).
-- ---------------------------------------------------------------------------------------------------
drop policy if exists transaction_audit_logs_select on public.transaction_audit_logs;
create policy transaction_audit_logs_select on public.transaction_audit_logs for select to authenticated
  using (organization_id in (select private.member_org_ids()));
drop policy if exists transaction_audit_logs_insert on public.transaction_audit_logs;
create policy transaction_audit_logs_insert on public.transaction_audit_logs for insert to authenticated
  with check (
    organization_id in (select private.member_org_ids())
    and (user_id is null or user_id = (select auth.uid()))
  );

create or replace function private.audit_log_append_only() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if current_user is distinct from (
    select pg_catalog.pg_get_userbyid(c.relowner) from pg_catalog.pg_class c where c.oid = tg_relid
  ) then
    raise exception 'transaction_audit_logs is append-only (% by %)', tg_op, current_user
      using errcode = '42501';
  end if;
  return case when tg_op = 'DELETE' then old else new end;
end;
$$;
create or replace trigger transaction_audit_logs_append_only
  before update or delete on public.transaction_audit_logs
  for each row execute function private.audit_log_append_only();
create or replace trigger transaction_audit_logs_no_truncate
  before truncate on public.transaction_audit_logs
  for each statement execute function private.audit_log_append_only();

-- ---------------------------------------------------------------------------------------------------
-- Storage: objects in the private `documents` bucket live under <organization_id>/…; the first path
-- segment binds them to an organization. (Hearth writes them with the service role after its own checks;
-- these policies keep direct client access to the same rules.)
-- ---------------------------------------------------------------------------------------------------
drop policy if exists documents_objects_select on storage.objects;
create policy documents_objects_select on storage.objects for select to authenticated
  using (
    bucket_id = 'documents'
    and (storage.foldername(name))[1] in (select private.member_org_ids()::text)
  );
drop policy if exists documents_objects_insert on storage.objects;
create policy documents_objects_insert on storage.objects for insert to authenticated
  with check (
    bucket_id = 'documents'
    and (storage.foldername(name))[1] in
      (select private.member_org_ids(array['OWNER', 'ADMIN', 'MEMBER']::public.org_role[])::text)
  );
drop policy if exists documents_objects_update on storage.objects;
create policy documents_objects_update on storage.objects for update to authenticated
  using (
    bucket_id = 'documents'
    and (storage.foldername(name))[1] in
      (select private.member_org_ids(array['OWNER', 'ADMIN', 'MEMBER']::public.org_role[])::text)
  );
drop policy if exists documents_objects_delete on storage.objects;
create policy documents_objects_delete on storage.objects for delete to authenticated
  using (
    bucket_id = 'documents'
    and (storage.foldername(name))[1] in
      (select private.member_org_ids(array['OWNER', 'ADMIN', 'MEMBER']::public.org_role[])::text)
  );

-- ---------------------------------------------------------------------------------------------------
-- Rate limits, shared by every app instance: fixed windows counted in Postgres.
-- ---------------------------------------------------------------------------------------------------
create table if not exists private.rate_limit_hits (
  key text not null,
  window_start timestamptz not null,
  hits integer not null default 0,
  primary key (key, window_start)
);
create index if not exists rate_limit_hits_window_start_idx on private.rate_limit_hits (window_start);

-- Counts one hit for key in the current window; returns whether it is allowed and, if not, the seconds
-- until the window ends. Old windows are cleaned up opportunistically.
create or replace function private.hit_rate_limit(p_key text, p_limit integer, p_window_seconds integer)
returns table (allowed boolean, retry_after_seconds integer, hits integer)
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_window timestamptz := to_timestamp(floor(extract(epoch from now()) / p_window_seconds) * p_window_seconds);
  v_hits integer;
begin
  insert into private.rate_limit_hits as r (key, window_start, hits)
  values (p_key, v_window, 1)
  on conflict (key, window_start) do update set hits = r.hits + 1
  returning r.hits into v_hits;

  if random() < 0.01 then
    delete from private.rate_limit_hits where window_start < now() - interval '1 day';
  end if;

  return query select
    v_hits <= p_limit,
    case when v_hits <= p_limit then 0
         else greatest(1, ceil(extract(epoch from (v_window + make_interval(secs => p_window_seconds) - now())))::integer)
    end,
    v_hits;
end;
$$;
revoke all on function private.hit_rate_limit(text, integer, integer) from public;
grant execute on function private.hit_rate_limit(text, integer, integer) to service_role;
