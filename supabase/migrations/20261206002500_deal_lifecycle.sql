-- Deals get a lifecycle: a version for optimistic concurrency (board moves and edits), when and why they closed
-- (closed_at is set on entering Closed — won / Closed — lost and cleared on reopening, so "won at" is closed_at of
-- a CLOSED_WON deal and its closed value is `value`), the transaction loop a deal became, and notes. The stage
-- history is read from the audit entries (decision 0024). Re-runnable (decision 0016).
alter table public.deals
  add column if not exists version integer not null default 1,
  add column if not exists closed_at timestamptz,
  add column if not exists lost_reason text,
  add column if not exists loop_id uuid;

-- Deals closed before this migration count as closed when they were last changed.
update public.deals set closed_at = updated_at
 where closed_at is null and stage in ('CLOSED_WON', 'CLOSED_LOST');

do $$ begin
  alter table public.deals add constraint deals_version_positive check (version >= 1);
exception when duplicate_object or duplicate_table then null;
end $$;
do $$ begin
  alter table public.deals add constraint deals_closed_at_matches_stage
    check ((stage in ('CLOSED_WON', 'CLOSED_LOST')) = (closed_at is not null));
exception when duplicate_object or duplicate_table then null;
end $$;
do $$ begin
  alter table public.deals add constraint deals_lost_reason check (
    lost_reason is null or (stage = 'CLOSED_LOST' and length(btrim(lost_reason)) between 1 and 500)
  );
exception when duplicate_object or duplicate_table then null;
end $$;
do $$ begin
  alter table public.deals add constraint deals_organization_id_id_key unique (organization_id, id);
exception when duplicate_object or duplicate_table then null;
end $$;
-- A deal's loop is one of its organization's; deleting the loop only unlinks it.
do $$ begin
  alter table public.deals add constraint deals_loop_fkey foreign key (organization_id, loop_id)
    references public.transaction_loops (organization_id, id) on delete set null (loop_id);
exception when duplicate_object or duplicate_table then null;
end $$;
create unique index if not exists deals_loop_id_key on public.deals (loop_id) where loop_id is not null;
-- The leaderboard and dashboards aggregate closed deals by when they closed.
create index if not exists deals_organization_id_closed_at_idx on public.deals (organization_id, closed_at desc)
  where closed_at is not null;

-- Whatever path writes the stage (board, edit, import, seed), closed_at follows it: stamped on entering a closed
-- stage unless the writer gave the closing date, cleared (with the lost reason) when the deal reopens.
create or replace function private.deal_closed_stamp() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if new.stage in ('CLOSED_WON', 'CLOSED_LOST') then
    if tg_op = 'UPDATE' and old.stage is distinct from new.stage and new.closed_at is not distinct from old.closed_at
    then
      new.closed_at := now();
    end if;
    new.closed_at := coalesce(new.closed_at, now());
  else
    new.closed_at := null;
  end if;
  if new.stage <> 'CLOSED_LOST' then
    new.lost_reason := null;
  end if;
  return new;
end;
$$;
revoke all on function private.deal_closed_stamp() from public;
create or replace trigger deals_closed_stamp
  before insert or update of stage, closed_at, lost_reason on public.deals
  for each row execute function private.deal_closed_stamp();

-- The app role may change the new columns (the column grant of 20261206000100 listed the columns of that time).
grant update (version, closed_at, lost_reason, loop_id) on public.deals to hearth_app;

-- ---------------------------------------------------------------------------------------------------
-- Notes on a deal: written by people with deals:write as themselves, read with deals:read; never edited.
-- ---------------------------------------------------------------------------------------------------
create table if not exists public.deal_notes (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  deal_id uuid not null,
  body text not null,
  created_by uuid references public.users (id) on delete set null,
  created_at timestamptz not null default now(),
  constraint deal_notes_deal_fkey foreign key (organization_id, deal_id)
    references public.deals (organization_id, id) on delete cascade,
  constraint deal_notes_body_length check (length(btrim(body)) between 1 and 5000)
);
create index if not exists deal_notes_organization_id_deal_id_idx
  on public.deal_notes (organization_id, deal_id, created_at desc);

revoke all on public.deal_notes from authenticated, hearth_app, anon;
grant select on public.deal_notes to authenticated;
-- Notes are never edited or deleted by the app: no UPDATE or DELETE.
grant select, insert on public.deal_notes to hearth_app;
alter table public.deal_notes enable row level security;

drop policy if exists deal_notes_select on public.deal_notes;
create policy deal_notes_select on public.deal_notes for select to authenticated, hearth_app
  using (organization_id in (select private.permitted_org_ids('deals:read')));
drop policy if exists deal_notes_insert on public.deal_notes;
create policy deal_notes_insert on public.deal_notes for insert to hearth_app
  with check (
    organization_id in (select private.permitted_org_ids('deals:write'))
    and created_by = (select private.current_user_id())
  );

-- The team reads the deal's new entries in its feed like the deal's other changes.
create or replace function private.audit_audience(p_action text) returns text
language sql immutable
set search_path = ''
as $$
  select case when p_action = any (array[
    'contact.created', 'contact.updated', 'contact.assigned', 'contact.bulk_assigned', 'contact.imported',
    'deal.created', 'deal.updated', 'deal.stage_changed', 'deal.note_added', 'deal.loop_started',
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
