-- No per-organization write queue for the audit chain (decision 0028). Until now the chain trigger took the
-- organization's chain-head row lock and held it until commit, so an organization's writers ran one at a time.
-- Now an entry commits *unsealed* (chain_seq null, prev_hash/hash the all-zero placeholder) without any shared lock,
-- and one sealer, private.seal_audit_chain(), links committed entries into the chain shortly after, in commit order:
-- it sees only committed entries (its statement snapshot), so everything it seals committed before everything a later
-- run seals; within one run, entries keep the order they were appended in (seq, from one sequence).
--   seq        the append number: unique, assigned at insert from private.audit_append_seq (never by the writer)
--   chain_seq  the position in the organization's hash chain, set when sealed; hashed in place of the old seq
-- Entries written before this migration keep their position: chain_seq = their old seq. Re-runnable (0016).

alter table public.transaction_audit_logs add column if not exists chain_seq bigint;
alter table private.audit_chain_heads add column if not exists sealed_at timestamptz;

do $$
begin
  alter table public.transaction_audit_logs disable trigger transaction_audit_logs_append_only;
  -- Only entries the old trigger chained (a real hash); unsealed entries carry the all-zero placeholder.
  update public.transaction_audit_logs
     set chain_seq = seq
   where chain_seq is null and hash <> repeat('0', 64);
  alter table public.transaction_audit_logs enable trigger transaction_audit_logs_append_only;
end;
$$;

do $$ begin
  alter table public.transaction_audit_logs
    add constraint transaction_audit_logs_organization_id_chain_seq_key unique (organization_id, chain_seq);
exception when duplicate_object or duplicate_table then null;
end $$;

-- The sealer's work list: small (only what waits for the next run), read in append order.
create index if not exists transaction_audit_logs_unsealed_idx
  on public.transaction_audit_logs (organization_id, seq) where chain_seq is null;

create sequence if not exists private.audit_append_seq;
revoke all on sequence private.audit_append_seq from public;
-- New append numbers start after every existing one (the old per-organization positions).
select pg_catalog.setval('private.audit_append_seq', greatest(
  (select coalesce(max(seq), 0) from public.transaction_audit_logs),
  (select s.last_value from private.audit_append_seq s), 1));

-- The insert trigger: no lock, no chain state. It stamps what no writer may choose.
create or replace function private.audit_chain_link() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  new.audience := private.audit_audience(new.action);
  new.seq := nextval('private.audit_append_seq');
  new.chain_seq := null;
  new.prev_hash := repeat('0', 64);
  new.hash := repeat('0', 64);
  new.created_at := coalesce(new.created_at, now());
  return new;
end;
$$;

-- The commit-time head update of 20261122003100 has nothing left to do.
drop trigger if exists transaction_audit_logs_chain_flush on public.transaction_audit_logs;

-- Seals the committed entries of one organization that wait (at most p_limit), under the organization's chain-head
-- row lock — which only sealers take, for as long as their own short transaction lasts. Returns how many it sealed.
create or replace function private.seal_audit_chain_of(p_organization_id uuid, p_limit integer default 10000)
returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_seq bigint;
  v_prev text;
  v_hash text;
  r record;
  v_ids uuid[] := '{}';
  v_seqs bigint[] := '{}';
  v_prevs text[] := '{}';
  v_hashes text[] := '{}';
begin
  insert into private.audit_chain_heads (organization_id, last_seq, last_hash)
  values (p_organization_id, 0, repeat('0', 64))
  on conflict (organization_id) do nothing;
  select h.last_seq, h.last_hash into v_seq, v_prev
    from private.audit_chain_heads h where h.organization_id = p_organization_id for update;
  -- A new statement, so a new snapshot taken after the lock: what a previous sealer sealed shows as sealed, and
  -- every entry seen here has committed (an open transaction's entries are invisible until it commits).
  for r in
    select l.id, l.user_id, l.action, l.entity_type, l.entity_id, l.old_values, l.new_values, l.created_at
      from public.transaction_audit_logs l
     where l.organization_id = p_organization_id and l.chain_seq is null
     order by l.seq
     limit p_limit
  loop
    v_seq := v_seq + 1;
    v_hash := encode(pg_catalog.sha256(convert_to(v_prev || private.audit_canonical(
      v_seq, r.id, p_organization_id, r.user_id, r.action, r.entity_type, r.entity_id,
      r.old_values, r.new_values, r.created_at), 'UTF8')), 'hex');
    v_ids := v_ids || r.id;
    v_seqs := v_seqs || v_seq;
    v_prevs := v_prevs || v_prev;
    v_hashes := v_hashes || v_hash;
    v_prev := v_hash;
  end loop;
  if cardinality(v_ids) = 0 then
    return 0;
  end if;
  update public.transaction_audit_logs l
     set chain_seq = u.chain_seq, prev_hash = u.prev_hash, hash = u.hash
    from unnest(v_ids, v_seqs, v_prevs, v_hashes) as u(id, chain_seq, prev_hash, hash)
   where l.id = u.id;
  update private.audit_chain_heads
     set last_seq = v_seq, last_hash = v_prev, sealed_at = now()
   where organization_id = p_organization_id;
  return cardinality(v_ids);
end;
$$;

-- Seals every organization that has committed unsealed entries (or just one). Organizations are locked in id order,
-- so two sealers running at once (the app's timer, audit:verify) wait for each other instead of deadlocking.
create or replace function private.seal_audit_chain(p_organization_id uuid default null, p_limit integer default 10000)
returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_org uuid;
  v_total integer := 0;
begin
  for v_org in
    select distinct l.organization_id from public.transaction_audit_logs l
     where l.chain_seq is null and (p_organization_id is null or l.organization_id = p_organization_id)
     order by 1
  loop
    v_total := v_total + private.seal_audit_chain_of(v_org, p_limit);
  end loop;
  return v_total;
end;
$$;

revoke all on function private.seal_audit_chain_of(uuid, integer) from public;
revoke all on function private.seal_audit_chain(uuid, integer) from public;
