// Realtime fan-out: one organization's live activity feed with many subscribers. Every subscriber is a member
// with its own JWT, so each audit entry goes through the per-subscriber RLS check before delivery. The
// baseline, measured in the same run, is the same load delivered to service-role subscribers (no RLS check).
// Reported: delivered messages per second and the RLS/baseline ratio; hosted Supabase Realtime is quoted at
// about 3,000 messages/s on small-to-medium instances. Bounded: loopback only, fixed counts, a time limit.
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

async function setupOrg(): Promise<{ orgId: string; userIds: string[] }> {
  const slug = `bench-${randomUUID().slice(0, 8)}`;
  const { rows } = await db.query(
    "insert into public.organizations (name, slug) values ($1, $1) returning id",
    [slug],
  );
  const orgId = rows[0].id as string;
  await db.query("insert into public.subscriptions (organization_id, tier) values ($1, 'GROWTH')", [orgId]);
  const userIds = Array.from({ length: SUBSCRIBERS }, () => randomUUID());
  await db.query(
    `insert into public.users (id, email, name) select u, u::text || '@bench.test', 'Bench' from unnest($1::uuid[]) u`,
    [userIds],
  );
  await db.query(
    `insert into public.organization_members (organization_id, user_id, role, accepted_at)
     select $1, u, case when ord = 1 then 'OWNER'::public.org_role else 'MEMBER'::public.org_role end, now()
       from unnest($2::uuid[]) with ordinality as t(u, ord)`,
    [orgId, userIds],
  );
  return { orgId, userIds };
}

async function subscribe(
  orgId: string,
  token: string | null,
  onMessage: () => void,
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

await db.connect();
try {
  console.info(
    `${SUBSCRIBERS} subscribers in one organization × ${ENTRIES} audit entries (${BATCH} per transaction)`,
  );
  const baseline = await run("baseline: service role (no RLS)", false);
  const rls = await run("members with RLS checked per message", true);
  console.info(`\nRLS / baseline: ${(rls / baseline).toFixed(2)}×`);
  console.info(`RLS / hosted reference (${HOSTED_REFERENCE} msg/s): ${(rls / HOSTED_REFERENCE).toFixed(2)}×`);
} finally {
  await db.end();
}
process.exit(0);
