-- Helpers of the local Realtime service (supabase/local/realtime): batched per-subscriber RLS checks and the
-- Postgres-side evaluation of postgres_changes filters. Called only by the service's superuser connections,
-- never granted to API roles. Idempotent: runs on every stack start.

create schema if not exists realtime_local;
revoke all on schema realtime_local from public;

-- Waits until every transaction in xids (32-bit ids, as pgoutput sends them) is visible to a new snapshot, for at
-- most timeout_ms; true once they all are, false on timeout. A transaction streams out of the slot once its commit
-- record is flushed, but new snapshots see it only after the committing backend leaves the running list a moment
-- later (after any synchronous-replication wait): an RLS check in between reads the row as it was before.
-- Visibility is judged against the whole snapshot (pg_visible_in_snapshot): a committing transaction that holds
-- the newest xid is at or past the snapshot's xmax and so absent from its running list, yet not visible.
create or replace function realtime_local.await_visible(xids bigint[], timeout_ms int)
returns boolean
language plpgsql
volatile
set search_path = ''
as $$
declare
  deadline timestamptz := pg_catalog.clock_timestamp() + pg_catalog.make_interval(secs => timeout_ms / 1000.0);
  snap pg_catalog.pg_snapshot;
  top bigint;
  spins int := 0;
begin
  loop
    -- A fresh snapshot per iteration (each expression of a volatile function takes one).
    snap := pg_catalog.pg_current_snapshot();
    top := pg_catalog.pg_snapshot_xmax(snap)::text::bigint;
    -- Each 32-bit xid widened to the epoch that puts it nearest the snapshot's xmax (it is a recent transaction).
    if not exists (
      select 1
        from pg_catalog.unnest(xids) as x(xid),
             lateral (select ((top >> 32) << 32) | (x.xid & 4294967295) as base) b,
             lateral (select case
                               when b.base > top + 2147483648 then b.base - 4294967296
                               when b.base < top - 2147483648 then b.base + 4294967296
                               else b.base
                             end as full_xid) f
       where f.full_xid >= 3
         and not pg_catalog.pg_visible_in_snapshot(f.full_xid::text::xid8, snap)
    ) then
      return true;
    end if;
    if pg_catalog.clock_timestamp() >= deadline then
      return false;
    end if;
    -- The gap is usually microseconds: look again at once a few times (each look takes a new snapshot) before
    -- sleeping, as pg_sleep waits at least a millisecond.
    spins := spins + 1;
    if spins > 20 then
      perform pg_catalog.pg_sleep(0.001);
    end if;
  end loop;
end;
$$;

-- checks: [{"role": "anon" | "authenticated", "claims": "<JWT claims as JSON text>",
--           "tables": [{"rel": <table oid>, "cols": [<primary key column>, ...], "keys": [[<pk value as text>, ...], ...]}]}]
-- xids: the transactions the keys come from; the check waits (await_visible, up to timeout_ms) until they are visible.
-- Returns one row (g, t, k, null) per key the group's role may SELECT right now under RLS (indexes are 0-based
-- positions in the input), and (g, -1, -1, <error>) when a group's check failed (its rows count as invisible) —
-- every group's, with the error 'not visible', when the transactions did not become visible in time.
drop function if exists realtime_local.visible_rows(jsonb);
create or replace function realtime_local.visible_rows(checks jsonb, xids bigint[], timeout_ms int)
returns table (g int, t int, k int, err text)
language plpgsql
volatile
set search_path = ''
as $$
declare
  grp jsonb;
  tbl jsonb;
  gi int := -1;
  ti int;
  rel regclass;
  typed text;
  cond text;
  -- Each table's check statement, built once per call (before and after its LIMIT) and run for every group.
  stmts jsonb := '{}';
  stmt jsonb;
  part int[];
  found_t int[];
  found_k int[];
  pname text;
begin
  if not realtime_local.await_visible(xids, timeout_ms) then
    return query select (o.i - 1)::int, -1, -1, 'not visible'::text
                   from jsonb_array_elements(checks) with ordinality as o(v, i);
    return;
  end if;
  for grp in select value from jsonb_array_elements(checks) loop
    gi := gi + 1;
    begin
      -- Never switch to a role that bypasses RLS or owns tables: the caller sends only API roles.
      if (grp ->> 'role') is null or (grp ->> 'role') not in ('anon', 'authenticated') then
        raise exception 'role % cannot be checked', grp ->> 'role';
      end if;
      perform set_config('role', grp ->> 'role', true);
      perform set_config('request.jwt.claims', grp ->> 'claims', true);
      ti := -1;
      found_t := '{}';
      found_k := '{}';
      for tbl in select value from jsonb_array_elements(grp -> 'tables') loop
        ti := ti + 1;
        stmt := stmts -> (tbl ->> 'rel');
        if stmt is null then
          rel := (tbl ->> 'rel')::oid::regclass;
          -- The keys are cast to each key column's own type before the join, never inside it: a cast from text
          -- (uuid_in, int8in…) is not leakproof, so a join clause holding one may not run before the table's RLS
          -- policy and the primary key cannot serve it (a hash join over a sequential scan, growing with the
          -- table). Compared as typed values, the equality is leakproof and the check is one index probe per key.
          -- The LIMIT (the number of keys, a parameter) tells the planner there are few: a set-returning function
          -- is estimated at 100 rows, which makes a hash join over the whole table look cheaper than a few probes.
          select string_agg(format('(k.v ->> %s)::%s as c%s', c.i - 1, format_type(a.atttypid, a.atttypmod), c.i),
                   ', ' order by c.i),
                 string_agg(format('r.%I = k.c%s', a.attname, c.i), ' and ' order by c.i)
            into typed, cond
            from jsonb_array_elements_text(tbl -> 'cols') with ordinality as c(name, i)
            join pg_catalog.pg_attribute a on a.attrelid = rel and a.attname = c.name and not a.attisdropped;
          if cond is null then
            raise exception 'no key columns for %', rel;
          end if;
          stmt := jsonb_build_array(
            format('with k as materialized (select k.i, %s from jsonb_array_elements($1) with ordinality as k(v, i) limit ',
              typed),
            format(') select coalesce(array_agg((k.i - 1)::int order by k.i), ''{}'') from k'
              ' where exists (select 1 from %s r where %s)', rel, cond));
          stmts := stmts || jsonb_build_object(tbl ->> 'rel', stmt);
        end if;
        -- Prepared once per connection (named by its text), so the statement is parsed and its policies expanded
        -- once, not once per group (half of a check's cost); the plan cache analyzes it again when the role
        -- changes (RLS depends on it) or the table does. The keys go in as a quoted literal, the count as a number.
        pname := 'realtime_local_check_' || md5(stmt::text);
        if not exists (select 1 from pg_catalog.pg_prepared_statements ps where ps.name = pname) then
          execute format('prepare %I (jsonb, bigint) as %s$2%s', pname, stmt ->> 0, stmt ->> 1);
        end if;
        execute format('execute %I(%L, %s)', pname, (tbl -> 'keys')::text, jsonb_array_length(tbl -> 'keys'))
          into part;
        found_t := found_t || array_fill(ti, array[cardinality(part)]);
        found_k := found_k || part;
      end loop;
      -- Returned only once the whole group is checked: a group that fails midway delivers nothing.
      return query select gi, u.t, u.k, null::text from unnest(found_t, found_k) as u(t, k);
    exception when others then
      -- The sub-transaction is rolled back, the role switch with it.
      return query select gi, -1, -1, sqlerrm;
    end;
    perform set_config('role', 'none', true);
    perform set_config('request.jwt.claims', '', true);
  end loop;
end;
$$;

-- items: [{"type": <type oid>, "op": "eq" | "neq" | "lt" | "lte" | "gt" | "gte" | "in" | "like" | "ilike" | "match"
--          | "imatch" | "is" | "isdistinct", "value": <column value as text or null>, "filter": <filter value>,
--          "negate": bool}]
-- Returns the 0-based positions of the items whose filter holds, with Postgres semantics for the column's type.
-- A NULL column value never passes (except `is null` / `isdistinct`), an item that fails to evaluate never passes.
create or replace function realtime_local.eval_filters(items jsonb)
returns setof int
language plpgsql
volatile
set search_path = ''
as $$
declare
  item jsonb;
  idx int := -1;
  typ text;
  op text;
  negate boolean;
  res boolean;
  op_symbol text;
begin
  for item in select value from jsonb_array_elements(items) loop
    idx := idx + 1;
    begin
      typ := format_type((item ->> 'type')::oid, null);
      op := item ->> 'op';
      negate := coalesce((item ->> 'negate')::boolean, false);
      if op = 'isdistinct' then
        execute format('select %L::%s %s %L::%s', item ->> 'value', typ,
          case when negate then 'is not distinct from' else 'is distinct from' end, item ->> 'filter', typ)
          into res;
      elsif op = 'is' then
        if (item ->> 'filter') not in ('null', 'true', 'false', 'unknown') then
          raise exception 'invalid value for is filter';
        end if;
        execute format('select %L::%s %s %s', item ->> 'value', typ, case when negate then 'is not' else 'is' end,
          upper(item ->> 'filter'))
          into res;
      else
        op_symbol := case op
          when 'eq' then '=' when 'neq' then '<>' when 'lt' then '<' when 'lte' then '<=' when 'gt' then '>'
          when 'gte' then '>=' when 'in' then '= any' when 'like' then 'like' when 'ilike' then 'ilike'
          when 'match' then '~' when 'imatch' then '~*' end;
        if op_symbol is null then
          raise exception 'unsupported operator %', op;
        end if;
        execute format('select %L::%s %s (%L::%s)', item ->> 'value', typ, op_symbol, item ->> 'filter',
          case when op = 'in' then typ || '[]' else typ end)
          into res;
        if negate then
          res := not res;
        end if;
      end if;
    exception when others then
      res := false;
    end;
    if coalesce(res, false) then
      return next idx;
    end if;
  end loop;
end;
$$;

-- Canonical text of a filter value cast to the column's type, as the type's output function prints it (the
-- form WAL values have; a ::text cast differs for bool and inet). Raises when the value does not cast, as
-- Realtime's subscription check does. For `in`, the canonical text of each element.
create or replace function realtime_local.canonical_value(val text, typ oid)
returns text
language plpgsql
stable
set search_path = ''
as $$
declare
  res text;
begin
  execute format('select format(''%%s'', %L::%s)', val, format_type(typ, null)) into res;
  return res;
end;
$$;

create or replace function realtime_local.canonical_array(val text, typ oid)
returns text[]
language plpgsql
stable
set search_path = ''
as $$
declare
  res text[];
begin
  execute format('select coalesce(array_agg(format(''%%s'', e)), ''{}'') from unnest(%L::%s[]) as e', val,
    format_type(typ, null))
    into res;
  return res;
end;
$$;

revoke all on function realtime_local.visible_rows(jsonb, bigint[], int) from public;
revoke all on function realtime_local.await_visible(bigint[], int) from public;
revoke all on function realtime_local.eval_filters(jsonb) from public;
revoke all on function realtime_local.canonical_value(text, oid) from public;
revoke all on function realtime_local.canonical_array(text, oid) from public;

-- Realtime Authorization (private channels), shaped like Supabase Realtime's tenant migrations
-- (20240523004032_redefine_authorization_tables, 20240919163303_add_payload_to_messages,
-- 20241108114728_messages_using_uuid, 20260514120000_add_binary_payload_to_messages; not partitioned here):
-- policies on realtime.messages, naming the channel with realtime.topic(), decide who may join and receive
-- (select) and who may broadcast or track presence (insert) on a private channel.
create schema if not exists realtime;
grant usage on schema realtime to postgres, anon, authenticated, service_role;

create table if not exists realtime.messages (
  topic text not null,
  extension text not null,
  payload jsonb,
  event text,
  private boolean default false,
  updated_at timestamp not null default now(),
  inserted_at timestamp not null default now(),
  id uuid not null default gen_random_uuid(),
  binary_payload bytea,
  primary key (id, inserted_at)
);
create index if not exists messages_topic_index on realtime.messages (topic);
alter table realtime.messages enable row level security;
grant select, insert, update on realtime.messages to postgres, anon, authenticated, service_role;
alter table realtime.messages owner to supabase_realtime_admin;

create or replace function realtime.topic() returns text
language sql
stable
as $$
  select nullif(current_setting('realtime.topic', true), '')::text;
$$;
alter function realtime.topic() owner to supabase_realtime_admin;

-- What a role with these claims may do on a private channel's topic, per extension ('broadcast', 'presence'),
-- checked as Realtime's Authorization module checks it: action 'read' inserts a message row for the topic (as the
-- superuser) and asks whether the role can select it; 'write' asks whether the role can insert one. Nothing of a
-- check remains (row, role, settings): each is rolled back. A policy that fails raises, as in Realtime.
create or replace function realtime_local.channel_policies(
  p_role text, p_claims text, p_topic text, p_extensions text[], p_action text
)
returns table (extension text, allowed boolean)
language plpgsql
volatile
set search_path = ''
as $$
declare
  ext text;
  message_id uuid;
  ok boolean;
begin
  if p_role is null or p_role not in ('anon', 'authenticated', 'service_role') then
    raise exception 'role % cannot be checked', p_role;
  end if;
  if p_action not in ('read', 'write') then
    raise exception 'unknown action %', p_action;
  end if;
  foreach ext in array p_extensions loop
    ok := false;
    begin
      if p_action = 'read' then
        insert into realtime.messages (topic, extension, private) values (p_topic, ext, true)
        returning id into message_id;
      end if;
      perform set_config('role', p_role, true),
        set_config('realtime.topic', p_topic, true),
        set_config('request.jwt.claims', p_claims, true),
        set_config('request.jwt.claim.sub', coalesce(p_claims::jsonb ->> 'sub', ''), true),
        set_config('request.jwt.claim.role', p_role, true);
      if p_action = 'read' then
        ok := exists (select 1 from realtime.messages m where m.id = message_id);
      else
        begin
          insert into realtime.messages (topic, extension, private) values (p_topic, ext, true);
          ok := true;
        exception when insufficient_privilege then
          ok := false;
        end;
      end if;
      raise exception using errcode = 'RTCHK';
    exception when sqlstate 'RTCHK' then
      null;
    end;
    extension := ext;
    allowed := ok;
    return next;
  end loop;
end;
$$;
revoke all on function realtime_local.channel_policies(text, text, text, text[], text) from public;
