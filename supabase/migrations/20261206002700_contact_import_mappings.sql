-- The contact import's remembered column mappings: one per organization and header row, so the next file exported
-- from the same CRM (Follow Up Boss, kvCORE, Google or Outlook contacts) comes up mapped the way the team mapped it
-- last time, on any device, for every admin (decision 0026). Written by the import itself, in its transaction, when
-- it commits; read by the import page. Only those who may import (contacts:bulk) read or write it.
create table if not exists public.contact_import_mappings (
  organization_id uuid not null references public.organizations (id) on delete cascade,
  -- sha256 of the normalized header row (lib/modules/crm/import-mapping.ts headerKey): the lookup key.
  header_key text not null check (header_key ~ '^[0-9a-f]{64}$'),
  headers text[] not null check (cardinality(headers) between 1 and 500),
  -- Per column, the contact field it fills, or '' for "Don't import"; the server validates it on every import.
  fields text[] not null check (cardinality(fields) = cardinality(headers)),
  duplicates text not null default 'skip' check (duplicates in ('skip', 'update', 'create')),
  updated_by uuid references public.users (id) on delete set null,
  updated_at timestamptz not null default now(),
  primary key (organization_id, header_key)
);
create index if not exists contact_import_mappings_organization_id_updated_at_idx
  on public.contact_import_mappings (organization_id, updated_at desc);
create or replace trigger contact_import_mappings_set_updated_at before update on public.contact_import_mappings
  for each row execute function public.set_updated_at();

revoke all on public.contact_import_mappings from authenticated, hearth_app, anon;
grant select on public.contact_import_mappings to authenticated;
grant select, insert, update (headers, fields, duplicates, updated_by) on public.contact_import_mappings
  to hearth_app;
alter table public.contact_import_mappings enable row level security;

drop policy if exists contact_import_mappings_select on public.contact_import_mappings;
create policy contact_import_mappings_select on public.contact_import_mappings for select
  to authenticated, hearth_app
  using (organization_id in (select private.permitted_org_ids('contacts:bulk')));
drop policy if exists contact_import_mappings_insert on public.contact_import_mappings;
create policy contact_import_mappings_insert on public.contact_import_mappings for insert to hearth_app
  with check (
    organization_id in (select private.permitted_org_ids('contacts:bulk'))
    and updated_by = (select private.current_user_id())
  );
drop policy if exists contact_import_mappings_update on public.contact_import_mappings;
create policy contact_import_mappings_update on public.contact_import_mappings for update to hearth_app
  using (organization_id in (select private.permitted_org_ids('contacts:bulk')))
  with check (
    organization_id in (select private.permitted_org_ids('contacts:bulk'))
    and updated_by = (select private.current_user_id())
  );
