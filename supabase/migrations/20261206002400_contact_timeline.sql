-- A contact's timeline (decision 0023): what the agent typed about the contact (notes, logged calls, meetings and
-- emails) and the reminders set on it. Plain rows with a (organization_id, contact_id) foreign key to the contact and
-- no unique constraint that involves contact_id, so merging contacts can move them by updating contact_id.
-- Reading follows contacts:read, writing contacts:write. Editing or deleting an entry is for whoever wrote it, or an
-- owner or admin; a reminder is ticked done by anyone who may write contacts, deleted by its creator or an admin.

create table if not exists public.contact_entries (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  contact_id uuid not null,
  kind text not null,
  body text not null,
  occurred_at timestamptz not null default now(),
  call_outcome text,
  duration_minutes integer,
  created_by uuid references public.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint contact_entries_contact_fkey foreign key (organization_id, contact_id)
    references public.contacts (organization_id, id) on delete cascade,
  constraint contact_entries_kind check (kind in ('NOTE', 'CALL', 'MEETING', 'EMAIL')),
  constraint contact_entries_body check (length(btrim(body)) between 1 and 5000),
  constraint contact_entries_call_fields check (
    kind = 'CALL' or (call_outcome is null and duration_minutes is null)
  ),
  constraint contact_entries_call_outcome check (
    call_outcome is null or call_outcome in ('CONNECTED', 'LEFT_VOICEMAIL', 'NO_ANSWER', 'WRONG_NUMBER')
  ),
  constraint contact_entries_duration check (duration_minutes is null or duration_minutes between 0 and 1440)
);
-- The timeline reads a contact's rows newest first; the cursor is (occurred_at, id).
create index if not exists contact_entries_contact_idx
  on public.contact_entries (organization_id, contact_id, occurred_at desc, id desc);

create table if not exists public.contact_reminders (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  contact_id uuid not null,
  title text not null,
  due_at timestamptz not null,
  assignee_id uuid references public.users (id) on delete set null,
  completed_at timestamptz,
  completed_by uuid references public.users (id) on delete set null,
  created_by uuid references public.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint contact_reminders_contact_fkey foreign key (organization_id, contact_id)
    references public.contacts (organization_id, id) on delete cascade,
  constraint contact_reminders_title check (length(btrim(title)) between 1 and 200),
  constraint contact_reminders_completion check ((completed_at is null) = (completed_by is null))
);
create index if not exists contact_reminders_contact_idx
  on public.contact_reminders (organization_id, contact_id, due_at desc, id desc);
-- "My day": a member's open reminders by due date.
create index if not exists contact_reminders_open_idx
  on public.contact_reminders (organization_id, assignee_id, due_at) where completed_at is null;

create or replace trigger contact_entries_updated_at before update on public.contact_entries
  for each row execute function public.set_updated_at();
create or replace trigger contact_reminders_updated_at before update on public.contact_reminders
  for each row execute function public.set_updated_at();
create or replace trigger contact_reminders_assignee_is_member
  before insert or update of assignee_id on public.contact_reminders
  for each row execute function private.assert_assignee_is_member('assignee_id', 'work');

-- Grants: the browser reads (RLS decides the rows); the app inserts (the policy pins organization and author) and
-- updates only what may change — contact_id included, so a merge can move the rows to the surviving contact.
revoke all on public.contact_entries, public.contact_reminders from anon, authenticated, hearth_app;
grant select on public.contact_entries, public.contact_reminders to authenticated;
grant select, insert,
  update (contact_id, kind, body, occurred_at, call_outcome, duration_minutes, updated_at), delete
  on public.contact_entries to hearth_app;
grant select, insert,
  update (contact_id, title, due_at, assignee_id, completed_at, completed_by, updated_at), delete
  on public.contact_reminders to hearth_app;

alter table public.contact_entries enable row level security;
alter table public.contact_reminders enable row level security;

-- Whether the current user wrote the row or is an owner or admin of its organization.
create or replace function private.owns_or_manages(p_organization_id uuid, p_created_by uuid) returns boolean
language sql stable
set search_path = ''
as $$
  select p_created_by = (select private.current_user_id())
      or private.member_role(p_organization_id) in ('OWNER', 'ADMIN')
$$;
revoke all on function private.owns_or_manages(uuid, uuid) from public;
grant execute on function private.owns_or_manages(uuid, uuid) to authenticated, hearth_app;

do $$
declare
  t text;
begin
  foreach t in array array['contact_entries', 'contact_reminders'] loop
    execute format($p$
      drop policy if exists %1$s_select on public.%1$I;
      create policy %1$s_select on public.%1$I for select to authenticated, hearth_app
        using (organization_id in (select private.permitted_org_ids('contacts:read')));
      drop policy if exists %1$s_insert on public.%1$I;
      create policy %1$s_insert on public.%1$I for insert to hearth_app
        with check (organization_id in (select private.permitted_org_ids('contacts:write'))
                    and created_by = (select private.current_user_id()));
      drop policy if exists %1$s_update on public.%1$I;
      create policy %1$s_update on public.%1$I for update to hearth_app
        using (organization_id in (select private.permitted_org_ids('contacts:write')))
        with check (organization_id in (select private.permitted_org_ids('contacts:write')));
      drop policy if exists %1$s_delete on public.%1$I;
      create policy %1$s_delete on public.%1$I for delete to hearth_app
        using (organization_id in (select private.permitted_org_ids('contacts:write'))
               and private.owns_or_manages(organization_id, created_by));
    $p$, t);
  end loop;
end;
$$;

-- What an entry says (kind, body, when, call details) changes only by its author or an owner or admin; moving it to
-- another contact (a merge) and the table owner's own paths (seeds, migrations) are left alone.
create or replace function private.assert_entry_author() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if private.is_table_owner(tg_relid) then
    return new;
  end if;
  if (new.kind, new.body, new.occurred_at, new.call_outcome, new.duration_minutes)
       is distinct from (old.kind, old.body, old.occurred_at, old.call_outcome, old.duration_minutes)
     and not private.owns_or_manages(old.organization_id, old.created_by) then
    raise exception 'only the author or an owner or admin may edit this entry' using errcode = '42501';
  end if;
  return new;
end;
$$;
revoke all on function private.assert_entry_author() from public;

create or replace trigger contact_entries_author_edits
  before update on public.contact_entries
  for each row execute function private.assert_entry_author();

-- The timeline's entries reach the team like the contact's other entries (deletions stay with owners and admins).
create or replace function private.audit_audience(p_action text) returns text
language sql immutable
set search_path = ''
as $$
  select case when p_action = any (array[
    'contact.created', 'contact.updated', 'contact.assigned', 'contact.bulk_assigned', 'contact.imported',
    'contact.entry_logged', 'contact.entry_updated',
    'contact.reminder_set', 'contact.reminder_updated', 'contact.reminder_completed', 'contact.reminder_reopened',
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
