-- Hearth core data model. Every tenant table carries organization_id and its list indexes lead with it,
-- so the RLS policies added later filter on an indexed column. prisma/schema.prisma is the typed model of
-- this file; tests/integration/schema-drift.test.ts proves the two agree.

-- ---------------------------------------------------------------------------------------------------
-- Enums
-- ---------------------------------------------------------------------------------------------------
do $$ begin
  create type public.global_role as enum ('USER', 'SUPPORT', 'SUPER_ADMIN', 'SUSPENDED');
exception when duplicate_object then null;
end $$;
do $$ begin
  create type public.subscription_tier as enum ('FREE', 'STARTER', 'GROWTH', 'ELITE', 'ENTERPRISE');
exception when duplicate_object then null;
end $$;
do $$ begin
  create type public.subscription_status as enum ('TRIALING', 'ACTIVE', 'PAST_DUE', 'CANCELED');
exception when duplicate_object then null;
end $$;
do $$ begin
  create type public.org_role as enum ('OWNER', 'ADMIN', 'MEMBER', 'VIEWER');
exception when duplicate_object then null;
end $$;
do $$ begin
  create type public.contact_status as enum ('LEAD', 'PROSPECT', 'ACTIVE', 'CLIENT', 'PAST_CLIENT', 'LOST');
exception when duplicate_object then null;
end $$;
do $$ begin
  create type public.deal_stage as enum (
  'LEAD', 'QUALIFIED', 'SHOWING', 'OFFER', 'UNDER_CONTRACT', 'CLOSED_WON', 'CLOSED_LOST'
);
exception when duplicate_object then null;
end $$;
do $$ begin
  create type public.transaction_type as enum ('PURCHASE', 'LISTING', 'DUAL', 'LEASE');
exception when duplicate_object then null;
end $$;
do $$ begin
  create type public.loop_status as enum ('DRAFT', 'ACTIVE', 'UNDER_CONTRACT', 'CLOSING', 'CLOSED', 'CANCELLED');
exception when duplicate_object then null;
end $$;
do $$ begin
  create type public.task_category as enum ('PRE_LISTING', 'LISTING', 'UNDER_CONTRACT', 'CLOSING', 'OTHER');
exception when duplicate_object then null;
end $$;
do $$ begin
  create type public.task_status as enum ('TODO', 'IN_PROGRESS', 'DONE');
exception when duplicate_object then null;
end $$;
do $$ begin
  create type public.document_type as enum (
  'PURCHASE_AGREEMENT', 'LISTING_AGREEMENT', 'DISCLOSURE', 'INSPECTION', 'APPRAISAL', 'TITLE', 'CLOSING',
  'IDENTIFICATION', 'OTHER'
);
exception when duplicate_object then null;
end $$;

-- ---------------------------------------------------------------------------------------------------
-- updated_at maintenance
-- ---------------------------------------------------------------------------------------------------
create or replace function public.set_updated_at() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.updated_at := now();
  return new;
end;
$$;

-- ---------------------------------------------------------------------------------------------------
-- Identity and tenancy
-- ---------------------------------------------------------------------------------------------------
create table if not exists public.users (
  id uuid primary key,                                   -- = auth.users.id (Supabase Auth)
  email text not null,
  name text,
  avatar_url text,
  global_role public.global_role not null default 'USER',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint users_email_lowercase check (email = lower(email) and length(email) between 3 and 320),
  constraint users_name_length check (name is null or length(name) <= 200),
  constraint users_email_key unique (email)
);

create table if not exists public.organizations (
  id uuid primary key default gen_random_uuid(),
  name text not null,
  slug text not null,
  created_by uuid references public.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint organizations_slug_key unique (slug),
  constraint organizations_name_length check (length(btrim(name)) between 1 and 120),
  constraint organizations_slug_format check (slug ~ '^[a-z0-9](?:[a-z0-9-]{0,46}[a-z0-9])?$')
);

create table if not exists public.subscriptions (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  tier public.subscription_tier not null default 'FREE',
  status public.subscription_status not null default 'ACTIVE',
  current_period_end timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint subscriptions_organization_id_key unique (organization_id)
);

create table if not exists public.organization_members (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  user_id uuid not null references public.users (id) on delete cascade,
  role public.org_role not null default 'MEMBER',
  invited_by uuid references public.users (id) on delete set null,
  invited_at timestamptz,
  accepted_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint organization_members_organization_id_user_id_key unique (organization_id, user_id)
);
create index if not exists organization_members_user_id_idx on public.organization_members (user_id);
create index if not exists organization_members_organization_id_role_idx on public.organization_members (organization_id, role);

create table if not exists public.invitations (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  email text not null,
  role public.org_role not null default 'MEMBER',
  token_hash text not null,
  invited_by uuid references public.users (id) on delete set null,
  expires_at timestamptz not null,
  accepted_at timestamptz,
  accepted_by uuid references public.users (id) on delete set null,
  revoked_at timestamptz,
  created_at timestamptz not null default now(),
  constraint invitations_token_hash_key unique (token_hash),
  constraint invitations_email_lowercase check (email = lower(email)),
  constraint invitations_token_hash_format check (token_hash ~ '^[0-9a-f]{64}$'),
  constraint invitations_not_owner check (role <> 'OWNER')
);
create index if not exists invitations_organization_id_created_at_idx on public.invitations (organization_id, created_at desc);
create index if not exists invitations_email_idx on public.invitations (email);

-- ---------------------------------------------------------------------------------------------------
-- CRM
-- ---------------------------------------------------------------------------------------------------
create table if not exists public.contacts (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  name text not null,
  email text,
  phone text,
  company text,
  status public.contact_status not null default 'LEAD',
  source text,
  assigned_to uuid references public.users (id) on delete set null,
  next_follow_up timestamptz,
  notes text,
  version integer not null default 1,
  created_by uuid references public.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint contacts_organization_id_id_key unique (organization_id, id),
  constraint contacts_organization_id_email_key unique (organization_id, email),
  constraint contacts_name_length check (length(btrim(name)) between 1 and 200),
  constraint contacts_email_lowercase check (email is null or (email = lower(email) and length(email) <= 320)),
  constraint contacts_phone_length check (phone is null or length(phone) <= 40),
  constraint contacts_company_length check (company is null or length(company) <= 200),
  constraint contacts_source_length check (source is null or length(source) <= 100),
  constraint contacts_notes_length check (notes is null or length(notes) <= 10000),
  constraint contacts_version_positive check (version >= 1)
);
create index if not exists contacts_organization_id_created_at_idx on public.contacts (organization_id, created_at desc, id desc);
create index if not exists contacts_organization_id_name_idx on public.contacts (organization_id, name, id);
create index if not exists contacts_organization_id_status_idx on public.contacts (organization_id, status, created_at desc);
create index if not exists contacts_organization_id_assigned_to_idx on public.contacts (organization_id, assigned_to);
create index if not exists contacts_organization_id_next_follow_up_idx on public.contacts (organization_id, next_follow_up)
  where next_follow_up is not null;

create table if not exists public.deals (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  contact_id uuid not null,
  title text not null,
  value numeric(14, 2) not null default 0,
  stage public.deal_stage not null default 'LEAD',
  expected_close date,
  assigned_to uuid references public.users (id) on delete set null,
  created_by uuid references public.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- the contact must belong to the same organization as the deal
  constraint deals_contact_fkey foreign key (organization_id, contact_id)
    references public.contacts (organization_id, id) on delete cascade,
  constraint deals_title_length check (length(btrim(title)) between 1 and 200),
  constraint deals_value_nonnegative check (value >= 0)
);
create index if not exists deals_organization_id_stage_idx on public.deals (organization_id, stage);
create index if not exists deals_organization_id_contact_id_idx on public.deals (organization_id, contact_id);
create index if not exists deals_organization_id_created_at_idx on public.deals (organization_id, created_at desc, id desc);

-- ---------------------------------------------------------------------------------------------------
-- Transactions
-- ---------------------------------------------------------------------------------------------------
create table if not exists public.transaction_loops (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  property_address text not null,
  transaction_type public.transaction_type not null,
  listing_price numeric(14, 2),
  expected_closing date,
  status public.loop_status not null default 'DRAFT',
  progress integer not null default 0,
  created_by uuid references public.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint transaction_loops_organization_id_id_key unique (organization_id, id),
  constraint transaction_loops_address_length check (length(btrim(property_address)) between 1 and 300),
  constraint transaction_loops_price_nonnegative check (listing_price is null or listing_price >= 0),
  constraint transaction_loops_progress_range check (progress between 0 and 100)
);
create index if not exists transaction_loops_organization_id_status_idx
  on public.transaction_loops (organization_id, status, created_at desc);
create index if not exists transaction_loops_organization_id_created_at_idx
  on public.transaction_loops (organization_id, created_at desc, id desc);
create index if not exists transaction_loops_organization_id_expected_closing_idx
  on public.transaction_loops (organization_id, expected_closing);

create table if not exists public.transaction_tasks (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  loop_id uuid not null,
  title text not null,
  category public.task_category not null default 'OTHER',
  sort_order integer not null default 0,
  status public.task_status not null default 'TODO',
  completed boolean not null default false,
  completed_at timestamptz,
  due_date date,
  assignee_id uuid references public.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint transaction_tasks_loop_fkey foreign key (organization_id, loop_id)
    references public.transaction_loops (organization_id, id) on delete cascade,
  constraint transaction_tasks_title_length check (length(btrim(title)) between 1 and 200),
  constraint transaction_tasks_completed_matches_status check (completed = (status = 'DONE')),
  constraint transaction_tasks_completed_at check (completed or completed_at is null)
);
create index if not exists transaction_tasks_organization_id_loop_id_idx
  on public.transaction_tasks (organization_id, loop_id, sort_order);
create index if not exists transaction_tasks_organization_id_due_date_idx
  on public.transaction_tasks (organization_id, due_date) where not completed;

create table if not exists public.transaction_documents (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  loop_id uuid not null,
  storage_path text not null,
  file_name text not null,
  size_bytes bigint not null,
  sniffed_type text not null,
  document_type public.document_type not null default 'OTHER',
  is_encrypted boolean not null default true,
  key_version integer not null,
  wrapped_key bytea,
  sha256 text not null,
  uploaded_by uuid references public.users (id) on delete set null,
  deleted_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint transaction_documents_loop_fkey foreign key (organization_id, loop_id)
    references public.transaction_loops (organization_id, id) on delete cascade,
  constraint transaction_documents_storage_path_key unique (storage_path),
  constraint transaction_documents_storage_path_scoped
    check (storage_path = organization_id::text || '/transactions/' || loop_id::text || '/' || id::text),
  constraint transaction_documents_file_name_length check (length(file_name) between 1 and 255),
  constraint transaction_documents_size_nonnegative check (size_bytes >= 0),
  constraint transaction_documents_sha256_format check (sha256 ~ '^[0-9a-f]{64}$'),
  constraint transaction_documents_key_version_positive check (key_version >= 1),
  -- a live encrypted document always has its wrapped data key; deleting it shreds the key
  constraint transaction_documents_key_present
    check (not is_encrypted or deleted_at is not null or wrapped_key is not null)
);
create index if not exists transaction_documents_organization_id_loop_id_idx
  on public.transaction_documents (organization_id, loop_id, created_at desc);
create index if not exists transaction_documents_key_version_idx on public.transaction_documents (key_version)
  where wrapped_key is not null;

create table if not exists public.transaction_audit_logs (
  id uuid primary key default gen_random_uuid(),
  -- no cascades: audit entries are append-only, so neither an organization nor a user with history
  -- can be hard-deleted out from under them
  organization_id uuid not null references public.organizations (id),
  user_id uuid references public.users (id),
  action text not null,
  entity_type text not null,
  entity_id text,
  old_values jsonb,
  new_values jsonb,
  created_at timestamptz not null default now(),
  constraint transaction_audit_logs_action_format check (action ~ '^[a-z_]+(\.[a-z_]+)+$'),
  constraint transaction_audit_logs_entity_type_length check (length(entity_type) between 1 and 64)
);
create index if not exists transaction_audit_logs_organization_id_created_at_idx
  on public.transaction_audit_logs (organization_id, created_at desc, id desc);
create index if not exists transaction_audit_logs_organization_id_entity_idx
  on public.transaction_audit_logs (organization_id, entity_type, entity_id);

-- ---------------------------------------------------------------------------------------------------
-- updated_at triggers
-- ---------------------------------------------------------------------------------------------------
do $$
declare t text;
begin
  foreach t in array array[
    'users', 'organizations', 'subscriptions', 'organization_members', 'contacts', 'deals',
    'transaction_loops', 'transaction_tasks', 'transaction_documents'
  ] loop
    execute format(
      'create or replace trigger %I before update on public.%I for each row execute function public.set_updated_at()',
      t || '_set_updated_at', t
    );
  end loop;
end;
$$;
