-- Which audit actions the whole team may read (the rest are for owners and admins) becomes data: one row per action
-- in private.audit_team_actions, which later migrations extend with an insert. Until now each migration restated
-- private.audit_audience() in full, so three migrations written side by side (tags and merge, the contact timeline,
-- the deal lifecycle) each dropped the others' actions — whichever ran last won. Re-runnable (decision 0016).
create table if not exists private.audit_team_actions (
  action text primary key
);
revoke all on private.audit_team_actions from public;

insert into private.audit_team_actions (action) values
  ('contact.created'), ('contact.updated'), ('contact.assigned'), ('contact.bulk_assigned'), ('contact.imported'),
  ('contact.tagged'), ('contact.untagged'), ('contact.bulk_tagged'), ('contact.merged'),
  ('contact.entry_logged'), ('contact.entry_updated'),
  ('contact.reminder_set'), ('contact.reminder_updated'), ('contact.reminder_completed'), ('contact.reminder_reopened'),
  ('deal.created'), ('deal.updated'), ('deal.stage_changed'), ('deal.note_added'), ('deal.loop_started'),
  ('loop.created'), ('loop.updated'), ('loop.status_changed'),
  ('task.created'), ('task.updated'), ('task.reordered'), ('task.due_dates_moved'),
  ('document.uploaded'), ('document.link_created'), ('document.filed'), ('document.submitted'), ('document.approved'),
  ('document.returned'),
  ('participant.added'), ('participant.removed'), ('key_date.set'), ('key_date.removed'), ('slot.added'),
  ('slot.removed'),
  ('review.submitted'), ('template.updated'),
  ('member.joined'), ('member.role_changed'),
  ('organization.created'), ('organization.updated'), ('plan.changed')
on conflict (action) do nothing;

-- Called by the audit trigger as whoever writes the entry: it reads the table as its owner.
create or replace function private.audit_audience(p_action text) returns text
language sql stable
security definer
set search_path = ''
as $$
  select case when exists (select 1 from private.audit_team_actions t where t.action = p_action)
              then 'team' else 'admins' end
$$;
revoke all on function private.audit_audience(text) from public;
