-- CRM contacts list at scale: a trigram index for the search box, a search function that can use it under
-- RLS, and btree indexes for each keyset sort. lib/modules/crm/queries/contact-list.ts builds its SQL around
-- these; tests/integration/crm/contact-list.test.ts asserts the plans. Every index leads with organization_id.

create extension if not exists pg_trgm with schema extensions;

-- Search matches a substring of name, email, phone (as typed and without punctuation) and company,
-- lower-cased. One expression index instead of four column indexes: one index to maintain on writes and
-- imports, and "acme" is found in any field with a single index scan.
create index if not exists contacts_search_trgm_idx on public.contacts using gin (
  (lower(
    name || ' ' || coalesce(email, '') || ' ' || coalesce(phone, '') || ' '
      || translate(coalesce(phone, ''), ' ()+-./', '') || ' ' || coalesce(company, '')
  )) extensions.gin_trgm_ops
);

-- Under RLS the planner may only use an index for leakproof operators, and LIKE (textlike) is not leakproof:
-- a search written in the app's own query scans every contact of the organization (0.5 s at 100k). This
-- function runs the indexed LIKE as its owner and returns only ids of the given organization, and only when
-- the caller is a member of it (the same check the policies make); the caller's query then reads the rows
-- under RLS as usual. It can't reveal anything the caller couldn't read.
create or replace function private.contact_search_ids(p_organization_id uuid, p_pattern text)
returns setof uuid
language sql stable security definer
set search_path = ''
rows 100
as $$
  select c.id
    from public.contacts c
   where c.organization_id = p_organization_id
     and p_organization_id in (select private.member_org_ids())
     and lower(
           c.name || ' ' || coalesce(c.email, '') || ' ' || coalesce(c.phone, '') || ' '
             || translate(coalesce(c.phone, ''), ' ()+-./', '') || ' ' || coalesce(c.company, '')
         ) like p_pattern
$$;
revoke all on function private.contact_search_ids(uuid, text) from public;
grant execute on function private.contact_search_ids(uuid, text) to authenticated;

-- Sort "follow-up soonest": contacts without a follow-up come last. coalesce() to 'infinity' gives one
-- non-null key, so the keyset condition (key, id) > (cursor) is a plain index range even across the nulls.
create index if not exists contacts_organization_id_follow_up_sort_idx
  on public.contacts (organization_id, (coalesce(next_follow_up, 'infinity'::timestamptz)), id);

-- "Assigned to me / to X", newest first: the most common filtered view keeps an index-ordered scan.
create index if not exists contacts_organization_id_assignee_created_idx
  on public.contacts (organization_id, assigned_to, created_at desc, id desc);
