-- Tags on contacts, saved views of the contacts list, "not a duplicate" dismissals, and merging two contacts
-- (docs/decisions/0022-merge-moves-what-references-contacts.md). The new tables follow the authorization model
-- (migration 20261206000100): RLS on, `authenticated` reads what the member may read and writes nothing, `hearth_app`
-- writes what the permission table allows, ids/organization/creator never change after insert.

-- ---------------------------------------------------------------------------------------------------
-- Tags: an organization's labels (one per name, case-insensitively) and which contacts carry them.
-- ---------------------------------------------------------------------------------------------------
create table if not exists public.tags (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  name text not null check (length(btrim(name)) between 1 and 40 and name = btrim(name)),
  created_by uuid references public.users (id) on delete set null,
  created_at timestamptz not null default now(),
  constraint tags_organization_id_id_key unique (organization_id, id)
);
create unique index if not exists tags_organization_id_name_key on public.tags (organization_id, lower(name));

create table if not exists public.contact_tags (
  organization_id uuid not null references public.organizations (id) on delete cascade,
  contact_id uuid not null,
  tag_id uuid not null,
  created_by uuid references public.users (id) on delete set null,
  created_at timestamptz not null default now(),
  primary key (contact_id, tag_id),
  constraint contact_tags_contact_fkey foreign key (organization_id, contact_id)
    references public.contacts (organization_id, id) on delete cascade,
  constraint contact_tags_tag_fkey foreign key (organization_id, tag_id)
    references public.tags (organization_id, id) on delete cascade
);
create index if not exists contact_tags_organization_id_tag_id_idx on public.contact_tags (organization_id, tag_id, contact_id);

-- ---------------------------------------------------------------------------------------------------
-- Saved views: a named contacts-list state (filters, sort, columns), the creator's own or shared with the team.
-- ---------------------------------------------------------------------------------------------------
create table if not exists public.saved_views (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  created_by uuid not null references public.users (id) on delete cascade,
  list text not null default 'contacts' check (list in ('contacts')),
  name text not null check (length(btrim(name)) between 1 and 60),
  shared boolean not null default false,
  params jsonb not null default '{}'::jsonb check (jsonb_typeof(params) = 'object'),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index if not exists saved_views_organization_id_idx on public.saved_views (organization_id, list, lower(name));

-- ---------------------------------------------------------------------------------------------------
-- "Not a duplicate": a pair someone reviewed and dismissed, stored once (smaller id first).
-- ---------------------------------------------------------------------------------------------------
create table if not exists public.contact_duplicate_dismissals (
  organization_id uuid not null references public.organizations (id) on delete cascade,
  contact_a uuid not null,
  contact_b uuid not null,
  dismissed_by uuid references public.users (id) on delete set null,
  created_at timestamptz not null default now(),
  primary key (contact_a, contact_b),
  constraint contact_duplicate_dismissals_order check (contact_a < contact_b),
  constraint contact_duplicate_dismissals_a_fkey foreign key (organization_id, contact_a)
    references public.contacts (organization_id, id) on delete cascade,
  constraint contact_duplicate_dismissals_b_fkey foreign key (organization_id, contact_b)
    references public.contacts (organization_id, id) on delete cascade
);

-- ---------------------------------------------------------------------------------------------------
-- Grants and policies
-- ---------------------------------------------------------------------------------------------------
alter table public.tags enable row level security;
alter table public.contact_tags enable row level security;
alter table public.saved_views enable row level security;
alter table public.contact_duplicate_dismissals enable row level security;

revoke all on public.tags, public.contact_tags, public.saved_views, public.contact_duplicate_dismissals
  from anon, authenticated, hearth_app;
grant select on public.tags, public.contact_tags, public.saved_views, public.contact_duplicate_dismissals
  to authenticated;
grant select, insert (organization_id, name, created_by), update (name), delete on public.tags to hearth_app;
grant select, insert (organization_id, contact_id, tag_id, created_by), delete on public.contact_tags to hearth_app;
grant select, insert (organization_id, created_by, list, name, shared, params), update (name, shared, params, updated_at),
  delete on public.saved_views to hearth_app;
grant select, insert (organization_id, contact_a, contact_b, dismissed_by), delete
  on public.contact_duplicate_dismissals to hearth_app;

-- Tags, taggings and dismissals: read with contacts:read, written with contacts:write, always as oneself.
do $$
declare
  t text;
begin
  foreach t in array array['tags', 'contact_tags', 'contact_duplicate_dismissals'] loop
    execute format($p$
      drop policy if exists %1$s_select on public.%1$I;
      create policy %1$s_select on public.%1$I for select to authenticated, hearth_app
        using (organization_id in (select private.permitted_org_ids('contacts:read')));
      drop policy if exists %1$s_delete on public.%1$I;
      create policy %1$s_delete on public.%1$I for delete to hearth_app
        using (organization_id in (select private.permitted_org_ids('contacts:write')));
    $p$, t);
  end loop;
end;
$$;
drop policy if exists tags_insert on public.tags;
create policy tags_insert on public.tags for insert to hearth_app
  with check (organization_id in (select private.permitted_org_ids('contacts:write'))
              and created_by = (select private.current_user_id()));
drop policy if exists tags_update on public.tags;
create policy tags_update on public.tags for update to hearth_app
  using (organization_id in (select private.permitted_org_ids('contacts:write')))
  with check (organization_id in (select private.permitted_org_ids('contacts:write')));
drop policy if exists contact_tags_insert on public.contact_tags;
create policy contact_tags_insert on public.contact_tags for insert to hearth_app
  with check (organization_id in (select private.permitted_org_ids('contacts:write'))
              and created_by = (select private.current_user_id()));
drop policy if exists contact_duplicate_dismissals_insert on public.contact_duplicate_dismissals;
create policy contact_duplicate_dismissals_insert on public.contact_duplicate_dismissals for insert to hearth_app
  with check (organization_id in (select private.permitted_org_ids('contacts:write'))
              and dismissed_by = (select private.current_user_id()));

-- Saved views: whoever reads the contacts keeps private views of them (a preference, not a change to the data);
-- sharing one with the organization needs contacts:write. A shared view is seen by everyone who reads contacts and
-- changed or deleted by its creator or by owners and admins (organization:update); a private one is its creator's.
drop policy if exists saved_views_select on public.saved_views;
create policy saved_views_select on public.saved_views for select to authenticated, hearth_app
  using (organization_id in (select private.permitted_org_ids('contacts:read'))
         and (shared or created_by = (select private.current_user_id())));
drop policy if exists saved_views_insert on public.saved_views;
create policy saved_views_insert on public.saved_views for insert to hearth_app
  with check (organization_id in (select private.permitted_org_ids('contacts:read'))
              and created_by = (select private.current_user_id())
              and (not shared or organization_id in (select private.permitted_org_ids('contacts:write'))));
drop policy if exists saved_views_update on public.saved_views;
create policy saved_views_update on public.saved_views for update to hearth_app
  using (organization_id in (select private.permitted_org_ids('contacts:read'))
         and (created_by = (select private.current_user_id())
              or (shared and organization_id in (select private.permitted_org_ids('organization:update')))))
  with check (organization_id in (select private.permitted_org_ids('contacts:read'))
              and (not shared or organization_id in (select private.permitted_org_ids('contacts:write')))
              and (created_by = (select private.current_user_id())
                   or (shared and organization_id in (select private.permitted_org_ids('organization:update')))));
drop policy if exists saved_views_delete on public.saved_views;
create policy saved_views_delete on public.saved_views for delete to hearth_app
  using (organization_id in (select private.permitted_org_ids('contacts:read'))
         and (created_by = (select private.current_user_id())
              or (shared and organization_id in (select private.permitted_org_ids('organization:update')))));

-- ---------------------------------------------------------------------------------------------------
-- Merging two contacts: every row that references the removed contact moves to the kept one, found in the catalog
-- (every foreign key to public.contacts, so tables added later are covered without a change here), then the removed
-- contact goes. Rows that would collide with the kept contact's on a unique index (the same tag on both, both on
-- the same loop in the same role) are the same fact twice: the removed contact's copy is dropped. The caller (the
-- app's tenant transaction) updates the kept contact's chosen fields and writes the audit entry in the same
-- transaction. Runs as the owner so that it needs no grant on tables it has never heard of; it checks the
-- permission itself, for the tenant context's organization only.
-- ---------------------------------------------------------------------------------------------------
create or replace function private.merge_contacts(p_organization_id uuid, p_keep uuid, p_remove uuid)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_fk record;
  v_idx record;
  v_match text;
  v_unsupported boolean;
  v_moved bigint;
  v_dropped bigint;
  v_total_dropped bigint;
  v_found integer;
  v_result jsonb := '{}'::jsonb;
begin
  if p_keep is null or p_remove is null or p_keep = p_remove then
    raise exception 'a contact can''t be merged with itself' using errcode = '22023';
  end if;
  if p_organization_id is null or private.current_org() is distinct from p_organization_id
     or not exists (select 1 from private.permitted_org_ids('contacts:write') o where o = p_organization_id)
     or not exists (select 1 from private.permitted_org_ids('deals:write') o where o = p_organization_id) then
    raise exception 'merging contacts needs contacts:write in this organization' using errcode = '42501';
  end if;
  select count(*) into v_found from (
    select 1 from public.contacts c
     where c.id in (p_keep, p_remove) and c.organization_id = p_organization_id
     order by c.id
       for update
  ) locked;
  if v_found <> 2 then
    raise exception 'both contacts must exist in this organization' using errcode = '42501';
  end if;

  -- A dismissal names a pair; one naming the removed contact has nothing left to say.
  delete from public.contact_duplicate_dismissals d where p_remove in (d.contact_a, d.contact_b);

  for v_fk in
    select distinct con.conrelid, con.conrelid::regclass::text as tbl, a.attname::text as col, a.attnum
      from pg_catalog.pg_constraint con
      cross join lateral unnest(con.conkey, con.confkey) as k(src, dst)
      join pg_catalog.pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.src
      join pg_catalog.pg_attribute ra on ra.attrelid = con.confrelid and ra.attnum = k.dst
     where con.contype = 'f' and con.confrelid = 'public.contacts'::regclass and ra.attname = 'id'
     order by 2, 3
  loop
    v_total_dropped := 0;
    for v_idx in
      select i.indexrelid, i.indkey::int2[] as cols, i.indnullsnotdistinct as nnd, i.indpred is not null as partial
        from pg_catalog.pg_index i
       where i.indrelid = v_fk.conrelid and i.indisunique and v_fk.attnum = any (i.indkey::int2[])
    loop
      select bool_or(k.attnum = 0) into v_unsupported from unnest(v_idx.cols) as k(attnum);
      -- Expression and partial unique indexes can't be matched column by column: a clash there aborts the merge
      -- (unique violation) rather than dropping a row that might not be a copy.
      continue when v_unsupported or v_idx.partial;
      select coalesce(string_agg(format('o.%1$I %2$s r.%1$I', a.attname,
                                        case when v_idx.nnd then 'is not distinct from' else '=' end), ' and '),
                      'true')
        into v_match
        from unnest(v_idx.cols) as k(attnum)
        join pg_catalog.pg_attribute a on a.attrelid = v_fk.conrelid and a.attnum = k.attnum
       where k.attnum <> v_fk.attnum;
      execute format('delete from %1$s r where r.%2$I = $2 and exists (select 1 from %1$s o where o.%2$I = $1 and %3$s)',
                     v_fk.tbl, v_fk.col, v_match)
        using p_keep, p_remove;
      get diagnostics v_dropped = row_count;
      v_total_dropped := v_total_dropped + v_dropped;
    end loop;
    execute format('update %1$s set %2$I = $1 where %2$I = $2', v_fk.tbl, v_fk.col) using p_keep, p_remove;
    get diagnostics v_moved = row_count;
    if v_moved > 0 or v_total_dropped > 0 then
      v_result := v_result || jsonb_build_object(
        v_fk.tbl || '.' || v_fk.col, jsonb_build_object('moved', v_moved, 'dropped', v_total_dropped));
    end if;
  end loop;

  delete from public.contacts c where c.id = p_remove and c.organization_id = p_organization_id;
  return v_result;
end;
$$;
revoke all on function private.merge_contacts(uuid, uuid, uuid) from public;
grant execute on function private.merge_contacts(uuid, uuid, uuid) to hearth_app;

-- ---------------------------------------------------------------------------------------------------
-- The audit log: tagging and merging are the team's activity; a bulk tagging is one grouped entry like a bulk
-- assignment ('contact_tagging', no entity id). Tag, view and dismissal entries stay with owners and admins.
-- ---------------------------------------------------------------------------------------------------
create or replace function private.audit_audience(p_action text) returns text
language sql immutable
set search_path = ''
as $$
  select case when p_action = any (array[
    'contact.created', 'contact.updated', 'contact.assigned', 'contact.bulk_assigned', 'contact.imported',
    'contact.tagged', 'contact.untagged', 'contact.bulk_tagged', 'contact.merged',
    'deal.created', 'deal.updated', 'deal.stage_changed',
    'loop.created', 'loop.updated', 'loop.status_changed',
    'task.created', 'task.updated', 'task.reordered', 'task.due_dates_moved',
    'document.uploaded', 'document.link_created', 'document.filed', 'document.submitted', 'document.approved',
    'document.returned',
    'participant.added', 'participant.removed', 'key_date.set', 'key_date.removed', 'slot.added', 'slot.removed',
    'review.submitted', 'template.updated',
    'member.joined', 'member.role_changed',
    'organization.created', 'organization.updated', 'plan.changed'
  ]) then 'team' else 'admins' end
$$;

create or replace function private.audit_entity_readable(p_entity_type text, p_entity_id text) returns boolean
language plpgsql stable
set search_path = ''
as $$
declare
  v_id uuid;
begin
  if p_entity_type in ('organization', 'subscription', 'contact_import', 'contact_assignment', 'contact_tagging',
                       'checklist_template')
  then
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
