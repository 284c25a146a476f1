// Realtime fan-out: one organization's live activity feed with many subscribers. Every subscriber is a member
// with its own JWT, so each audit entry goes through the per-subscriber RLS check before delivery. The
// baseline, measured in the same run, is the same load delivered to service-role subscribers (no RLS check).
// Reported: delivered messages per second and the RLS/baseline ratio; hosted Supabase Realtime is quoted at
// about 3,000 messages/s on small-to-medium instances.
// Then commit → client latency: subscribers spread over organizations (each on its own organization's feed),
// a large audit table already present, rows committed at 50 / 200 / 1,000 rows/s; p50/p95/p99 from the moment
// the insert's commit returned to the moment the client got the message, members under RLS vs service-role
// subscribers (baseline) in the same run, and issue 15's targets (p50 ≤ 15 ms, p99 ≤ 100 ms at 1,000 rows/s
// under RLS). Bounded: loopback only, fixed counts, a time limit.
//   full (default): 500 subscribers over 50 organizations, 250,000 rows already present, 50/200/1,000 rows/s
//   BENCH_QUICK=1: 100 subscribers over 10 organizations, 20,000 rows, 200/1,000 rows/s (about 40 s)
// Each size can be overridden: BENCH_RT_PREFILL, BENCH_RT_LATENCY_SUBSCRIBERS, BENCH_RT_ORGS, BENCH_RT_RATES,
// BENCH_RT_SECONDS, BENCH_RT_SUBSCRIBERS, BENCH_RT_ENTRIES; BENCH_RT_LATENCY_ONLY=1 skips the fan-out part.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import { importJWK, SignJWT } from "jose";
import pg from "pg";
import { writeResult } from "./report";

const QUICK = process.env.BENCH_QUICK === "1";
const size = (name: string, full: number, quick: number) =>
  Number(process.env[name] || (QUICK ? quick : full));
const SUBSCRIBERS = size("BENCH_RT_SUBSCRIBERS", 100, 50);
const ENTRIES = size("BENCH_RT_ENTRIES", 400, 100);
const BATCH = 20; // audit entries per transaction
const LIMIT_MS = 120_000;
const HOSTED_REFERENCE = 3_000;
const ORGS = size("BENCH_RT_ORGS", 50, 10);
const LATENCY_SUBSCRIBERS = size("BENCH_RT_LATENCY_SUBSCRIBERS", 500, 100);
const PREFILL = size("BENCH_RT_PREFILL", 250_000, 20_000);
const RATES = (process.env.BENCH_RT_RATES || (QUICK ? "200,1000" : "50,200,1000")).split(",").map(Number);
const SECONDS = size("BENCH_RT_SECONDS", 4, 2);
const TICK_MS = 20;
/** Issue 15's targets for members under RLS at the highest rate. */
const TARGET_RATE = 1000;
const TARGET_P50_MS = 15;
const TARGET_P99_MS = 100;

const env = process.env as Record<string, string>;
const db = new pg.Client({ connectionString: env.DATABASE_URL });

async function mint(sub: string): Promise<string> {
  const key = JSON.parse(
    readFileSync(path.join(env.HEARTH_TEST_STACK_DIR!, "data", "jwt-signing-key.json"), "utf8"),
  );
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ sub, role: "authenticated", aud: "authenticated", email: `${sub}@bench.test` })
    .setProtectedHeader({ alg: "ES256", kid: key.kid })
    .setIssuedAt(now)
    .setExpirationTime(now + 3600)
    .sign(await importJWK(key.privateJwk, "ES256"));
}

/** An organization on the plan without a seat limit; its members are admins (they may read the whole audit feed). */
async function setupOrg(
  members: number,
  role: "MEMBER" | "ADMIN",
): Promise<{ orgId: string; userIds: string[] }> {
  const slug = `bench-${randomUUID().slice(0, 8)}`;
  const { rows } = await db.query(
    "insert into public.organizations (name, slug) values ($1, $1) returning id",
    [slug],
  );
  const orgId = rows[0].id as string;
  await db.query("insert into public.subscriptions (organization_id, tier) values ($1, 'ENTERPRISE')", [
    orgId,
  ]);
  const userIds = Array.from({ length: members }, () => randomUUID());
  await db.query(
    `insert into public.users (id, email, name) select u, u::text || '@bench.test', 'Bench' from unnest($1::uuid[]) u`,
    [userIds],
  );
  await db.query(
    `insert into public.organization_members (organization_id, user_id, role, accepted_at)
     select $1, u, case when ord = 1 then 'OWNER'::public.org_role else $3::public.org_role end, now()
       from unnest($2::uuid[]) with ordinality as t(u, ord)`,
    [orgId, userIds, role],
  );
  return { orgId, userIds };
}

async function subscribe(
  orgId: string,
  token: string | null,
  onMessage: (payload: { new: Record<string, unknown> }) => void,
): Promise<SupabaseClient> {
  const client = createClient(
    env.NEXT_PUBLIC_SUPABASE_URL!,
    token ? env.NEXT_PUBLIC_SUPABASE_ANON_KEY! : env.SUPABASE_SERVICE_ROLE_KEY!,
    {
      auth: { persistSession: false, autoRefreshToken: false },
      ...(token ? { accessToken: async () => token } : {}),
    },
  );
  if (token) await client.realtime.setAuth(token);
  await new Promise<void>((resolve, reject) => {
    client
      .channel(`bench:${orgId}:${randomUUID()}`)
      .on(
        "postgres_changes",
        {
          event: "INSERT",
          schema: "public",
          table: "transaction_audit_logs",
          filter: `organization_id=eq.${orgId}`,
        },
        onMessage,
      )
      .subscribe((status, err) => {
        if (status === "SUBSCRIBED") resolve();
        else if (status === "CHANNEL_ERROR" || status === "TIMED_OUT") reject(err ?? new Error(status));
      });
  });
  return client;
}

async function run(label: string, withRls: boolean): Promise<number> {
  const { orgId, userIds } = await setupOrg(SUBSCRIBERS, "ADMIN");
  let delivered = 0;
  const expected = SUBSCRIBERS * ENTRIES;
  let done!: () => void;
  const finished = new Promise<void>((r) => (done = r));
  const onMessage = () => {
    if (++delivered === expected) done();
  };
  const clients: SupabaseClient[] = [];
  for (let i = 0; i < SUBSCRIBERS; i += 20) {
    clients.push(
      ...(await Promise.all(
        userIds
          .slice(i, i + 20)
          .map(async (u) => subscribe(orgId, withRls ? await mint(u) : null, onMessage)),
      )),
    );
  }
  const writer = userIds[0]!;
  const started = performance.now();
  for (let i = 0; i < ENTRIES; i += BATCH) {
    await db.query(
      `insert into public.transaction_audit_logs (organization_id, user_id, action, entity_type, entity_id, new_values)
       select $1, $2, 'contact.updated', 'contact', n::text, jsonb_build_object('name', 'Contact ' || n)
         from generate_series($3::int, $4::int) n`,
      [orgId, writer, i, Math.min(i + BATCH, ENTRIES) - 1],
    );
  }
  const timeout = new Promise<"timeout">((r) => setTimeout(() => r("timeout"), LIMIT_MS));
  const outcome = await Promise.race([finished.then(() => "ok" as const), timeout]);
  const seconds = (performance.now() - started) / 1000;
  await Promise.all(clients.map((c) => c.removeAllChannels()));
  for (const c of clients) c.realtime.disconnect();
  const rate = delivered / seconds;
  console.info(
    `${label.padEnd(34)} ${String(delivered).padStart(7)}/${expected} messages in ${seconds.toFixed(2)} s → ${rate.toFixed(0)} msg/s${outcome === "timeout" ? "  (time limit reached)" : ""}`,
  );
  return rate;
}

const pct = (sorted: number[], q: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))]! : NaN;

interface Latency {
  p50: number;
  p95: number;
  p99: number;
  delivered: number;
  expected: number;
  rowsPerSecond: number;
  msgPerSecond: number;
}

/** Rows committed at `rate` rows/s over the organizations (one transaction per tick), timed to each client. */
async function latencyRun(
  orgs: Array<{ orgId: string; userIds: string[] }>,
  perOrg: number,
  arrivals: Array<[string, number]>,
  rate: number,
): Promise<Latency> {
  arrivals.length = 0;
  const run = randomUUID().slice(0, 8);
  const committed = new Map<string, number>();
  const ticks = Math.round((SECONDS * 1000) / TICK_MS);
  const perTick = rate / (1000 / TICK_MS);
  let owed = 0;
  let n = 0;
  const started = performance.now();
  for (let tick = 0; tick < ticks; tick++) {
    const due = started + tick * TICK_MS;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    owed += perTick;
    const count = Math.floor(owed);
    if (count === 0) continue;
    owed -= count;
    const org = orgs[tick % orgs.length]!;
    const ids = Array.from({ length: count }, () => `${run}:${n++}`);
    await db.query(
      `insert into public.transaction_audit_logs (organization_id, user_id, action, entity_type, entity_id, new_values)
       select $1, $2, 'contact.updated', 'contact', e, '{}'::jsonb from unnest($3::text[]) e`,
      [org.orgId, org.userIds[0], ids],
    );
    const at = performance.now();
    for (const id of ids) committed.set(id, at);
  }
  const writeSeconds = (performance.now() - started) / 1000;
  const expected = committed.size * perOrg;
  const deadline = performance.now() + 30_000;
  while (arrivals.length < expected && performance.now() < deadline)
    await new Promise((r) => setTimeout(r, 50));
  const lat = arrivals
    .filter(([id]) => committed.has(id))
    .map(([id, t]) => Math.max(0, t - committed.get(id)!))
    .sort((x, y) => x - y);
  return {
    p50: pct(lat, 0.5),
    p95: pct(lat, 0.95),
    p99: pct(lat, 0.99),
    delivered: lat.length,
    expected,
    rowsPerSecond: committed.size / writeSeconds,
    msgPerSecond: lat.length / writeSeconds,
  };
}

interface ReaderStats {
  batches: number;
  transactions: number;
  changes: number;
}

/** The local Realtime service's change reader counters (service role only). */
async function readerStats(): Promise<ReaderStats> {
  const res = await fetch(new URL("/realtime/v1/api/local/stats", env.NEXT_PUBLIC_SUPABASE_URL), {
    headers: { apikey: env.SUPABASE_SERVICE_ROLE_KEY! },
  });
  return ((await res.json()) as { reader: ReaderStats }).reader;
}

const ms = (v: number) => (Number.isFinite(v) ? v.toFixed(0) : "—");
const ratio = (x: number, y: number) => `×${(x / Math.max(y, 1)).toFixed(2)}`;
const triple = (l: Latency) => `${ms(l.p50)} / ${ms(l.p95)} / ${ms(l.p99)} ms`;

async function latencies(): Promise<{ results: Map<string, Latency>; perOrg: number; batches: number }> {
  const perOrg = Math.max(1, Math.floor(LATENCY_SUBSCRIBERS / ORGS));
  const orgs = [];
  for (let i = 0; i < ORGS; i++) orgs.push(await setupOrg(perOrg, "ADMIN"));
  const prefillStarted = performance.now();
  for (let done = 0; done < PREFILL; done += 10_000) {
    const org = orgs[(done / 10_000) % orgs.length]!;
    await db.query(
      `insert into public.transaction_audit_logs (organization_id, user_id, action, entity_type, entity_id, new_values)
       select $1, $2, 'contact.updated', 'contact', 'prefill-' || g, '{}'::jsonb from generate_series(1, $3::int) g`,
      [org.orgId, org.userIds[0], Math.min(10_000, PREFILL - done)],
    );
  }
  await db.query("analyze public.transaction_audit_logs");
  const { rows } = await db.query("select count(*)::int as n from public.transaction_audit_logs");
  console.info(
    `\nCommit → client: ${perOrg * ORGS} subscribers over ${ORGS} organizations, ${rows[0].n.toLocaleString("en-US")} audit rows already present (prefill ${((performance.now() - prefillStarted) / 1000).toFixed(0)} s), ${SECONDS} s per rate`,
  );
  const results = new Map<string, Latency>();
  const before = await readerStats();
  for (const withRls of [false, true]) {
    const arrivals: Array<[string, number]> = [];
    const onMessage = (p: { new: Record<string, unknown> }) =>
      arrivals.push([String(p.new.entity_id), performance.now()]);
    const clients: SupabaseClient[] = [];
    for (const org of orgs) {
      clients.push(
        ...(await Promise.all(
          org.userIds.map(async (u) => subscribe(org.orgId, withRls ? await mint(u) : null, onMessage)),
        )),
      );
    }
    for (const rate of RATES)
      results.set(`${withRls}:${rate}`, await latencyRun(orgs, perOrg, arrivals, rate));
    await Promise.all(clients.map((c) => c.removeAllChannels()));
    for (const c of clients) c.realtime.disconnect();
  }
  const after = await readerStats();
  console.info(
    `\n  rows/s  | baseline (service role) p50 / p95 / p99 | members under RLS p50 / p95 / p99 | RLS / baseline p50 / p95 / p99 | delivered, msg/s`,
  );
  for (const rate of RATES) {
    const b = results.get(`false:${rate}`)!;
    const r = results.get(`true:${rate}`)!;
    console.info(
      `  ${String(rate).padStart(6)}  |  ${triple(b)}  (${b.rowsPerSecond.toFixed(0)} rows/s)  |  ${triple(r)}  (${r.rowsPerSecond.toFixed(0)} rows/s)  |  ${ratio(r.p50, b.p50)} / ${ratio(r.p95, b.p95)} / ${ratio(r.p99, b.p99)}  |  ${r.delivered}/${r.expected}, ${r.msgPerSecond.toFixed(0)}`,
    );
  }
  console.info("  (ratios divide by at least 1 ms; a baseline under 1 ms counts as 1 ms)");
  const batches = after.batches - before.batches;
  const txns = after.transactions - before.transactions;
  console.info(`  change reader: ${txns} transactions delivered in ${batches} batches (streamed, no poll)`);
  return { results, perOrg, batches };
}

await db.connect();
const tables: Array<{ title: string; columns: string[]; rows: Array<Array<string | number>> }> = [];
const notes: string[] = [];
try {
  if (process.env.BENCH_RT_LATENCY_ONLY !== "1") {
    console.info(
      `${SUBSCRIBERS} subscribers in one organization × ${ENTRIES} audit entries (${BATCH} per transaction)`,
    );
    const baseline = await run("baseline: service role (no RLS)", false);
    const rls = await run("members with RLS checked per message", true);
    console.info(`\nRLS / baseline: ${(rls / baseline).toFixed(2)}×`);
    console.info(
      `RLS / hosted reference (${HOSTED_REFERENCE} msg/s): ${(rls / HOSTED_REFERENCE).toFixed(2)}×`,
    );
    tables.push({
      title: `Fan-out: ${SUBSCRIBERS} subscribers in one organization × ${ENTRIES} audit entries`,
      columns: ["subscribers", "msg/s", "ratio to baseline"],
      rows: [
        ["service role (baseline)", Math.round(baseline), "×1.00"],
        ["members under RLS", Math.round(rls), `×${(rls / baseline).toFixed(2)}`],
        [`hosted reference (quoted)`, HOSTED_REFERENCE, `×${(HOSTED_REFERENCE / baseline).toFixed(2)}`],
      ],
    });
  }
  const { results, perOrg, batches } = await latencies();
  tables.push({
    title: `Commit → client: ${perOrg * ORGS} subscribers over ${ORGS} organizations, ${PREFILL.toLocaleString("en-US")} rows already present`,
    columns: [
      "rows/s (achieved)",
      "baseline p50 / p95 / p99",
      "members under RLS p50 / p95 / p99",
      "RLS / baseline (p50 / p95 / p99)",
      "delivered",
      "msg/s",
    ],
    rows: RATES.map((rate) => {
      const b = results.get(`false:${rate}`)!;
      const r = results.get(`true:${rate}`)!;
      return [
        `${rate} (${r.rowsPerSecond.toFixed(0)})`,
        triple(b),
        triple(r),
        `${ratio(r.p50, b.p50)} / ${ratio(r.p95, b.p95)} / ${ratio(r.p99, b.p99)}`,
        `${r.delivered}/${r.expected}`,
        Math.round(r.msgPerSecond),
      ];
    }),
  });
  notes.push(
    "Ratios divide by at least 1 ms.",
    `The change reader streamed every transaction (${batches} dispatch batches over both runs, no poll).`,
    "Issue 15 before: members under RLS at p95 170 / 874 / 2,360 ms at 50 / 200 / 1,000 rows/s (a 50 ms poll, one RLS check per subscriber over a text cast of the key).",
  );
  const atTarget = results.get(`true:${TARGET_RATE}`);
  const targets = atTarget
    ? [
        {
          what: `commit → client p50, members under RLS, ${TARGET_RATE} rows/s (issue 15: p95 2,360 ms before)`,
          target: `≤ ${TARGET_P50_MS} ms`,
          measured: `${ms(atTarget.p50)} ms (baseline ${ms(results.get(`false:${TARGET_RATE}`)!.p50)} ms)`,
          met: atTarget.p50 <= TARGET_P50_MS && atTarget.delivered === atTarget.expected,
        },
        {
          what: `commit → client p99, members under RLS, ${TARGET_RATE} rows/s`,
          target: `≤ ${TARGET_P99_MS} ms`,
          measured: `${ms(atTarget.p99)} ms (baseline ${ms(results.get(`false:${TARGET_RATE}`)!.p99)} ms)`,
          met: atTarget.p99 <= TARGET_P99_MS && atTarget.delivered === atTarget.expected,
        },
      ]
    : [];
  for (const t of targets)
    console.info(`  target ${t.what}: ${t.target} — ${t.measured} → ${t.met ? "met" : "NOT met"}`);
  if (QUICK)
    notes.push(
      "Quick mode: smaller sizes than issue 15's (500 subscribers, 50 organizations, 250,000 rows).",
    );
  const dir = process.env.BENCH_RESULTS_DIR;
  if (dir) {
    writeResult({
      title: "Local Realtime: fan-out and commit → client latency",
      quick: QUICK,
      params: {
        fanoutSubscribers: SUBSCRIBERS,
        fanoutEntries: ENTRIES,
        latencySubscribers: perOrg * ORGS,
        organizations: ORGS,
        prefill: PREFILL,
        rates: RATES,
        secondsPerRate: SECONDS,
      },
      tables,
      targets,
      notes,
    });
  }
} finally {
  await db.end();
}
process.exit(0);
