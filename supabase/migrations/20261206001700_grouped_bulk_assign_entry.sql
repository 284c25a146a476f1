-- A bulk assignment is one audit entry for the whole batch ('contact.bulk_assigned', entity type
-- 'contact_assignment', no entity id), like a CSV import: it names the assignee and the contacts, keeps every id with
-- its previous assignee, and the team reads it as it read the per-contact 'contact.assigned' entries it replaces.
create or replace function private.audit_audience(p_action text) returns text
language sql immutable
set search_path = ''
as $$
  select case when p_action = any (array[
    'contact.created', 'contact.updated', 'contact.assigned', 'contact.bulk_assigned', 'contact.imported',
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
  if p_entity_type in ('organization', 'subscription', 'contact_import', 'contact_assignment', 'checklist_template')
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
