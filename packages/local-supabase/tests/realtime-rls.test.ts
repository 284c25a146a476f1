// Realtime and Row Level Security: every INSERT/UPDATE is delivered only to subscribers whose own JWT may
// SELECT the row; DELETEs carry the primary key only (and match filters on the old row with REPLICA IDENTITY FULL);
// access_token refreshes and expiry change or end what a channel receives; invalid tokens are refused with
// Realtime's errors.
import type pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { mintToken, tamper, unsignedToken } from "../../../tests/support/tokens";
import {
  closeClients,
  listen,
  listener,
  publish,
  realtimeClient,
  realtimeStats,
  refusedJoin,
  superuser,
  unique,
  type Binding,
  type Listener,
} from "./support/realtime";

let db: pg.Client;

beforeAll(async () => {
  db = await superuser();
  await db.query(`
    create schema if not exists rt_rls;
    grant usage on schema rt_rls to anon, authenticated, service_role;
    create table if not exists rt_rls.notes (
      id uuid primary key default gen_random_uuid(),
      owner uuid not null,
      org text,
      run text not null,
      body text
    );
    alter table rt_rls.notes enable row level security;
    drop policy if exists notes_read on rt_rls.notes;
    create policy notes_read on rt_rls.notes for select to authenticated
      using (owner = (select auth.uid()) or org = (select auth.jwt() -> 'app_metadata' ->> 'org'));
    grant select on rt_rls.notes to anon, authenticated, service_role;
    -- An organization's rows, with the whole old row in the WAL (as apps that filter DELETEs set it up).
    create table if not exists rt_rls.org_notes (id uuid primary key default gen_random_uuid(), org text, body text);
    alter table rt_rls.org_notes replica identity full;
    alter table rt_rls.org_notes enable row level security;
    drop policy if exists org_notes_read on rt_rls.org_notes;
    create policy org_notes_read on rt_rls.org_notes for select to authenticated
      using (org = (select auth.jwt() -> 'app_metadata' ->> 'org'));
    grant select on rt_rls.org_notes to anon, authenticated, service_role;
    -- No RLS: every channel also listens here, so a marker row proves all earlier changes were processed.
    create table if not exists rt_rls.markers (id bigserial primary key, run text not null);
    grant select on rt_rls.markers to anon, authenticated, service_role;
  `);
  await publish(db, "rt_rls.notes", "rt_rls.markers", "rt_rls.org_notes");
});

afterEach(() => closeClients());
afterAll(() => db.end());

const uid = () => crypto.randomUUID();
const userToken = (sub: string, org?: string, expiresIn?: number) =>
  mintToken(
    { sub, email: `${sub.slice(0, 8)}@example.test`, app_metadata: { provider: "email", org } },
    { expiresIn },
  );

/** A channel on the notes of one run (plus its markers), acting with the client's token. */
async function notesListener(
  client: Awaited<ReturnType<typeof realtimeClient>>,
  run: string,
  extra: Binding[] = [],
) {
  return listen(client, unique("notes"), [
    { event: "*", schema: "rt_rls", table: "notes", filter: `run=eq.${run}` },
    { event: "INSERT", schema: "rt_rls", table: "markers", filter: `run=eq.${run}` },
    ...extra,
  ]);
}

async function mark(run: string, ...listeners: Listener[]) {
  const { rows } = await db.query("insert into rt_rls.markers (run) values ($1) returning id", [run]);
  const id = Number(rows[0].id);
  for (const l of listeners)
    await l.changes.waitFor((c) => c.binding === 1 && c.payload.new.id === id, "marker");
}

const notesOf = (l: Listener) => l.changes.items.filter((c) => c.binding === 0).map((c) => c.payload);

async function insertNote(
  run: string,
  owner: string,
  body: string,
  org: string | null = null,
): Promise<string> {
  const { rows } = await db.query(
    "insert into rt_rls.notes (owner, org, run, body) values ($1, $2, $3, $4) returning id",
    [owner, org, run, body],
  );
  return rows[0].id as string;
}

describe("realtime RLS", () => {
  it("delivers a row only to the subscribers RLS lets see it", async () => {
    const run = unique("rls");
    const [ua, ub] = [uid(), uid()];
    const a = await notesListener(await realtimeClient({ token: await userToken(ua) }), run);
    const b = await notesListener(await realtimeClient({ token: await userToken(ub) }), run);
    const anon = await notesListener(await realtimeClient(), run);
    const service = await notesListener(await realtimeClient({ service: true }), run);

    const noteA = await insertNote(run, ua, "for A only");
    const noteB = await insertNote(run, ub, "for B only");
    await mark(run, a, b, anon, service);

    expect(notesOf(a).map((p) => p.new.id)).toEqual([noteA]);
    expect(notesOf(a)[0]).toMatchObject({ eventType: "INSERT", new: { owner: ua, body: "for A only" } });
    expect(notesOf(b).map((p) => p.new.id)).toEqual([noteB]);
    expect(notesOf(anon)).toEqual([]);
    expect(notesOf(service).map((p) => p.new.id)).toEqual([noteA, noteB]);
  });

  it("checks claims beyond sub: an org claim in app_metadata opens the org's rows", async () => {
    const run = unique("org");
    const [ua, ub, uc] = [uid(), uid(), uid()];
    const a = await notesListener(await realtimeClient({ token: await userToken(ua, "acme") }), run);
    const b = await notesListener(await realtimeClient({ token: await userToken(ub, "acme") }), run);
    const c = await notesListener(await realtimeClient({ token: await userToken(uc, "globex") }), run);
    const note = await insertNote(run, uid(), "acme memo", "acme");
    await mark(run, a, b, c);
    expect(notesOf(a).map((p) => p.new.id)).toEqual([note]);
    expect(notesOf(b).map((p) => p.new.id)).toEqual([note]);
    expect(notesOf(c)).toEqual([]);
  });

  it("checks an UPDATE against the row as it is now", async () => {
    const run = unique("upd");
    const [ua, ub] = [uid(), uid()];
    const note = await insertNote(run, ua, "moving");
    const a = await notesListener(await realtimeClient({ token: await userToken(ua) }), run);
    const b = await notesListener(await realtimeClient({ token: await userToken(ub) }), run);
    // Both updates in one transaction: the first is checked once the transaction has committed (changes stream
    // out at commit, never before), when the row is B's.
    await db.query("begin");
    await db.query("update rt_rls.notes set body = 'still A' where id = $1", [note]);
    await db.query("update rt_rls.notes set owner = $2, body = 'now B' where id = $1", [note, ub]);
    await db.query("commit");
    await mark(run, a, b);
    expect(notesOf(a)).toEqual([]);
    expect(notesOf(b).map((p) => [p.eventType, p.new.body, p.old])).toEqual([
      ["UPDATE", "still A", { id: note }],
      ["UPDATE", "now B", { id: note }],
    ]);
  });

  it("checks a row only once its transaction is visible: the commit streams out before new snapshots see it", async () => {
    // A synchronous-replication wait to a standby that never comes holds a commit in exactly that gap: its record
    // is flushed (and decoded) while the writer is still in the running list. Only this writer waits:
    // synchronous_commit is 'local' for every other session while the test runs.
    const run = unique("vis");
    const [ua, ub] = [uid(), uid()];
    const note = await insertNote(run, ua, "moving");
    const a = await notesListener(await realtimeClient({ token: await userToken(ua) }), run);
    const b = await notesListener(await realtimeClient({ token: await userToken(ub) }), run);
    const writer = await superuser();
    try {
      await db.query("alter system set synchronous_commit = 'local'");
      await db.query("alter system set synchronous_standby_names = 'hearth_no_such_standby'");
      await db.query("select pg_reload_conf()");
      // The reload reaches each backend a moment later.
      await expect
        .poll(
          async () =>
            (await writer.query("show synchronous_standby_names")).rows[0].synchronous_standby_names,
        )
        .toBe("hearth_no_such_standby");
      const { rows } = await writer.query<{ pid: number }>("select pg_backend_pid() as pid");
      await writer.query("begin");
      await writer.query("set local synchronous_commit = on");
      await writer.query("update rt_rls.notes set owner = $2, body = 'now B' where id = $1", [note, ub]);
      const committing = writer.query("commit").catch(() => undefined);
      // Decoded and streamed, not yet visible: A (whom the old row lets read) must get nothing meanwhile.
      await expect
        .poll(
          async () =>
            (await db.query("select wait_event from pg_stat_activity where pid = $1", [rows[0]!.pid])).rows[0]
              ?.wait_event,
        )
        .toBe("SyncRep");
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(notesOf(a)).toEqual([]);
      expect(notesOf(b)).toEqual([]);
      await db.query("select pg_cancel_backend($1)", [rows[0]!.pid]); // "already committed locally"
      await committing;
    } finally {
      await db.query("alter system reset synchronous_standby_names");
      await db.query("alter system reset synchronous_commit");
      await db.query("select pg_reload_conf()");
      await writer.end();
    }
    await mark(run, a, b);
    expect(notesOf(a)).toEqual([]);
    expect(notesOf(b).map((p) => [p.eventType, p.new.body])).toEqual([["UPDATE", "now B"]]);
  });

  it("sends DELETEs with the primary key only, to filters on the primary key", async () => {
    const run = unique("del");
    const [ua, ub] = [uid(), uid()];
    const note = await insertNote(run, ua, "private words");
    const b = await notesListener(await realtimeClient({ token: await userToken(ub) }), run, [
      { event: "DELETE", schema: "rt_rls", table: "notes", filter: `id=eq.${note}` },
      { event: "DELETE", schema: "rt_rls", table: "notes", filter: `owner=eq.${ua}` },
    ]);
    await db.query("delete from rt_rls.notes where id = $1", [note]);
    await mark(run, b);
    const deletes = b.changes.items.filter((c) => c.payload.eventType === "DELETE");
    expect(deletes.map((c) => c.binding)).toEqual([2]);
    expect(deletes[0]!.payload.old).toEqual({ id: note });
    expect(JSON.stringify(deletes)).not.toContain("private words");
    expect(JSON.stringify(deletes)).not.toContain(ua);
  });

  it("matches a DELETE's filter against the old row (REPLICA IDENTITY FULL) and still sends only the key", async () => {
    // The common "INSERT and DELETE of my organization's rows" subscription.
    const run = unique("orgdel");
    const [org, other] = [`acme-${run}`, `globex-${run}`];
    const member = await realtimeClient({ token: await userToken(uid(), org) });
    const l = await listen(member, unique("org"), [
      { event: "*", schema: "rt_rls", table: "org_notes", filter: `org=eq.${org}` },
      { event: "INSERT", schema: "rt_rls", table: "markers", filter: `run=eq.${run}` },
    ]);
    const insert = async (o: string, body: string) =>
      (await db.query("insert into rt_rls.org_notes (org, body) values ($1, $2) returning id", [o, body]))
        .rows[0].id as string;
    const ours = await insert(org, "our words");
    const theirs = await insert(other, "their words");
    // The INSERT is checked against the row as it is when delivered: wait for it before deleting.
    await l.changes.waitFor((c) => c.payload.eventType === "INSERT" && c.payload.new.id === ours, "insert");
    await db.query("delete from rt_rls.org_notes where id = any($1::uuid[])", [[ours, theirs]]);
    await mark(run, l);

    const changes = l.changes.items.filter((c) => c.binding === 0).map((c) => c.payload);
    expect(changes.map((p) => [p.eventType, p.new.id ?? p.old.id])).toEqual([
      ["INSERT", ours],
      ["DELETE", ours],
    ]);
    expect(changes[1]!.old).toEqual({ id: ours });
    expect(JSON.stringify(changes[1])).not.toContain("our words");
  });

  it("switches to the claims of a refreshed access_token", async () => {
    const run = unique("swap");
    const [ua, ub] = [uid(), uid()];
    const [tokenA, tokenB] = [await userToken(ua), await userToken(ub)];
    let current = tokenA;
    const client = await realtimeClient({ token: () => current });
    const l = await notesListener(client, run);
    const asA = await insertNote(run, ua, "A while A");
    await mark(run, l);

    current = tokenB;
    await client.realtime.setAuth(tokenB);
    await l.system.waitFor(
      () => l.system.items.filter((m) => m.message === "Subscribed to PostgreSQL").length === 2,
      "re-subscription",
    );
    const asBforA = await insertNote(run, ua, "A while B");
    const asB = await insertNote(run, ub, "B while B");
    await mark(run, l);
    expect(notesOf(l).map((p) => p.new.id)).toEqual([asA, asB]);
    expect(notesOf(l).map((p) => p.new.id)).not.toContain(asBforA);
  });

  it.each([
    [
      "an expired token",
      () => userToken(uid(), undefined, -120),
      /^InvalidJWTToken: Token has expired \d+ seconds ago$/,
    ],
    [
      "a token with a forged claim",
      async () => tamper(await userToken(uid()), { role: "service_role" }),
      /^JwtSignatureError/,
    ],
    ["an unsigned token", async () => unsignedToken({ sub: uid() }), /^JwtSignerError/],
    [
      "a token signed with an unknown key id",
      () => mintToken({ sub: uid() }, { kid: "someone-else" }),
      /^JwtSignerError/,
    ],
    ["a malformed token", async () => "not-a-jwt", /^MalformedJWT: The token provided is not a valid JWT$/],
    [
      "a token without a role",
      () => mintToken({ sub: uid(), role: undefined }),
      /^InvalidJWTToken: Fields `role` and `exp`/,
    ],
  ])("refuses to join with %s", async (_what, make, expected) => {
    const token = await make();
    const l = listener(await realtimeClient({ token }), unique("refused"), [
      { event: "*", schema: "rt_rls", table: "notes" },
    ]);
    expect(await refusedJoin(l)).toMatch(expected);
    expect((await realtimeStats(l.channel.topic)).topic?.subscriptions).toBe(0);
  });

  it("ends the subscription when a refreshed access_token is invalid", async () => {
    const run = unique("badswap");
    const u = uid();
    const good = await userToken(u);
    const client = await realtimeClient({ token: good });
    const l = await notesListener(client, run);
    await client.realtime.setAuth(tamper(good, { sub: uid() }));
    const sys = await l.system.waitFor((m) => m.extension === "system", "shutdown message");
    expect(sys).toMatchObject({ status: "error", message: "Failed to validate JWT signature" });
    await l.statuses.waitFor((s) => s.status === "CLOSED", "CLOSED status");
    expect((await realtimeStats(l.channel.topic)).topic).toMatchObject({ channels: 0, subscriptions: 0 });
    await insertNote(run, u, "after the bad token");
    await new Promise((r) => setTimeout(r, 500));
    expect(notesOf(l)).toEqual([]);
  });

  it("ends the subscription when its token expires", async () => {
    const run = unique("expiry");
    const u = uid();
    const l = await notesListener(await realtimeClient({ token: await userToken(u, undefined, 2) }), run);
    const note = await insertNote(run, u, "before expiry");
    await mark(run, l);
    expect(notesOf(l).map((p) => p.new.id)).toEqual([note]);
    const sys = await l.system.waitFor((m) => m.extension === "system", "expiry message", 6_000);
    expect(sys.status).toBe("error");
    expect(sys.message).toMatch(/^Token has expired \d+ seconds ago$/);
    await l.statuses.waitFor((s) => s.status === "CLOSED", "CLOSED status");
    expect((await realtimeStats(l.channel.topic)).topic).toMatchObject({ channels: 0, subscriptions: 0 });
  });
});
