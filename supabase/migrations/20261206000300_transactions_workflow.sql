-- Transactions the way brokerages run them (issue 12): people on a loop, checklist templates per transaction type,
-- key dates with tasks due relative to them, document slots and their compliance review, notifications, and the
-- loop's tables published to Realtime. Every table follows the authorization model (20261206000100): RLS for both
-- roles, SELECT for the browser's role, writes for the app's role under the permission table, audit entries through
-- private.append_audit_many.

-- ---------------------------------------------------------------------------------------------------
-- Permissions: template editing, compliance review (owners and admins, and members given the reviewer flag), and
-- reading one's own notifications. A membership can hold extra grants beyond its role (only reviews:manage today).
-- ---------------------------------------------------------------------------------------------------
insert into private.permissions (permission, module, feature, is_write) values
  ('templates:manage', 'transactions', 'transactions', true),
  ('reviews:manage', 'transactions', 'documents', true),
  ('notifications:read', 'organization', 'organization', false)
on conflict do nothing;
insert into private.org_role_permissions (role, permission) values
  ('OWNER', 'templates:manage'), ('OWNER', 'reviews:manage'), ('OWNER', 'notifications:read'),
  ('ADMIN', 'templates:manage'), ('ADMIN', 'reviews:manage'), ('ADMIN', 'notifications:read'),
  ('MEMBER', 'notifications:read'), ('VIEWER', 'notifications:read')
on conflict do nothing;

alter table public.organization_members add column if not exists grants text[] not null default '{}';
do $$ begin
  alter table public.organization_members
    add constraint organization_members_grants_check check (grants <@ array['reviews:manage']::text[]);
exception when duplicate_object or duplicate_table then null;
end $$;
grant update (role, grants) on public.organization_members to hearth_app;

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
$$;

-- Organizations where the current user holds any write permission (who may act there at all: e.g. notify a
-- teammate). Viewers, support staff and suspended users hold none.
create or replace function private.writer_org_ids() returns setof uuid
language sql stable security definer
set search_path = ''
as $$
  select distinct m.organization_id
    from public.organization_members m
    join public.users u on u.id = m.user_id
    join private.permissions p on p.is_write
    join private.global_role_modules g on g.global_role = u.global_role and g.module = p.module and g.access = 'write'
    join private.tier_features tf on tf.feature = p.feature and tf.tier = private.effective_tier(m.organization_id)
   where m.user_id = (select private.current_user_id())
     and m.accepted_at is not null
     and (private.current_org() is null or m.organization_id = private.current_org())
     and (
       exists (select 1 from private.org_role_permissions rp where rp.role = m.role and rp.permission = p.permission)
       or p.permission = any (m.grants)
     )
$$;
revoke all on function private.writer_org_ids() from public;
grant execute on function private.writer_org_ids() to hearth_app;

-- Whether a user is an accepted, unsuspended member of an organization (assignees, participants, recipients).
create or replace function private.is_active_member(p_organization_id uuid, p_user_id uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (
    select 1 from public.organization_members m join public.users u on u.id = m.user_id
     where m.organization_id = p_organization_id and m.user_id = p_user_id and m.accepted_at is not null
       and u.global_role <> 'SUSPENDED'
  )
$$;
revoke all on function private.is_active_member(uuid, uuid) from public;
grant execute on function private.is_active_member(uuid, uuid) to hearth_app;

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
  if not private.is_active_member(new.organization_id, v_new) then
    raise exception 'the assignee is not a member of this organization' using errcode = '23503';
  end if;
  return new;
end;
$$;

-- ---------------------------------------------------------------------------------------------------
-- The organization's setting: closing a loop needs every required document approved.
-- ---------------------------------------------------------------------------------------------------
alter table public.organizations add column if not exists require_approval_to_close boolean not null default true;
grant update (name, require_approval_to_close) on public.organizations to hearth_app;

-- ---------------------------------------------------------------------------------------------------
-- People on a loop: a CRM contact or a teammate, in a role.
-- ---------------------------------------------------------------------------------------------------
create table if not exists public.loop_participants (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  loop_id uuid not null,
  role public.participant_role not null,
  contact_id uuid,
  user_id uuid references public.users (id) on delete cascade,
  created_by uuid references public.users (id) on delete set null,
  created_at timestamptz not null default now(),
  constraint loop_participants_loop_fkey foreign key (organization_id, loop_id)
    references public.transaction_loops (organization_id, id) on delete cascade,
  constraint loop_participants_contact_fkey foreign key (organization_id, contact_id)
    references public.contacts (organization_id, id) on delete cascade,
  constraint loop_participants_one_person check ((contact_id is null) <> (user_id is null)),
  constraint loop_participants_unique unique nulls not distinct (loop_id, role, contact_id, user_id)
);
create index if not exists loop_participants_organization_id_loop_id_idx on public.loop_participants (organization_id, loop_id);
create index if not exists loop_participants_organization_id_contact_id_idx
  on public.loop_participants (organization_id, contact_id) where contact_id is not null;
create index if not exists loop_participants_organization_id_user_id_idx
  on public.loop_participants (organization_id, user_id) where user_id is not null;
create or replace trigger loop_participants_user_is_member
  before insert or update of user_id on public.loop_participants
  for each row execute function private.assert_assignee_is_member('user_id');

-- ---------------------------------------------------------------------------------------------------
-- Key dates and contingencies. One of each standard kind per loop; custom ones carry a label.
-- ---------------------------------------------------------------------------------------------------
create table if not exists public.loop_key_dates (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  loop_id uuid not null,
  kind public.key_date_kind not null,
  label text,
  date date,
  status public.key_date_status not null default 'PENDING',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint loop_key_dates_loop_fkey foreign key (organization_id, loop_id)
    references public.transaction_loops (organization_id, id) on delete cascade,
  constraint loop_key_dates_label check (
    (kind = 'CUSTOM' and label is not null and length(btrim(label)) between 1 and 120)
    or (kind <> 'CUSTOM' and label is null)
  )
);
create unique index if not exists loop_key_dates_one_per_kind on public.loop_key_dates (loop_id, kind) where kind <> 'CUSTOM';
create index if not exists loop_key_dates_organization_id_date_idx on public.loop_key_dates (organization_id, date)
  where date is not null;
create index if not exists loop_key_dates_organization_id_loop_id_idx on public.loop_key_dates (organization_id, loop_id);
create or replace trigger loop_key_dates_set_updated_at before update on public.loop_key_dates
  for each row execute function public.set_updated_at();

-- Tasks due relative to a key date follow it, unless someone set their due date by hand.
do $$ begin
  alter table public.transaction_tasks
    add column if not exists key_date_kind public.key_date_kind,
    add column if not exists due_offset_days integer,
    add column if not exists due_date_manual boolean not null default false,
    add constraint transaction_tasks_due_rule check (
      (key_date_kind is null) = (due_offset_days is null)
      and (due_offset_days is null or due_offset_days between -365 and 365)
      and (key_date_kind is distinct from 'CUSTOM')
    );
exception when duplicate_object or duplicate_table then null;
end $$;

-- ---------------------------------------------------------------------------------------------------
-- Checklist templates: one per organization and transaction type, its task items and required document slots.
-- ---------------------------------------------------------------------------------------------------
create table if not exists public.checklist_templates (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  transaction_type public.transaction_type not null,
  name text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  updated_by uuid references public.users (id) on delete set null,
  constraint checklist_templates_organization_id_id_key unique (organization_id, id),
  constraint checklist_templates_one_per_type unique (organization_id, transaction_type),
  constraint checklist_templates_name_length check (length(btrim(name)) between 1 and 120)
);
create or replace trigger checklist_templates_set_updated_at before update on public.checklist_templates
  for each row execute function public.set_updated_at();

create table if not exists public.checklist_template_items (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  template_id uuid not null,
  kind public.template_item_kind not null,
  title text not null,
  category public.task_category,
  assignee_role public.participant_role,
  key_date_kind public.key_date_kind,
  offset_days integer,
  required boolean not null default true,
  sort_order integer not null default 0,
  constraint checklist_template_items_template_fkey foreign key (organization_id, template_id)
    references public.checklist_templates (organization_id, id) on delete cascade,
  constraint checklist_template_items_title_length check (length(btrim(title)) between 1 and 200),
  constraint checklist_template_items_task_fields check (
    (kind = 'TASK' and category is not null)
    or (kind = 'DOCUMENT' and category is null and assignee_role is null and key_date_kind is null)
  ),
  constraint checklist_template_items_due_rule check (
    (key_date_kind is null) = (offset_days is null)
    and (offset_days is null or offset_days between -365 and 365)
    and (key_date_kind is distinct from 'CUSTOM')
  )
);
create index if not exists checklist_template_items_template_idx
  on public.checklist_template_items (organization_id, template_id, sort_order);

-- ---------------------------------------------------------------------------------------------------
-- Document slots of a loop (from its template, or added), the documents filed in them and their review.
-- ---------------------------------------------------------------------------------------------------
create table if not exists public.loop_document_slots (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  loop_id uuid not null,
  title text not null,
  required boolean not null default true,
  sort_order integer not null default 0,
  created_at timestamptz not null default now(),
  constraint loop_document_slots_organization_id_id_key unique (organization_id, id),
  constraint loop_document_slots_loop_fkey foreign key (organization_id, loop_id)
    references public.transaction_loops (organization_id, id) on delete cascade,
  constraint loop_document_slots_title_length check (length(btrim(title)) between 1 and 200)
);
create index if not exists loop_document_slots_organization_id_loop_id_idx
  on public.loop_document_slots (organization_id, loop_id, sort_order);

do $$ begin
  alter table public.transaction_documents
    add column if not exists slot_id uuid,
    add column if not exists review_status public.review_status not null default 'NOT_SUBMITTED',
    add column if not exists review_note text,
    add column if not exists reviewed_by uuid references public.users (id) on delete set null,
    add column if not exists reviewed_at timestamptz,
    add constraint transaction_documents_slot_id_fkey foreign key (slot_id)
      references public.loop_document_slots (id) on delete set null,
    add constraint transaction_documents_review_note_length check (review_note is null or length(review_note) <= 2000),
    add constraint transaction_documents_returned_has_note
      check (review_status <> 'RETURNED' or (review_note is not null and length(btrim(review_note)) > 0));
exception when duplicate_object or duplicate_table then null;
end $$;
create index if not exists transaction_documents_organization_id_slot_id_idx
  on public.transaction_documents (organization_id, slot_id) where slot_id is not null;
create index if not exists transaction_documents_organization_id_review_idx
  on public.transaction_documents (organization_id, review_status) where deleted_at is null;

-- A document is filed only in a slot of its own loop.
create or replace function private.assert_slot_of_loop() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if new.slot_id is not null and not exists (
    select 1 from public.loop_document_slots s
     where s.id = new.slot_id and s.organization_id = new.organization_id and s.loop_id = new.loop_id
  ) then
    raise exception 'the document slot belongs to another loop' using errcode = '23503';
  end if;
  return new;
end;
$$;
revoke all on function private.assert_slot_of_loop() from public;
create or replace trigger transaction_documents_slot_of_loop
  before insert or update of slot_id on public.transaction_documents
  for each row execute function private.assert_slot_of_loop();

alter table public.transaction_loops
  add column if not exists review_requested_at timestamptz,
  add column if not exists review_requested_by uuid references public.users (id) on delete set null;

-- Document rows (20261206000100): besides shredding and the type, the app now files a document in a slot and
-- reviews it. Only a reviewer (reviews:manage) approves or returns, stamping themself; anyone who may write
-- documents submits one for review or withdraws it. Every change still commits with an audit entry.
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
    raise exception 'only a document''s type, slot and review change, or it is deleted' using errcode = '42501';
  end if;
  if new.deleted_at is not null and new.wrapped_key is not null then
    raise exception 'deleting a document destroys its data key' using errcode = '42501';
  end if;
  if new.deleted_at is null and new.wrapped_key is distinct from old.wrapped_key then
    raise exception 'a document''s data key changes only by key rotation' using errcode = '42501';
  end if;
  if new.review_status is distinct from old.review_status
     or new.review_note is distinct from old.review_note
     or new.reviewed_by is distinct from old.reviewed_by then
    if new.review_status in ('APPROVED', 'RETURNED') then
      if new.organization_id not in (select private.permitted_org_ids('reviews:manage')) then
        raise exception 'only a reviewer approves or returns a document' using errcode = '42501';
      end if;
      if new.reviewed_by is distinct from (select private.current_user_id()) then
        raise exception 'a review is stamped with its reviewer' using errcode = '42501';
      end if;
    end if;
  end if;
  return new;
end;
$$;

-- Closing: a loop moves to CLOSED only when every required slot holds an approved document (where the
-- organization asks for it). The app says which ones are missing; this is the last line.
create or replace function private.assert_closable() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if new.status = 'CLOSED' and old.status is distinct from 'CLOSED'
     and (select o.require_approval_to_close from public.organizations o where o.id = new.organization_id)
     and exists (
       select 1 from public.loop_document_slots s
        where s.organization_id = new.organization_id and s.loop_id = new.id and s.required
          and not exists (
            select 1 from public.transaction_documents d
             where d.organization_id = s.organization_id and d.slot_id = s.id and d.deleted_at is null
               and d.review_status = 'APPROVED'
          )
     ) then
    raise exception 'every required document must be approved before the loop closes'
      using errcode = '23514', hint = 'compliance';
  end if;
  return new;
end;
$$;
revoke all on function private.assert_closable() from public;
create or replace trigger transaction_loops_closable
  before update of status on public.transaction_loops
  for each row execute function private.assert_closable();

-- ---------------------------------------------------------------------------------------------------
-- Notifications: each member's own, and which kinds they muted.
-- ---------------------------------------------------------------------------------------------------
create table if not exists public.notifications (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  user_id uuid not null references public.users (id) on delete cascade,
  kind public.notification_kind not null,
  title text not null,
  body text,
  link text,
  entity_type text,
  entity_id text,
  read_at timestamptz,
  created_by uuid references public.users (id) on delete set null,
  created_at timestamptz not null default now(),
  constraint notifications_title_length check (length(title) between 1 and 300),
  constraint notifications_body_length check (body is null or length(body) <= 2000),
  constraint notifications_link_local check (link is null or link ~ '^/[^/\\]')
);
create index if not exists notifications_user_id_organization_id_created_at_idx
  on public.notifications (user_id, organization_id, created_at desc);
create index if not exists notifications_unread_idx on public.notifications (user_id, organization_id) where read_at is null;

create table if not exists public.notification_preferences (
  organization_id uuid not null references public.organizations (id) on delete cascade,
  user_id uuid not null references public.users (id) on delete cascade,
  muted public.notification_kind[] not null default '{}',
  daily_digest boolean not null default true,
  updated_at timestamptz not null default now(),
  primary key (organization_id, user_id)
);
create or replace trigger notification_preferences_set_updated_at before update on public.notification_preferences
  for each row execute function public.set_updated_at();

-- Who gets a notification: an active member who hasn't muted its kind. Refusing here keeps the rule in one place.
create or replace function private.guard_notification() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if not private.is_active_member(new.organization_id, new.user_id) then
    raise exception 'notifications go to members of the organization' using errcode = '23503';
  end if;
  return new;
end;
$$;
revoke all on function private.guard_notification() from public;
create or replace trigger notifications_recipient_is_member
  before insert on public.notifications
  for each row execute function private.guard_notification();

-- ---------------------------------------------------------------------------------------------------
-- Grants and policies (the model of 20261206000100: SELECT for both roles, writes for hearth_app).
-- ---------------------------------------------------------------------------------------------------
revoke all on public.loop_participants, public.loop_key_dates, public.checklist_templates,
  public.checklist_template_items, public.loop_document_slots, public.notifications,
  public.notification_preferences from authenticated, hearth_app, anon;
grant select on public.loop_participants, public.loop_key_dates, public.checklist_templates,
  public.checklist_template_items, public.loop_document_slots, public.notifications,
  public.notification_preferences to authenticated;
grant select, insert, delete on public.loop_participants to hearth_app;
grant select, insert, update (label, date, status), delete on public.loop_key_dates to hearth_app;
grant select, insert, update (name, updated_by) on public.checklist_templates to hearth_app;
grant select, insert, update (title, category, assignee_role, key_date_kind, offset_days, required, sort_order),
  delete on public.checklist_template_items to hearth_app;
grant select, insert, update (title, required, sort_order), delete on public.loop_document_slots to hearth_app;
grant select, insert, update (read_at) on public.notifications to hearth_app;
grant select, insert, update (muted, daily_digest) on public.notification_preferences to hearth_app;
grant update (key_date_kind, due_offset_days, due_date_manual) on public.transaction_tasks to hearth_app;
grant update (review_requested_at, review_requested_by) on public.transaction_loops to hearth_app;
grant update (slot_id, review_status, review_note, reviewed_by, reviewed_at) on public.transaction_documents
  to hearth_app;

alter table public.loop_participants enable row level security;
alter table public.loop_key_dates enable row level security;
alter table public.checklist_templates enable row level security;
alter table public.checklist_template_items enable row level security;
alter table public.loop_document_slots enable row level security;
alter table public.notifications enable row level security;
alter table public.notification_preferences enable row level security;

do $$
declare
  spec record;
begin
  for spec in select * from (values
      ('loop_participants', 'loops:read', 'loops:write'),
      ('loop_key_dates', 'loops:read', 'loops:write'),
      ('loop_document_slots', 'loops:read', 'loops:write'),
      ('checklist_templates', 'loops:read', 'templates:manage'),
      ('checklist_template_items', 'loops:read', 'templates:manage')
    ) as t(tbl, read_perm, write_perm)
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
      drop policy if exists %1$s_delete on public.%1$I;
      create policy %1$s_delete on public.%1$I for delete to hearth_app
        using (organization_id in (select private.permitted_org_ids(%3$L)));
    $p$, spec.tbl, spec.read_perm, spec.write_perm);
  end loop;
end;
$$;

-- Notifications: a member reads and marks read their own; anyone who may change something in the organization
-- may notify a teammate about it.
drop policy if exists notifications_select on public.notifications;
create policy notifications_select on public.notifications for select to authenticated, hearth_app
  using (
    user_id = (select private.current_user_id())
    and organization_id in (select private.permitted_org_ids('notifications:read'))
  );
drop policy if exists notifications_insert on public.notifications;
create policy notifications_insert on public.notifications for insert to hearth_app
  with check (
    organization_id in (select private.writer_org_ids())
    and (created_by is null or created_by = (select private.current_user_id()))
  );
drop policy if exists notifications_update on public.notifications;
create policy notifications_update on public.notifications for update to hearth_app
  using (user_id = (select private.current_user_id()))
  with check (user_id = (select private.current_user_id()));

drop policy if exists notification_preferences_select on public.notification_preferences;
create policy notification_preferences_select on public.notification_preferences for select
  to authenticated, hearth_app
  using (
    user_id = (select private.current_user_id())
    and organization_id in (select private.permitted_org_ids('notifications:read'))
  );
drop policy if exists notification_preferences_insert on public.notification_preferences;
create policy notification_preferences_insert on public.notification_preferences for insert to hearth_app
  with check (
    user_id = (select private.current_user_id())
    and organization_id in (select private.permitted_org_ids('notifications:read'))
  );
drop policy if exists notification_preferences_update on public.notification_preferences;
create policy notification_preferences_update on public.notification_preferences for update to hearth_app
  using (user_id = (select private.current_user_id()))
  with check (user_id = (select private.current_user_id()));

-- Key material stays on the server: the browser's role reads every document column but the wrapped data key (the
-- Data API and Realtime then leave it out).
revoke select on public.transaction_documents from authenticated;
do $$
declare cols text;
begin
  select string_agg(format('%I', column_name), ', ' order by ordinal_position) into cols
    from information_schema.columns
   where table_schema = 'public' and table_name = 'transaction_documents' and column_name <> 'wrapped_key';
  execute format('grant select (%s) on public.transaction_documents to authenticated', cols);
end;
$$;

-- ---------------------------------------------------------------------------------------------------
-- The audit log: the new entries the team reads (they are about the loop, its documents, or the templates), and
-- templates count as the organization's own settings, readable while the organization is.
-- ---------------------------------------------------------------------------------------------------
create or replace function private.audit_audience(p_action text) returns text
language sql immutable
set search_path = ''
as $$
  select case when p_action = any (array[
    'contact.created', 'contact.updated', 'contact.assigned', 'contact.imported',
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
  if p_entity_type in ('organization', 'subscription', 'contact_import', 'checklist_template') then
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

-- ---------------------------------------------------------------------------------------------------
-- Default checklist templates, seeded for every organization (new ones on creation, existing ones now). Offsets
-- count from a key date; a task without a key date has no due date until someone gives it one.
-- ---------------------------------------------------------------------------------------------------
create or replace function private.seed_default_templates(p_organization_id uuid) returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_template uuid;
  v_type public.transaction_type;
  v_item record;
begin
  foreach v_type in array enum_range(null::public.transaction_type) loop
    insert into public.checklist_templates (organization_id, transaction_type, name)
    values (p_organization_id, v_type, initcap(v_type::text) || ' checklist')
    on conflict (organization_id, transaction_type) do nothing
    returning id into v_template;
    continue when v_template is null; -- the organization already has (and may have edited) this template
    for v_item in
      select * from (values
        -- type, kind, title, category, assignee role, key date, offset, required
        ('PURCHASE', 'TASK', 'Deliver earnest money deposit', 'OFFER', 'BUYERS_AGENT', 'ACCEPTANCE', 3, true),
        ('PURCHASE', 'TASK', 'Order the home inspection', 'DUE_DILIGENCE', 'BUYERS_AGENT', 'INSPECTION', -7, true),
        ('PURCHASE', 'TASK', 'Review the inspection report with the buyer', 'DUE_DILIGENCE', 'BUYERS_AGENT', 'INSPECTION', -2, true),
        ('PURCHASE', 'TASK', 'Confirm the appraisal is ordered', 'FINANCING', 'LENDER', 'APPRAISAL', -10, true),
        ('PURCHASE', 'TASK', 'Confirm the loan commitment', 'FINANCING', 'BUYERS_AGENT', 'FINANCING', -3, true),
        ('PURCHASE', 'TASK', 'Schedule the final walkthrough', 'CLOSING', 'BUYERS_AGENT', 'CLOSING', -2, true),
        ('PURCHASE', 'TASK', 'Confirm closing figures with title/escrow', 'CLOSING', 'TRANSACTION_COORDINATOR', 'CLOSING', -3, true),
        ('PURCHASE', 'DOCUMENT', 'Purchase agreement', null, null, null, null, true),
        ('PURCHASE', 'DOCUMENT', 'Seller''s disclosure', null, null, null, null, true),
        ('PURCHASE', 'DOCUMENT', 'Inspection report', null, null, null, null, true),
        ('PURCHASE', 'DOCUMENT', 'Loan commitment letter', null, null, null, null, false),
        ('PURCHASE', 'DOCUMENT', 'Closing disclosure', null, null, null, null, true),
        ('LISTING', 'TASK', 'Comparative market analysis', 'PRE_LISTING', 'LISTING_AGENT', null, null, true),
        ('LISTING', 'TASK', 'Photos and listing description', 'LISTING', 'LISTING_AGENT', null, null, true),
        ('LISTING', 'TASK', 'Review offers with the seller', 'OFFER', 'LISTING_AGENT', 'ACCEPTANCE', -1, true),
        ('LISTING', 'TASK', 'Respond to inspection requests', 'DUE_DILIGENCE', 'LISTING_AGENT', 'INSPECTION', 3, true),
        ('LISTING', 'TASK', 'Prepare the property for closing', 'CLOSING', 'LISTING_AGENT', 'CLOSING', -5, true),
        ('LISTING', 'DOCUMENT', 'Listing agreement', null, null, null, null, true),
        ('LISTING', 'DOCUMENT', 'Seller''s disclosure', null, null, null, null, true),
        ('LISTING', 'DOCUMENT', 'Purchase agreement', null, null, null, null, true),
        ('LISTING', 'DOCUMENT', 'Closing statement', null, null, null, null, true),
        ('DUAL', 'TASK', 'Dual agency disclosure signed by both parties', 'OFFER', 'LISTING_AGENT', 'ACCEPTANCE', 0, true),
        ('DUAL', 'TASK', 'Order the home inspection', 'DUE_DILIGENCE', 'BUYERS_AGENT', 'INSPECTION', -7, true),
        ('DUAL', 'TASK', 'Confirm the loan commitment', 'FINANCING', 'BUYERS_AGENT', 'FINANCING', -3, true),
        ('DUAL', 'TASK', 'Schedule the final walkthrough', 'CLOSING', 'BUYERS_AGENT', 'CLOSING', -2, true),
        ('DUAL', 'DOCUMENT', 'Dual agency disclosure', null, null, null, null, true),
        ('DUAL', 'DOCUMENT', 'Listing agreement', null, null, null, null, true),
        ('DUAL', 'DOCUMENT', 'Purchase agreement', null, null, null, null, true),
        ('DUAL', 'DOCUMENT', 'Inspection report', null, null, null, null, true),
        ('DUAL', 'DOCUMENT', 'Closing disclosure', null, null, null, null, true),
        ('LEASE', 'TASK', 'Screen the tenant application', 'LEASING', 'LISTING_AGENT', 'ACCEPTANCE', -3, true),
        ('LEASE', 'TASK', 'Collect the security deposit', 'LEASING', 'LISTING_AGENT', 'ACCEPTANCE', 2, true),
        ('LEASE', 'TASK', 'Move-in inspection', 'CLOSING', 'LISTING_AGENT', 'POSSESSION', 0, true),
        ('LEASE', 'DOCUMENT', 'Rental application', null, null, null, null, true),
        ('LEASE', 'DOCUMENT', 'Lease agreement', null, null, null, null, true),
        ('LEASE', 'DOCUMENT', 'Move-in inspection report', null, null, null, null, false)
      ) as i(t, kind, title, category, assignee_role, key_date, offset_days, required)
      where i.t = v_type::text
    loop
      insert into public.checklist_template_items
        (organization_id, template_id, kind, title, category, assignee_role, key_date_kind, offset_days, required,
         sort_order)
      values (p_organization_id, v_template, v_item.kind::public.template_item_kind, v_item.title,
              v_item.category::public.task_category, v_item.assignee_role::public.participant_role,
              v_item.key_date::public.key_date_kind, v_item.offset_days, v_item.required,
              (select count(*) from public.checklist_template_items where template_id = v_template));
    end loop;
  end loop;
end;
$$;
revoke all on function private.seed_default_templates(uuid) from public;

create or replace function private.seed_templates_on_create() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.seed_default_templates(new.id);
  return null;
end;
$$;
revoke all on function private.seed_templates_on_create() from public;
create or replace trigger organizations_seed_templates
  after insert on public.organizations
  for each row execute function private.seed_templates_on_create();

select private.seed_default_templates(id) from public.organizations;

-- ---------------------------------------------------------------------------------------------------
-- Live loops: the loop's tables are published to Realtime. REPLICA IDENTITY FULL lets a DELETE filtered by
-- loop_id (or a notification's user_id) reach its subscribers; under RLS a DELETE still carries only the key.
-- ---------------------------------------------------------------------------------------------------
alter table public.transaction_loops replica identity full;
alter table public.transaction_tasks replica identity full;
alter table public.transaction_documents replica identity full;
alter table public.loop_participants replica identity full;
alter table public.loop_key_dates replica identity full;
alter table public.loop_document_slots replica identity full;
alter table public.notifications replica identity full;
do $$ begin
  alter publication supabase_realtime add table public.transaction_loops, public.transaction_tasks,
    public.transaction_documents, public.loop_participants, public.loop_key_dates, public.loop_document_slots,
    public.notifications;
exception when duplicate_object then null;
end $$;
