// Realtime fan-out: one organization's live activity feed with many subscribers. Every subscriber is a member
// with its own JWT, so each audit entry goes through the per-subscriber RLS check before delivery. The
// baseline, measured in the same run, is the same load delivered to service-role subscribers (no RLS check).
// Reported: delivered messages per second and the RLS/baseline ratio; hosted Supabase Realtime is quoted at
// about 3,000 messages/s on small-to-medium instances.
// Then commit → client latency: subscribers spread over organizations (each on its own organization's feed),
// a large audit table already present, rows committed at 50 / 200 / 1,000 rows/s; p50/p95/p99 from the moment
// the insert's commit returned to the moment the client got the message, members under RLS vs service-role
// subscribers (baseline) in the same run. Bounded: loopback only, fixed counts, a time limit.
//   BENCH_RT_PREFILL=250000 BENCH_RT_LATENCY_SUBSCRIBERS=500 BENCH_RT_ORGS=50 npm run bench -- realtime
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import { importJWK, SignJWT } from "jose";
import pg from "pg";

const SUBSCRIBERS = Number(process.env.BENCH_RT_SUBSCRIBERS || 100);
const ENTRIES = Number(process.env.BENCH_RT_ENTRIES || 400);
const BATCH = 20; // audit entries per transaction
const LIMIT_MS = 120_000;
const HOSTED_REFERENCE = 3_000;
const ORGS = Number(process.env.BENCH_RT_ORGS || 10);
const LATENCY_SUBSCRIBERS = Number(process.env.BENCH_RT_LATENCY_SUBSCRIBERS || 100);
const PREFILL = Number(process.env.BENCH_RT_PREFILL || 100_000);
const RATES = (process.env.BENCH_RT_RATES || "50,200,1000").split(",").map(Number);
const SECONDS = Number(process.env.BENCH_RT_SECONDS || 3);
const TICK_MS = 20;

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

async function setupOrg(
  members = SUBSCRIBERS,
  role: "MEMBER" | "ADMIN" = "MEMBER",
): Promise<{ orgId: string; userIds: string[] }> {
  const slug = `bench-${randomUUID().slice(0, 8)}`;
  const { rows } = await db.query(
    "insert into public.organizations (name, slug) values ($1, $1) returning id",
    [slug],
  );
  const orgId = rows[0].id as string;
  await db.query("insert into public.subscriptions (organization_id, tier) values ($1, 'GROWTH')", [orgId]);
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
  const { orgId, userIds } = await setupOrg();
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

async function latencies(): Promise<void> {
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
  const ms = (v: number) => v.toFixed(0).padStart(5);
  console.info(
    `\n  rows/s  | baseline (service role) p50 / p95 / p99 ms | members under RLS p50 / p95 / p99 ms | RLS / baseline p50 / p95 / p99 | delivered, msg/s`,
  );
  for (const rate of RATES) {
    const b = results.get(`false:${rate}`)!;
    const r = results.get(`true:${rate}`)!;
    const ratio = (x: number, y: number) => `×${(x / Math.max(y, 1)).toFixed(2)}`;
    console.info(
      `  ${String(rate).padStart(6)}  |  ${ms(b.p50)} / ${ms(b.p95)} / ${ms(b.p99)}  (${b.rowsPerSecond.toFixed(0)} rows/s)  |  ${ms(r.p50)} / ${ms(r.p95)} / ${ms(r.p99)}  (${r.rowsPerSecond.toFixed(0)} rows/s)  |  ${ratio(r.p50, b.p50)} / ${ratio(r.p95, b.p95)} / ${ratio(r.p99, b.p99)}  |  ${r.delivered}/${r.expected}, ${r.msgPerSecond.toFixed(0)}`,
    );
  }
  console.info("  (ratios divide by at least 1 ms; a baseline under 1 ms counts as 1 ms)");
}

await db.connect();
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
  }
  await latencies();
} finally {
  await db.end();
}
process.exit(0);
