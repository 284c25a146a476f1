-- Tamper evidence for the audit log: every entry carries its position in its organization's chain (seq), the
-- previous entry's hash and its own hash = sha256(prev_hash || canonical content). The trigger computes them in the
-- database under a row lock on the organization's chain head, so concurrent writers queue up instead of forking the
-- chain. `npm run audit:verify` recomputes every chain; with the append-only rules an edited or deleted entry shows.
-- The audit log is also published to Supabase Realtime for the live activity feed (RLS decides who receives it).

-- The defaults are placeholders so inserts needn't name these columns; the trigger always overwrites them.
alter table public.transaction_audit_logs
  add column if not exists seq bigint default 0,
  add column if not exists prev_hash text default repeat('0', 64),
  add column if not exists hash text default repeat('0', 64);

create table if not exists private.audit_chain_heads (
  organization_id uuid primary key references public.organizations (id),
  last_seq bigint not null,
  last_hash text not null
);

-- The exact text that is hashed. Kept in SQL so the trigger and the verifier agree byte for byte;
-- jsonb's text form is canonical (keys ordered, whitespace normalized).
create or replace function private.audit_canonical(
  p_seq bigint, p_id uuid, p_organization_id uuid, p_user_id uuid, p_action text, p_entity_type text,
  p_entity_id text, p_old jsonb, p_new jsonb, p_created_at timestamptz
) returns text
language sql immutable
set search_path = ''
as $$
  select concat_ws(E'\x1f',
    p_seq::text, p_id::text, p_organization_id::text, coalesce(p_user_id::text, ''), p_action, p_entity_type,
    coalesce(p_entity_id, ''), coalesce(p_old::text, ''), coalesce(p_new::text, ''),
    to_char(p_created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))
$$;

create or replace function private.audit_chain_link() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_seq bigint;
  v_prev text;
begin
  insert into private.audit_chain_heads as h (organization_id, last_seq, last_hash)
  values (new.organization_id, 0, repeat('0', 64))
  on conflict (organization_id) do nothing;

  -- The row lock serializes writers of one organization until their transaction ends.
  select h.last_seq, h.last_hash into v_seq, v_prev
    from private.audit_chain_heads h where h.organization_id = new.organization_id for update;

  new.seq := v_seq + 1;
  new.prev_hash := v_prev;
  new.created_at := coalesce(new.created_at, now());
  new.hash := encode(pg_catalog.sha256(convert_to(v_prev || private.audit_canonical(
    new.seq, new.id, new.organization_id, new.user_id, new.action, new.entity_type, new.entity_id,
    new.old_values, new.new_values, new.created_at), 'UTF8')), 'hex');

  update private.audit_chain_heads set last_seq = new.seq, last_hash = new.hash
   where organization_id = new.organization_id;
  return new;
end;
$$;
revoke all on function private.audit_chain_link() from public;
revoke all on function private.audit_canonical(bigint, uuid, uuid, uuid, text, text, text, jsonb, jsonb, timestamptz) from public;

-- Entries written before this migration are chained in their existing order.
do $$
declare
  r record;
  v_head record;
begin
  alter table public.transaction_audit_logs disable trigger transaction_audit_logs_append_only;
  for r in select * from public.transaction_audit_logs where seq = 0 order by organization_id, created_at, id loop
    insert into private.audit_chain_heads (organization_id, last_seq, last_hash)
    values (r.organization_id, 0, repeat('0', 64)) on conflict do nothing;
    select * into v_head from private.audit_chain_heads where organization_id = r.organization_id;
    update public.transaction_audit_logs
       set seq = v_head.last_seq + 1,
           prev_hash = v_head.last_hash,
           hash = encode(pg_catalog.sha256(convert_to(v_head.last_hash || private.audit_canonical(
             v_head.last_seq + 1, r.id, r.organization_id, r.user_id, r.action, r.entity_type, r.entity_id,
             r.old_values, r.new_values, r.created_at), 'UTF8')), 'hex')
     where id = r.id
     returning hash into v_head.last_hash;
    update private.audit_chain_heads set last_seq = last_seq + 1, last_hash = v_head.last_hash
     where organization_id = r.organization_id;
  end loop;
  alter table public.transaction_audit_logs enable trigger transaction_audit_logs_append_only;
end;
$$;

do $$ begin
  alter table public.transaction_audit_logs
    alter column seq set not null,
    alter column prev_hash set not null,
    alter column hash set not null,
    add constraint transaction_audit_logs_organization_id_seq_key unique (organization_id, seq),
    add constraint transaction_audit_logs_hash_format check (hash ~ '^[0-9a-f]{64}$' and prev_hash ~ '^[0-9a-f]{64}$');
exception when duplicate_object or duplicate_table then null;
end $$;

create or replace trigger transaction_audit_logs_chain
  before insert on public.transaction_audit_logs
  for each row execute function private.audit_chain_link();

-- Clients never choose seq/hash themselves: the trigger overwrites them, and they can't update anything anyway.

-- Live activity feed: INSERTs are published to Supabase Realtime; RLS (members of the organization) decides
-- which subscriber receives which row.
do $$ begin
  alter publication supabase_realtime add table public.transaction_audit_logs;
exception when duplicate_object then null;
end $$;
