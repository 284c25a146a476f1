// Realtime postgres_changes through the official client: subscription, payload shapes, event and column
// filters with Postgres semantics, committed changes only and in commit order, unsubscribe, and fan-out.
import type pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  closeClients,
  listen,
  publish,
  realtimeClient,
  realtimeStats,
  superuser,
  unique,
  type Binding,
} from "./support/realtime";

let db: pg.Client;

beforeAll(async () => {
  db = await superuser();
  await db.query(`
    create schema if not exists rt_changes;
    grant usage on schema rt_changes to anon, authenticated, service_role;
    create table if not exists rt_changes.items (
      id bigserial primary key,
      label text not null,
      qty int,
      price numeric(10, 2),
      active boolean default true,
      tags text[],
      meta jsonb,
      created_at timestamptz default now(),
      secret text
    );
    create table if not exists rt_changes.full_items (id bigserial primary key, label text, secret text);
    alter table rt_changes.full_items replica identity full;
    create table if not exists rt_changes.f (
      id serial primary key,
      run text not null,
      n int,
      amount numeric,
      label text,
      uid uuid,
      day date,
      at timestamptz,
      flag boolean
    );
    do $$ begin
      if not exists (select 1 from pg_type where typname = 'mood' and typnamespace = 'rt_changes'::regnamespace) then
        create type rt_changes.mood as enum ('sad', 'ok', 'happy');
      end if;
      if not exists (select 1 from pg_type where typname = 'positive' and typnamespace = 'rt_changes'::regnamespace) then
        create domain rt_changes.positive as int check (value > 0);
      end if;
    end $$;
    create table if not exists rt_changes.types (
      id serial primary key,
      i2 smallint, i8 bigint, num numeric(30, 10), f4 real, f8 double precision, b boolean,
      t text, vc varchar(20), ch char(5), u uuid, d date, ts timestamp, tstz timestamptz, tm time, tmtz timetz,
      iv interval, js json, jsb jsonb, ints int[], texts text[], bools boolean[], grid int[][], stamps timestamptz[],
      docs jsonb[], bin bytea, m rt_changes.mood, pos rt_changes.positive, ip inet
    );
    grant select on all tables in schema rt_changes to anon, authenticated, service_role;
  `);
  await publish(db, "rt_changes.items", "rt_changes.full_items", "rt_changes.f", "rt_changes.types");
});

afterEach(() => closeClients());
afterAll(() => db.end());

const items = (filter?: string, event: Binding["event"] = "*"): Binding => ({
  event,
  schema: "rt_changes",
  table: "items",
  ...(filter ? { filter } : {}),
});

describe("realtime postgres_changes", () => {
  it("subscribes: SUBSCRIBED, then the postgres_changes confirmation", async () => {
    const name = unique("sub");
    const l = await listen(await realtimeClient(), name, [items()]);
    expect(l.statuses.items.map((s) => s.status)).toEqual(["SUBSCRIBED"]);
    expect(l.system.items[0]).toEqual({
      extension: "postgres_changes",
      status: "ok",
      message: "Subscribed to PostgreSQL",
      channel: name,
    });
    const stats = await realtimeStats(`realtime:${name}`);
    expect(stats.topic).toEqual({ name: `realtime:${name}`, channels: 1, subscriptions: 1 });
    expect(stats.reader.slot).toMatch(/^hearth_realtime_/);
  });

  it("delivers INSERT, UPDATE and DELETE with Realtime's payload shape and typed values", async () => {
    const label = unique("shape");
    // No filter: a DELETE only reaches bindings whose filter can be evaluated on the primary key.
    const l = await listen(await realtimeClient(), unique("shape"), [items()]);
    const { rows } = await db.query(
      `insert into rt_changes.items (label, qty, price, tags, meta, secret)
       values ($1, 3, 12.5, '{red,"dark blue"}', '{"a": {"b": [1, 2]}}', 's3cret') returning id, created_at`,
      [label],
    );
    const id = Number(rows[0].id);
    await db.query("update rt_changes.items set qty = 4 where id = $1", [id]);
    await db.query("delete from rt_changes.items where id = $1", [id]);
    await l.changes.waitFor((c) => c.payload.eventType === "DELETE" && c.payload.old.id === id, "delete");
    const [ins, upd, del] = l.changes.items
      .map((c) => c.payload)
      .filter((p) => p.new.id === id || p.old.id === id);

    expect(ins).toMatchObject({
      schema: "rt_changes",
      table: "items",
      eventType: "INSERT",
      errors: null,
      old: {},
    });
    expect(ins!.commit_timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(ins!.new).toEqual({
      id,
      label,
      qty: 3,
      price: 12.5,
      active: true,
      tags: ["red", "dark blue"],
      meta: { a: { b: [1, 2] } },
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+00:00$/),
      secret: "s3cret",
    });
    expect(new Date(ins!.new.created_at as string).getTime()).toBe((rows[0].created_at as Date).getTime());

    expect(upd).toMatchObject({ eventType: "UPDATE", new: { id, qty: 4, label }, old: { id } });
    expect(Object.keys(upd!.old)).toEqual(["id"]);

    expect(del).toMatchObject({ eventType: "DELETE", new: {} });
    expect(del!.old).toEqual({ id });
    expect(new Date(del!.commit_timestamp).getTime()).toBeGreaterThanOrEqual(
      new Date(ins!.commit_timestamp).getTime(),
    );
  });

  it("sends column values as Postgres' to_jsonb() renders them", async () => {
    const l = await listen(await realtimeClient(), unique("types"), [
      { event: "INSERT", schema: "rt_changes", table: "types" },
    ]);
    const { rows } = await db.query(`
      insert into rt_changes.types (i2, i8, num, f4, f8, b, t, vc, ch, u, d, ts, tstz, tm, tmtz, iv, js, jsb, ints,
        texts, bools, grid, stamps, docs, bin, m, pos, ip)
      values (-7, 9007199254740991, 12345678901234567890.0123456789, 1.1, 1e100, false,
        e'quotes " and \\\\ backslash, newline\n, unicode ✓ 😀', 'var', 'ab', 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11',
        '2024-02-29', '2024-02-29 13:14:15.5', '2024-02-29 13:14:15.123456+02', '23:59:59', '10:00:00+02',
        '1 day 02:03:04', '{"b": 1, "a": [true, null]}', '{"b": 1, "a": [true, null]}', '{1,NULL,3}',
        '{plain,"with space","with \\"quote\\"",NULL,"NULL",""}', '{t,f}', '{{1,2},{3,4}}',
        '{"2024-01-01 00:00:00+00","2024-06-30 12:00:00.5+05"}', array['{"x": 1}'::jsonb, '[1, "two"]'::jsonb],
        '\\x0001ff', 'happy', 42, '10.0.0.1/8')
      returning id`);
    const id = rows[0].id as number;
    const { rows: expected } = await db.query(
      "select to_jsonb(r) as j from rt_changes.types r where id = $1",
      [id],
    );
    const got = await l.changes.waitFor((c) => c.payload.new.id === id, "types row");
    expect(got.payload.new).toEqual(expected[0].j);
  });

  it("sends a DELETE only to bindings whose filter can be evaluated on the primary key", async () => {
    const label = unique("delfilter");
    const { rows } = await db.query("insert into rt_changes.items (label) values ($1) returning id", [label]);
    const id = Number(rows[0].id);
    const l = await listen(await realtimeClient(), unique("delfilter"), [
      items(`label=eq.${label}`, "DELETE"),
      items(`id=eq.${id}`, "DELETE"),
      items(`id=neq.${id}`, "DELETE"),
      items(undefined, "DELETE"),
    ]);
    await db.query("delete from rt_changes.items where id = $1", [id]);
    await l.changes.waitFor(
      (c) => c.binding === 3 && c.payload.old.id === id,
      "delete on unfiltered binding",
    );
    const bindings = l.changes.items.filter((c) => c.payload.old.id === id).map((c) => c.binding);
    expect(bindings.sort()).toEqual([1, 3]);
  });

  it("matches DELETE filters against the whole old row with REPLICA IDENTITY FULL, and sends it (no RLS)", async () => {
    const label = unique("full");
    const l = await listen(await realtimeClient(), unique("full"), [
      { event: "*", schema: "rt_changes", table: "full_items", filter: `label=eq.${label}` },
      { event: "DELETE", schema: "rt_changes", table: "full_items", filter: `label=neq.${label}` },
    ]);
    const { rows } = await db.query(
      "insert into rt_changes.full_items (label, secret) values ($1, 'not so secret') returning id",
      [label],
    );
    const id = Number(rows[0].id);
    await db.query("delete from rt_changes.full_items where id = $1", [id]);
    const del = await l.changes.waitFor(
      (c) => c.payload.eventType === "DELETE" && c.payload.old.id === id,
      "delete",
    );
    // As Realtime's apply_rls: without RLS on the table, old_record is the old row the role may select.
    expect(del).toMatchObject({
      binding: 0,
      payload: { old: { id, label, secret: "not so secret" }, new: {} },
    });
    expect(l.changes.items.filter((c) => c.binding === 1)).toEqual([]);
  });

  it("routes by event: '*' gets everything, INSERT/UPDATE/DELETE bindings only their kind", async () => {
    const l = await listen(await realtimeClient(), unique("events"), [
      items(undefined, "*"),
      items(undefined, "INSERT"),
      items(undefined, "UPDATE"),
      items(undefined, "DELETE"),
    ]);
    const { rows } = await db.query("insert into rt_changes.items (label) values ($1) returning id", [
      unique("ev"),
    ]);
    const id = Number(rows[0].id);
    await db.query("update rt_changes.items set qty = 1 where id = $1", [id]);
    await db.query("delete from rt_changes.items where id = $1", [id]);
    await l.changes.waitFor((c) => c.binding === 0 && c.payload.eventType === "DELETE", "delete on *");
    await l.changes.waitFor((c) => c.binding === 3, "delete binding");
    const byBinding = (i: number) =>
      l.changes.items
        .filter((c) => c.binding === i && (c.payload.new.id === id || c.payload.old.id === id))
        .map((c) => c.payload.eventType);
    expect(byBinding(0)).toEqual(["INSERT", "UPDATE", "DELETE"]);
    expect(byBinding(1)).toEqual(["INSERT"]);
    expect(byBinding(2)).toEqual(["UPDATE"]);
    expect(byBinding(3)).toEqual(["DELETE"]);
  });

  it("applies every filter operator with the column type's Postgres semantics", async () => {
    const run = unique("ops");
    const u1 = "0b5f0c4e-6a43-4a52-9c1d-7a0d2c1e3f41";
    const u2 = "9d7e8c6b-1a2b-4c3d-8e9f-a0b1c2d3e4f5";
    // [filter, equivalent SQL predicate]
    const cases: Array<[string, string]> = [
      ["n=eq.5", "n = 5"],
      ["n=neq.5", "n <> 5"],
      ["n=lt.5", "n < 5"],
      ["n=lte.5", "n <= 5"],
      ["n=gt.5", "n > 5"],
      ["n=gte.5", "n >= 5"],
      ["n=in.(1,9,42)", "n in (1, 9, 42)"],
      ["n=not.in.(1,9)", "not (n in (1, 9))"],
      ["n=gt.1,n=lt.9", "n > 1 and n < 9"],
      ["amount=gt.10.25", "amount > 10.25"], // as text "9.99" > "10.25"
      ["amount=eq.10.50", "amount = 10.50"], // stored as 10.5
      ["amount=lte.1e2", "amount <= 100"],
      ["label=eq.hello", "label = 'hello'"],
      ['label=in.(a,"b,c")', "label in ('a', 'b,c')"],
      ["label=lt.b", "label < 'b'"],
      ["label=like.h%", "label like 'h%'"],
      [`uid=eq.${u1.toUpperCase()}`, `uid = '${u1}'`],
      [`uid=neq.${u1}`, `uid <> '${u1}'`],
      ["day=lt.2024-06-01", "day < '2024-06-01'"],
      ["day=gte.2024-06-01", "day >= '2024-06-01'"],
      ["at=gte.2024-06-01T12:00:00+02:00", "at >= '2024-06-01T10:00:00Z'"],
      ["at=lt.2024-06-01 09:00:00+00", "at < '2024-06-01T09:00:00Z'"],
      ["flag=eq.true", "flag = true"],
      ["flag=neq.true", "flag <> true"],
    ];
    const bindings: Binding[] = cases.map(([filter]) => ({
      event: "INSERT",
      schema: "rt_changes",
      table: "f",
      filter: `run=eq.${run},${filter}`,
    }));
    bindings.push({ event: "INSERT", schema: "rt_changes", table: "f", filter: `run=eq.${run}-marker` });
    const l = await listen(await realtimeClient(), unique("ops"), bindings);

    await db.query(
      `insert into rt_changes.f (run, n, amount, label, uid, day, at, flag) values
         ($1, 1, 9.99, 'a', $2, '2024-01-15', '2024-06-01T08:00:00Z', true),
         ($1, 5, 10.5, 'b,c', $3, '2024-06-01', '2024-06-01T10:00:00Z', false),
         ($1, 9, 100, 'hello', $2, '2024-12-31', '2024-06-01T12:00:00Z', null),
         ($1, null, null, 'Zed', null, null, null, null),
         ($1, 42, 0.001, 'ß', $3, '0099-01-01', '1999-12-31T23:59:59.999999Z', false)`,
      [run, u1, u2],
    );
    await db.query("insert into rt_changes.f (run) values ($1)", [`${run}-marker`]);
    await l.changes.waitFor((c) => c.binding === cases.length, "marker");

    for (const [i, [filter, predicate]] of cases.entries()) {
      const { rows } = await db.query(
        `select id from rt_changes.f where run = $1 and (${predicate}) order by id`,
        [run],
      );
      const expected = rows.map((r) => r.id as number);
      const got = l.changes.items.filter((c) => c.binding === i).map((c) => c.payload.new.id as number);
      expect(got, `filter ${filter}`).toEqual(expected);
    }
    // The cases discriminate: not everything matches everything.
    expect(
      new Set(cases.map((_, i) => l.changes.items.filter((c) => c.binding === i).length)).size,
    ).toBeGreaterThan(3);
  });

  it("evaluates an UPDATE's filter on the new row", async () => {
    const label = unique("upd");
    const l = await listen(await realtimeClient(), unique("upd"), [
      items(`qty=gte.10`, "UPDATE"),
      items(`label=eq.${label}`),
    ]);
    const { rows } = await db.query("insert into rt_changes.items (label, qty) values ($1, 1) returning id", [
      label,
    ]);
    const id = Number(rows[0].id);
    await db.query("update rt_changes.items set qty = 5 where id = $1", [id]); // not >= 10
    await db.query("update rt_changes.items set qty = 15 where id = $1", [id]);
    await db.query("update rt_changes.items set qty = 2 where id = $1", [id]); // old was 15, new is not
    await l.changes.waitFor((c) => c.binding === 1 && c.payload.new.qty === 2, "last update");
    const qtyUpdates = l.changes.items.filter((c) => c.binding === 0 && c.payload.new.id === id);
    expect(qtyUpdates.map((c) => c.payload.new.qty)).toEqual([15]);
  });

  it("delivers only committed changes: a rolled-back insert reaches nobody", async () => {
    const label = unique("tx");
    const l = await listen(await realtimeClient(), unique("rollback"), [items(`label=like.${label}%`)]);
    await db.query("begin");
    await db.query("insert into rt_changes.items (label) values ($1)", [`${label}-rolled-back`]);
    await db.query("rollback");
    await db.query("insert into rt_changes.items (label) values ($1)", [`${label}-committed`]);
    await l.changes.waitFor((c) => c.payload.new.label === `${label}-committed`, "committed marker");
    expect(l.changes.items.map((c) => c.payload.new.label)).toEqual([`${label}-committed`]);
  });

  it("delivers concurrent transactions in commit order, not statement order", async () => {
    const label = unique("order");
    const l = await listen(await realtimeClient(), unique("order"), [items(`label=like.${label}%`)]);
    const [c1, c2, c3] = [await superuser(), await superuser(), await superuser()];
    try {
      for (const c of [c1, c2, c3]) await c.query("begin");
      await c1.query("insert into rt_changes.items (label) values ($1)", [`${label}-A`]);
      await c2.query("insert into rt_changes.items (label) values ($1)", [`${label}-B`]);
      await c3.query("insert into rt_changes.items (label) values ($1)", [`${label}-C`]);
      await c1.query("insert into rt_changes.items (label) values ($1)", [`${label}-A2`]);
      await c2.query("commit");
      await c3.query("commit");
      await c1.query("commit");
    } finally {
      await Promise.all([c1.end(), c2.end(), c3.end()]);
    }
    const got = await l.changes.waitForCount(4);
    expect(got.map((c) => c.payload.new.label)).toEqual([
      `${label}-B`,
      `${label}-C`,
      `${label}-A`,
      `${label}-A2`,
    ]);
  });

  it("does not deliver changes committed before the subscription", async () => {
    const label = unique("before");
    await db.query("insert into rt_changes.items (label) values ($1)", [`${label}-early`]);
    const l = await listen(await realtimeClient(), unique("before"), [items(`label=like.${label}%`)]);
    await db.query("insert into rt_changes.items (label) values ($1)", [`${label}-late`]);
    await l.changes.waitFor((c) => c.payload.new.label === `${label}-late`, "late insert");
    expect(l.changes.items.map((c) => c.payload.new.label)).toEqual([`${label}-late`]);
  });

  it("stops delivering after unsubscribe (phx_leave)", async () => {
    const label = unique("leave");
    const leaving = await listen(await realtimeClient(), unique("leaving"), [items(`label=like.${label}%`)]);
    const staying = await listen(await realtimeClient(), unique("staying"), [items(`label=like.${label}%`)]);
    await db.query("insert into rt_changes.items (label) values ($1)", [`${label}-1`]);
    await leaving.changes.waitFor((c) => c.payload.new.label === `${label}-1`, "first insert");

    expect(await leaving.channel.unsubscribe()).toBe("ok");
    expect((await realtimeStats(leaving.channel.topic)).topic).toMatchObject({
      channels: 0,
      subscriptions: 0,
    });
    await db.query("insert into rt_changes.items (label) values ($1)", [`${label}-2`]);
    await staying.changes.waitFor((c) => c.payload.new.label === `${label}-2`, "second insert");
    expect(leaving.changes.items.map((c) => c.payload.new.label)).toEqual([`${label}-1`]);
    expect(leaving.statuses.items.map((s) => s.status)).toEqual(["SUBSCRIBED", "CLOSED"]);
  });

  it("fans out: 50 subscribers each receive 200 inserts, in order", { timeout: 120_000 }, async () => {
    const label = unique("fan");
    const listeners = await Promise.all(
      Array.from({ length: 50 }, async (_, i) =>
        listen(await realtimeClient(), unique(`fan${i}`), [items(`label=eq.${label}`, "INSERT")]),
      ),
    );
    const ids: number[] = [];
    for (let i = 0; i < 200; i += 20) {
      // 10 transactions of 20 single-row inserts each, plus single inserts in between
      await db.query("begin");
      for (let j = 0; j < 19; j++) {
        const { rows } = await db.query(
          "insert into rt_changes.items (label, qty) values ($1, $2) returning id",
          [label, i + j],
        );
        ids.push(Number(rows[0].id));
      }
      await db.query("commit");
      const { rows } = await db.query(
        "insert into rt_changes.items (label, qty) values ($1, $2) returning id",
        [label, i + 19],
      );
      ids.push(Number(rows[0].id));
    }
    for (const l of listeners) {
      const got = await l.changes.waitForCount(200, "200 inserts", 60_000);
      expect(got.map((c) => c.payload.new.id)).toEqual(ids);
    }
  });
});
