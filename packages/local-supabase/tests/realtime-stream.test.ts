// The change reader streams (decision 0029): one replication connection on a temporary slot, transactions pushed at
// commit and confirmed back once delivered; large and wide transactions arrive whole and in commit order; every
// subscriber still gets only what its own JWT may SELECT, with one RLS check per identity (claims but exp/iat) per
// batch. On a stack of its own, so the service's counters count only this file's work.
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startStackProcess, type StackProcess } from "../../../tests/support/stack-process";
import { mintToken } from "../../../tests/support/tokens";
import {
  closeClients,
  eventually,
  listen,
  realtimeClient,
  realtimeStats,
  unique,
  type Listener,
} from "./support/realtime";

let stack: StackProcess;
let db: pg.Client;
const saved: Record<string, string | undefined> = {};

beforeAll(async () => {
  stack = await startStackProcess();
  // The shared helpers (clients, tokens) read the stack from the environment: point them at this one.
  for (const [k, v] of Object.entries({ ...stack.env, HEARTH_TEST_STACK_DIR: stack.stackDir })) {
    saved[k] = process.env[k];
    process.env[k] = v;
  }
  db = new pg.Client({ connectionString: stack.env.DATABASE_URL });
  await db.connect();
  await db.query(`
    create schema rt_stream;
    grant usage on schema rt_stream to anon, authenticated, service_role;
    create table rt_stream.items (id bigserial primary key, run text not null, body text);
    grant select on rt_stream.items to anon, authenticated, service_role;
    create table rt_stream.notes (id bigserial primary key, org text not null, run text not null, body text);
    alter table rt_stream.notes enable row level security;
    create policy notes_read on rt_stream.notes for select to authenticated
      using (org = (select auth.jwt() -> 'app_metadata' ->> 'org'));
    grant select on rt_stream.notes to anon, authenticated, service_role;
    alter publication supabase_realtime add table rt_stream.items, rt_stream.notes;
  `);
});

afterEach(() => closeClients());

afterAll(async () => {
  await db?.end();
  await stack?.stop();
  stack?.remove();
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

const stats = () => realtimeStats();

const member = (sub: string, org: string | null, expiresIn?: number) =>
  mintToken({ sub, app_metadata: { provider: "email", ...(org ? { org } : {}) } }, { expiresIn });

async function itemsListener(run: string, token?: string): Promise<Listener> {
  const client = await realtimeClient(token ? { token } : { service: true });
  return listen(client, unique("items"), [
    { event: "INSERT", schema: "rt_stream", table: "items", filter: `run=eq.${run}` },
  ]);
}

async function notesListener(run: string, token: string): Promise<Listener> {
  return listen(await realtimeClient({ token }), unique("notes"), [
    { event: "INSERT", schema: "rt_stream", table: "notes", filter: `run=eq.${run}` },
    // No RLS on items: a marker there proves every earlier change was processed for this channel.
    { event: "INSERT", schema: "rt_stream", table: "items", filter: `run=eq.${run}` },
  ]);
}

async function mark(run: string, ...listeners: Listener[]): Promise<void> {
  const { rows } = await db.query("insert into rt_stream.items (run) values ($1) returning id", [run]);
  const id = Number(rows[0].id);
  for (const l of listeners) await l.changes.waitFor((c) => c.payload.new.id === id, "marker");
}

const notesOf = (l: Listener) =>
  l.changes.items.filter((c) => c.payload.table === "notes").map((c) => String(c.payload.new.body));

describe("the streaming change reader", () => {
  it("streams from a temporary slot over a replication connection (nothing polls the slot)", async () => {
    await itemsListener(unique("idle"));
    const { rows } = await db.query(
      `select s.application_name, s.state, r.slot_type, r.temporary, r.plugin
         from pg_stat_replication s join pg_replication_slots r on r.active_pid = s.pid`,
    );
    expect(rows).toEqual([
      {
        application_name: "hearth_realtime_reader",
        state: "streaming",
        slot_type: "logical",
        temporary: true,
        plugin: "pgoutput",
      },
    ]);
    expect((await stats()).reader).toMatchObject({ state: "streaming", slot: expect.any(String) });
  });

  it("confirms what it delivered, so the slot keeps no WAL behind the last delivery", async () => {
    const run = unique("confirm");
    const l = await itemsListener(run);
    const { rows } = await db.query("select pg_current_wal_lsn()::text as lsn");
    await db.query("insert into rt_stream.items (run) values ($1)", [run]);
    await l.changes.waitForCount(1);
    const { slot } = (await stats()).reader;
    const confirmed = await eventually(
      async () =>
        (
          await db.query<{ past: boolean }>(
            "select confirmed_flush_lsn > $1::pg_lsn as past from pg_replication_slots where slot_name = $2",
            [rows[0].lsn, slot],
          )
        ).rows[0]?.past,
      (past) => past === true,
    );
    expect(confirmed).toBe(true);
  });

  it("delivers a transaction larger than a dispatch batch, then wide rows, whole and in commit order", async () => {
    const run = unique("big");
    const l = await itemsListener(run);
    await db.query(
      "insert into rt_stream.items (run, body) select $1, 'row ' || g from generate_series(1, 2500) g",
      [run],
    );
    // ~190 kB of incompressible text per row, one row per transaction: messages larger than the protocol
    // parser's buffer, which is reused between them.
    const wide: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { rows } = await db.query(
        `insert into rt_stream.items (run, body)
           select $1, string_agg(md5(random()::text), '') from generate_series(1, 6000) returning body`,
        [run],
      );
      wide.push(rows[0].body);
    }
    const got = await l.changes.waitForCount(2503, "2,503 changes", 60_000);
    const bodies = got.map((c) => String(c.payload.new.body));
    expect(bodies.slice(0, 2500)).toEqual(Array.from({ length: 2500 }, (_, i) => `row ${i + 1}`));
    expect(bodies.slice(2500)).toEqual(wide);
    const ids = got.map((c) => Number(c.payload.new.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
  });

  it("keeps commit order across organizations, each member getting only its own organization's rows", async () => {
    const run = unique("orgs");
    const [a1, a2, b1, outsider] = await Promise.all([
      member(crypto.randomUUID(), "org-a").then((t) => notesListener(run, t)),
      member(crypto.randomUUID(), "org-a").then((t) => notesListener(run, t)),
      member(crypto.randomUUID(), "org-b").then((t) => notesListener(run, t)),
      member(crypto.randomUUID(), "org-c").then((t) => notesListener(run, t)),
    ]);
    // Two writers whose transactions interleave: B's second row commits before A's second row.
    const writerB = new pg.Client({ connectionString: stack.env.DATABASE_URL });
    await writerB.connect();
    try {
      const insert = (c: pg.Client, org: string, body: string) =>
        c.query("insert into rt_stream.notes (org, run, body) values ($1, $2, $3)", [org, run, body]);
      await insert(db, "org-a", "a1");
      await writerB.query("begin");
      await insert(writerB, "org-b", "b1");
      await db.query("begin");
      await insert(db, "org-a", "a2");
      await insert(writerB, "org-b", "b2");
      await writerB.query("commit");
      await insert(db, "org-a", "a3");
      await db.query("commit");
      await insert(writerB, "org-b", "b3");
    } finally {
      await writerB.end();
    }
    await mark(run, a1, a2, b1, outsider);
    expect(notesOf(a1)).toEqual(["a1", "a2", "a3"]);
    expect(notesOf(a2)).toEqual(["a1", "a2", "a3"]);
    expect(notesOf(b1)).toEqual(["b1", "b2", "b3"]);
    expect(notesOf(outsider)).toEqual([]);
  });

  it("checks RLS once per identity: tokens differing only in exp/iat share a check, other claims never do", async () => {
    const run = unique("identity");
    const sub = crypto.randomUUID();
    // One person's two tabs (tokens issued at different times, different expiry), and the same person with a
    // token lacking the organization claim: a different identity, which must not ride on the others' check.
    const tab1 = await notesListener(run, await member(sub, "org-a", 3600));
    await new Promise((r) => setTimeout(r, 1_100)); // a later iat
    const tab2 = await notesListener(run, await member(sub, "org-a", 1800));
    const noOrg = await notesListener(run, await member(sub, null));
    await mark(run, tab1, tab2, noOrg);

    const before = (await stats()).dispatcher;
    await db.query("insert into rt_stream.notes (org, run, body) values ('org-a', $1, 'shared')", [run]);
    await mark(run, tab1, tab2, noOrg);
    const after = (await stats()).dispatcher;

    expect(notesOf(tab1)).toEqual(["shared"]);
    expect(notesOf(tab2)).toEqual(["shared"]);
    expect(notesOf(noOrg)).toEqual([]);
    expect(after.rlsChecks - before.rlsChecks).toBe(2);
  });
});
