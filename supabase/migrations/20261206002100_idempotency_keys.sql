-- Idempotency keys (docs/decisions/0020-idempotency-keys.md): a create form sends one key per attempt to create
-- something; the first transaction of that submission that writes records key → its result here, in the SAME
-- transaction as the work, so a resubmission (double-click, network retry) answers the first result and
-- creates nothing, and a crash mid-work leaves no key (the retry redoes the work).
--
-- A key is scoped to the organization + user + action of the tenant context (set by withTenantContext; callers
-- can't name another's), stores a hash of the input (the same key with other input is refused) and the result,
-- and expires after 24 hours. Concurrent submissions of one key serialize on a transaction-level advisory lock
-- on the scope's hash, taken by idempotency_begin before the work and held to commit.
--
-- No role reads or writes the table directly: hearth_app goes through the two security-definer functions below,
-- which take the organization and user from the transaction's own settings.
create table if not exists private.idempotency_keys (
  organization_id uuid not null,
  user_id uuid not null,
  action text not null check (length(action) between 1 and 100),
  key text not null check (key ~ '^[A-Za-z0-9_-]{8,128}$'),
  input_hash text not null,
  result json not null, -- json keeps the result as written (key order too); jsonb would reorder it
  created_at timestamptz not null default now(),
  expires_at timestamptz not null default now() + interval '24 hours',
  primary key (organization_id, user_id, action, key)
);
create index if not exists idempotency_keys_expires_at_idx on private.idempotency_keys (expires_at);
alter table private.idempotency_keys enable row level security;
revoke all on private.idempotency_keys from public, anon, authenticated, hearth_app;

-- The organization and user of the tenant transaction (set by withTenantContext), never the caller's say.
create or replace function private.idempotency_scope(out o uuid, out u uuid)
language plpgsql stable
set search_path = ''
as $$
begin
  o := nullif(current_setting('app.organization_id', true), '')::uuid;
  u := nullif(current_setting('app.user_id', true), '')::uuid;
  if o is null or u is null then
    raise exception 'idempotency keys need a tenant context' using errcode = '42501';
  end if;
end;
$$;

-- Locks the key's scope for the rest of the transaction, then returns its live row (null when there is none or
-- it expired).
create or replace function private.idempotency_begin(p_action text, p_key text)
returns table (input_hash text, result json)
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  v_org uuid;
  v_user uuid;
begin
  select o, u into v_org, v_user from private.idempotency_scope();
  perform pg_advisory_xact_lock(hashtextextended(concat_ws('/', 'idem', v_org, v_user, p_action, p_key), 0));
  return query
    select k.input_hash, k.result
      from private.idempotency_keys k
     where k.organization_id = v_org and k.user_id = v_user and k.action = p_action and k.key = p_key
       and k.expires_at > now();
end;
$$;

-- Records the key with the work's result (the caller holds the lock from idempotency_begin). An expired row of
-- the same key is replaced; expired keys are purged now and then.
create or replace function private.idempotency_finish(p_action text, p_key text, p_input_hash text, p_result json)
returns void
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  v_org uuid;
  v_user uuid;
begin
  select o, u into v_org, v_user from private.idempotency_scope();
  insert into private.idempotency_keys as k (organization_id, user_id, action, key, input_hash, result)
  values (v_org, v_user, p_action, p_key, p_input_hash, p_result)
  on conflict (organization_id, user_id, action, key) do update
    set input_hash = excluded.input_hash, result = excluded.result,
        created_at = now(), expires_at = now() + interval '24 hours'
    where k.expires_at <= now();
  if random() < 0.01 then
    perform private.purge_idempotency_keys();
  end if;
end;
$$;

-- Deletes expired keys; returns how many.
create or replace function private.purge_idempotency_keys()
returns integer
language sql volatile security definer
set search_path = ''
as $$
  with gone as (delete from private.idempotency_keys where expires_at <= now() returning 1)
  select count(*)::integer from gone;
$$;

revoke all on function private.idempotency_scope() from public;
revoke all on function private.idempotency_begin(text, text) from public;
revoke all on function private.idempotency_finish(text, text, text, json) from public;
revoke all on function private.purge_idempotency_keys() from public;
grant execute on function private.idempotency_begin(text, text) to hearth_app;
grant execute on function private.idempotency_finish(text, text, text, json) to hearth_app;
grant execute on function private.purge_idempotency_keys() to hearth_app, service_role;
