// Realtime and table privileges: a channel may listen to postgres_changes only on tables its JWT's role can
// SELECT. Otherwise the join is refused with Realtime's "Unauthorized" reason and nothing about the table's changes
// is ever sent (hosted Realtime accepts such a join and sends an "Error 401" payload for every change); a wildcard
// covers only readable tables; a refreshed access_token whose role cannot read the table ends the channel.
import type pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { anonKey } from "../../../tests/support/supabase";
import { mintToken } from "../../../tests/support/tokens";
import {
  closeClients,
  closeRawSockets,
  listen,
  listener,
  publish,
  rawSocket,
  realtimeClient,
  realtimeStats,
  refusedJoin,
  superuser,
  unique,
} from "./support/realtime";

let db: pg.Client;

beforeAll(async () => {
  db = await superuser();
  await db.query(`
    create schema if not exists rt_priv;
    grant usage on schema rt_priv to anon, authenticated, service_role;
    -- Signed-in users may read it; the anon role has no privilege at all.
    create table if not exists rt_priv.secret (id bigserial primary key, run text not null, body text);
    revoke all on rt_priv.secret from anon;
    grant select on rt_priv.secret to authenticated, service_role;
    -- anon may read a column, but not the key.
    create table if not exists rt_priv.partial (id bigserial primary key, run text not null, body text);
    revoke all on rt_priv.partial from anon;
    grant select (run, body) on rt_priv.partial to anon;
    -- Everyone may read it: markers that prove earlier changes were processed.
    create table if not exists rt_priv.open (id bigserial primary key, run text not null);
    grant select on rt_priv.open to anon, authenticated, service_role;
    -- anon may read it until a test revokes that.
    create table if not exists rt_priv.revoked (id bigserial primary key, run text not null);
    grant select on rt_priv.revoked to anon, authenticated, service_role;
    -- A schema whose only table anon cannot read.
    create schema if not exists rt_priv_closed;
    grant usage on schema rt_priv_closed to anon, authenticated, service_role;
    create table if not exists rt_priv_closed.secret (id bigserial primary key, run text not null);
    revoke all on rt_priv_closed.secret from anon;
  `);
  await publish(
    db,
    "rt_priv.secret",
    "rt_priv.partial",
    "rt_priv.open",
    "rt_priv.revoked",
    "rt_priv_closed.secret",
  );
});

afterEach(async () => {
  closeRawSockets();
  await closeClients();
});
afterAll(() => db.end());

const reasonFor = (table: string) =>
  `Unauthorized: You do not have permissions to read from this table: ${table}`;

async function insert(table: string, run: string): Promise<number> {
  const { rows } = await db.query(`insert into ${table} (run) values ($1) returning id`, [run]);
  return Number(rows[0].id);
}

describe("joins on tables the role cannot read", () => {
  it("refuses an anonymous subscriber on public.transaction_audit_logs", async () => {
    const l = listener(await realtimeClient(), unique("audit"), [
      { event: "INSERT", schema: "public", table: "transaction_audit_logs" },
    ]);
    expect(await refusedJoin(l)).toBe(reasonFor("public.transaction_audit_logs"));
    expect((await realtimeStats(l.channel.topic)).topic).toMatchObject({ channels: 0, subscriptions: 0 });
  });

  it("answers the join with an error reply and sends nothing for the table's changes", async () => {
    const run = unique("raw");
    const s = await rawSocket();
    const topic = `realtime:${unique("secret")}`;
    s.send([
      "1",
      "1",
      topic,
      "phx_join",
      { config: { postgres_changes: [{ event: "*", schema: "rt_priv", table: "secret" }] } },
    ]);
    expect(await s.frames.waitFor((f) => (f as unknown[])[1] === "1", "join reply")).toEqual([
      "1",
      "1",
      topic,
      "phx_reply",
      { status: "error", response: { reason: reasonFor("rt_priv.secret") } },
    ]);

    // A channel on the same socket that may read: once its marker arrives, the secret rows were processed too.
    const markers = `realtime:${unique("markers")}`;
    s.send([
      "2",
      "2",
      markers,
      "phx_join",
      {
        config: {
          postgres_changes: [{ event: "INSERT", schema: "rt_priv", table: "open", filter: `run=eq.${run}` }],
        },
      },
    ]);
    await s.frames.waitFor(
      (f) => (f as unknown[])[3] === "system" && (f as unknown[])[2] === markers,
      "markers",
    );
    await insert("rt_priv.secret", run);
    await db.query("update rt_priv.secret set body = 'changed' where run = $1", [run]);
    await db.query("delete from rt_priv.secret where run = $1", [run]);
    await insert("rt_priv.open", run);
    await s.frames.waitFor((f) => (f as unknown[])[3] === "postgres_changes", "marker change");
    expect(s.frames.items.filter((f) => (f as unknown[])[2] === topic)).toHaveLength(1);
  });

  it("refuses a role that may read some columns but not the primary key", async () => {
    const l = listener(await realtimeClient(), unique("partial"), [
      { event: "*", schema: "rt_priv", table: "partial" },
    ]);
    expect(await refusedJoin(l)).toBe(reasonFor("rt_priv.partial"));
  });

  it("refuses the whole channel when one of its bindings is unreadable", async () => {
    const l = listener(await realtimeClient(), unique("mixed"), [
      { event: "INSERT", schema: "rt_priv", table: "open" },
      { event: "INSERT", schema: "rt_priv", table: "secret" },
    ]);
    expect(await refusedJoin(l)).toBe(reasonFor("rt_priv.secret"));
  });

  it("lets a signed-in user's token join the same table", async () => {
    const run = unique("user");
    const client = await realtimeClient({ token: await mintToken({ sub: crypto.randomUUID() }) });
    const l = await listen(client, unique("secret-user"), [
      { event: "INSERT", schema: "rt_priv", table: "secret", filter: `run=eq.${run}` },
    ]);
    const id = await insert("rt_priv.secret", run);
    expect((await l.changes.waitFor((c) => c.payload.new.id === id, "the row")).payload.new).toMatchObject({
      run,
    });
  });
});

describe("privileges revoked after the join", () => {
  it("send nothing for the table's changes, not even an error payload", async () => {
    const run = unique("revoke");
    const l = await listen(await realtimeClient(), unique("revoked"), [
      { event: "*", schema: "rt_priv", table: "revoked" },
      { event: "INSERT", schema: "rt_priv", table: "open", filter: `run=eq.${run}` },
    ]);
    const before = await insert("rt_priv.revoked", run);
    await l.changes.waitFor((c) => c.binding === 0 && c.payload.new.id === before, "row before the revoke");
    await db.query("revoke select on rt_priv.revoked from anon");
    try {
      await new Promise((r) => setTimeout(r, 2_500)); // table metadata is re-read after at most 2 s
      await insert("rt_priv.revoked", run);
      await db.query("delete from rt_priv.revoked where id = $1", [before]);
      const marker = await insert("rt_priv.open", run);
      await l.changes.waitFor((c) => c.binding === 1 && c.payload.new.id === marker, "marker");
      expect(l.changes.items.filter((c) => c.binding === 0)).toHaveLength(1);
    } finally {
      await db.query("grant select on rt_priv.revoked to anon");
    }
  });
});

describe("wildcard bindings", () => {
  it("cover only the tables the role can read", async () => {
    const run = unique("wild");
    const l = await listen(await realtimeClient(), unique("wild"), [
      { event: "INSERT", schema: "rt_priv", table: "*" },
    ]);
    await insert("rt_priv.secret", run);
    await insert("rt_priv.partial", run);
    const marker = await insert("rt_priv.open", run);
    await l.changes.waitFor((c) => c.payload.table === "open" && c.payload.new.id === marker, "marker");
    expect(l.changes.items.map((c) => c.payload.table)).not.toContain("secret");
    expect(l.changes.items.map((c) => c.payload.table)).not.toContain("partial");
    expect(l.changes.items.every((c) => c.payload.errors === null)).toBe(true);
  });

  it("are refused when the role can read none of the tables", async () => {
    const l = listener(await realtimeClient(), unique("closed"), [
      { event: "*", schema: "rt_priv_closed", table: "*" },
    ]);
    expect(await refusedJoin(l)).toBe(reasonFor("rt_priv_closed.*"));
  });
});

describe("access_token refresh", () => {
  it("ends the channel when the new token's role cannot read the table; no more rows flow", async () => {
    const run = unique("downgrade");
    let current = await mintToken({ sub: crypto.randomUUID() });
    const client = await realtimeClient({ token: () => current });
    // No filter: a filter on a column the new role cannot read would fail the re-subscription by itself.
    const l = await listen(client, unique("secret-refresh"), [
      { event: "*", schema: "rt_priv", table: "secret" },
    ]);
    const markers = await listen(await realtimeClient(), unique("markers"), [
      { event: "INSERT", schema: "rt_priv", table: "open", filter: `run=eq.${run}` },
    ]);
    const before = await insert("rt_priv.secret", run);
    await l.changes.waitFor((c) => c.payload.new.id === before, "row before the refresh");

    current = anonKey();
    await client.realtime.setAuth(current);
    const sys = await l.system.waitFor((m) => m.extension === "system", "shutdown message");
    expect(sys).toMatchObject({ status: "error", message: reasonFor("rt_priv.secret") });
    await l.statuses.waitFor((s) => s.status === "CLOSED", "CLOSED status");
    expect((await realtimeStats(l.channel.topic)).topic).toMatchObject({ channels: 0, subscriptions: 0 });

    await insert("rt_priv.secret", run);
    const marker = await insert("rt_priv.open", run);
    await markers.changes.waitFor((c) => c.payload.new.id === marker, "marker");
    expect(l.changes.items.map((c) => c.payload.new.id)).toEqual([before]);
  });
});
