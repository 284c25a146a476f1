-- Compliance review and notifications (issue 12, items 4 and 7), on the data model of 20261206000300: when a document
-- went to review (the review queue serves the longest-waiting first), muted kinds honoured where notifications are
-- written, and the daily digest's once-a-day record.

-- ---------------------------------------------------------------------------------------------------
-- When a document was submitted for review. Set with review_status = 'PENDING'; the queue orders by it.
-- ---------------------------------------------------------------------------------------------------
alter table public.transaction_documents add column if not exists submitted_at timestamptz;
grant update (submitted_at) on public.transaction_documents to hearth_app;
-- The browser's role reads documents column by column (everything but the wrapped key): the new column too.
grant select (submitted_at) on public.transaction_documents to authenticated;
create index if not exists transaction_documents_review_queue_idx
  on public.transaction_documents (organization_id, submitted_at)
  where review_status = 'PENDING' and deleted_at is null;

-- ---------------------------------------------------------------------------------------------------
-- Who gets a notification: an active member (refused otherwise, as before) who hasn't muted its kind (the row is
-- dropped). Every writer — the app's notify(), the daily digest — follows the member's choice without reading
-- another member's preferences, which RLS keeps private to them.
-- ---------------------------------------------------------------------------------------------------
create or replace function private.guard_notification() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if not private.is_active_member(new.organization_id, new.user_id) then
    raise exception 'notifications go to members of the organization' using errcode = '23503';
  end if;
  if exists (
    select 1 from public.notification_preferences p
     where p.organization_id = new.organization_id and p.user_id = new.user_id and new.kind = any (p.muted)
  ) then
    return null;
  end if;
  return new;
end;
$$;

-- ---------------------------------------------------------------------------------------------------
-- The daily digest (`npm run notifications:digest`, the table owner's path): one row per member and day, claimed
-- before anything is written or mailed, so a second run the same day does nothing. Nobody else reads or writes it.
-- ---------------------------------------------------------------------------------------------------
create table if not exists private.notification_digests (
  organization_id uuid not null references public.organizations (id) on delete cascade,
  user_id uuid not null references public.users (id) on delete cascade,
  digest_date date not null,
  mailed boolean not null default false,
  created_at timestamptz not null default now(),
  primary key (organization_id, user_id, digest_date)
);
revoke all on private.notification_digests from public, authenticated, hearth_app, anon;
