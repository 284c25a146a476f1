-- The audit chain trigger updated the organization's chain-head row once per inserted entry. Within one
-- transaction every update adds another row version that later lookups must walk, so a transaction writing n
-- entries cost O(n²) (10,000 entries: ~6 s). Now the head row is locked and read once per transaction and
-- organization; the running seq/hash is kept in a transaction-local setting (which savepoint rollbacks undo
-- together with their rows); and a deferred constraint trigger writes the head once at commit.

create or replace function private.audit_chain_state_key(p_organization_id uuid) returns text
language sql immutable
set search_path = ''
as $$
  select 'hearth.audit_chain_' || replace(p_organization_id::text, '-', '')
$$;

create or replace function private.audit_chain_link() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_key text := private.audit_chain_state_key(new.organization_id);
  v_state text := nullif(current_setting(v_key, true), '');
  v_seq bigint;
  v_prev text;
begin
  if v_state is null then
    insert into private.audit_chain_heads as h (organization_id, last_seq, last_hash)
    values (new.organization_id, 0, repeat('0', 64))
    on conflict (organization_id) do nothing;
    -- The row lock serializes writers of one organization until their transaction ends.
    select h.last_seq, h.last_hash into v_seq, v_prev
      from private.audit_chain_heads h where h.organization_id = new.organization_id for update;
  else
    v_seq := split_part(v_state, ':', 1)::bigint;
    v_prev := split_part(v_state, ':', 2);
  end if;

  new.seq := v_seq + 1;
  new.prev_hash := v_prev;
  new.created_at := coalesce(new.created_at, now());
  new.hash := encode(pg_catalog.sha256(convert_to(v_prev || private.audit_canonical(
    new.seq, new.id, new.organization_id, new.user_id, new.action, new.entity_type, new.entity_id,
    new.old_values, new.new_values, new.created_at), 'UTF8')), 'hex');

  perform set_config(v_key, new.seq::text || ':' || new.hash, true);
  return new;
end;
$$;

-- Runs at commit for every inserted entry; only the first call per organization (or after further inserts)
-- writes the head.
create or replace function private.audit_chain_flush() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_key text := private.audit_chain_state_key(new.organization_id);
  v_state text := nullif(current_setting(v_key, true), '');
begin
  if v_state is null or v_state = nullif(current_setting(v_key || '_flushed', true), '') then
    return null;
  end if;
  update private.audit_chain_heads
     set last_seq = split_part(v_state, ':', 1)::bigint, last_hash = split_part(v_state, ':', 2)
   where organization_id = new.organization_id;
  perform set_config(v_key || '_flushed', v_state, true);
  return null;
end;
$$;

revoke all on function private.audit_chain_flush(), private.audit_chain_state_key(uuid) from public;

drop trigger if exists transaction_audit_logs_chain_flush on public.transaction_audit_logs;
create constraint trigger transaction_audit_logs_chain_flush
  after insert on public.transaction_audit_logs
  deferrable initially deferred
  for each row execute function private.audit_chain_flush();
