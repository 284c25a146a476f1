// Benchmark (not part of npm test): the contacts list and the CRM dashboard at 100,000 contacts in one
// organization, against a baseline measured in the same run (page 1 at 1,000 contacts). Prints medians and
// ratios, plus the plans of the interesting queries. No thresholds: read the ratios.
//
//   npx tsx --conditions=react-server tests/bench/crm-contacts.bench.ts            # starts a throwaway stack
//   DATABASE_URL=postgres://… npx tsx --conditions=react-server tests/bench/crm-contacts.bench.ts
//   BENCH_CONTACTS=250000 BENCH_RUNS=30 …                                    # bigger / steadier
// Quick mode (BENCH_QUICK=1): 10,000 contacts, 5 runs. Writes its fragment for run.ts (tests/bench/report.ts).
import type { AuthContext } from "@/lib/auth/authorize";
import { createPool, createPrismaClient, type Db } from "@/lib/database/client";
import { Prisma } from "@/lib/database/generated/prisma/client";
import { withTenantContext } from "@/lib/database/tenant";
import {
  buildContactCountQuery,
  buildContactPageQuery,
  contactFilterConditions,
  encodeCursor,
  listContacts,
  queryContactPage,
} from "@/lib/modules/crm/queries/contact-list";
import { getCrmDashboard, getCrmDashboardParallel } from "@/lib/modules/crm/queries/dashboard";
import { contactFilterSchema, contactListParamsSchema } from "@/lib/modules/crm/schemas";
import { startStackProcess, type StackProcess } from "../support/stack-process";
import { benchTenant, seedBenchContacts } from "./support/tenant";
import { ms, ratio, sized, writeResult, quick, type Cell } from "./report";

const N = Number(process.env.BENCH_CONTACTS ?? sized(10_000, 100_000));
const BASELINE_N = 1_000;
const RUNS = Number(process.env.BENCH_RUNS ?? sized(5, 15));

let stack: StackProcess | undefined;
let url = process.env.DATABASE_URL;
if (!url) {
  console.info("[bench] starting a throwaway stack…");
  stack = await startStackProcess();
  url = stack.env.DATABASE_URL!;
}
const pool = createPool({
  connectionString: url,
  max: 8,
  connectionTimeoutMillis: 10_000,
  idleTimeoutMillis: 10_000,
});
const db: Db = createPrismaClient(pool);

const tenant = (label: string) => benchTenant(db, label);

async function seed(ctx: AuthContext, n: number) {
  const started = Date.now();
  await seedBenchContacts(db, ctx, n);
  // A needle for the selective search.
  await db.$executeRawUnsafe(
    `insert into public.contacts (organization_id, name, email) values ($1::uuid, 'Needle Zyxwvut', 'needle@bench.example')`,
    ctx.organization.id,
  );
  await db.$executeRawUnsafe(
    `insert into public.deals (organization_id, contact_id, title, value, stage)
     select organization_id, id, 'Deal', 100000 + (hashtext(id::text) % 900000 + 900000) % 900000,
            (enum_range(null::public.deal_stage))[1 + abs(hashtext(id::text)) % 7]
       from public.contacts where organization_id = $1::uuid and right(email, 14) = '@bench.example' and (hashtext(id::text) % 10) = 0`,
    ctx.organization.id,
  );
  await db.$executeRawUnsafe("vacuum analyze public.contacts");
  await db.$executeRawUnsafe("vacuum analyze public.deals");
  console.info(
    `[bench] seeded ${n.toLocaleString("en-US")} contacts in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
}

async function time(fn: () => Promise<unknown>): Promise<{ median: number; p95: number }> {
  for (let i = 0; i < 3; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);
  return {
    median: samples[Math.floor(samples.length / 2)]!,
    p95: samples[Math.min(samples.length - 1, Math.floor(samples.length * 0.95))]!,
  };
}

async function cursorAt(ctx: AuthContext, sort: "newest" | "name", offset: number) {
  const order = sort === "newest" ? Prisma.sql`created_at desc, id desc` : Prisma.sql`name asc, id asc`;
  const key = sort === "newest" ? Prisma.sql`created_at::text` : Prisma.sql`name`;
  const rows = await db.$queryRaw<Array<{ key: string; id: string }>>`
    select ${key} as key, id from public.contacts where organization_id = ${ctx.organization.id}::uuid order by ${order} offset ${offset} limit 1`;
  return encodeCursor({ sort, key: rows[0]!.key, id: rows[0]!.id });
}

async function plan(ctx: AuthContext, params: Record<string, string>) {
  const query = buildContactPageQuery(ctx, contactListParamsSchema.parse(params));
  const rows = await withTenantContext(
    ctx,
    (tx) =>
      tx.$queryRaw<
        Array<{ "QUERY PLAN": string }>
      >`explain (analyze, costs off, timing off, summary off) ${query}`,
    { db },
  );
  return rows
    .map((r) => `    ${r["QUERY PLAN"]}`)
    .filter((l) => !/SubPlan|ProjectSet|Result|InitPlan|hashed/.test(l))
    .join("\n");
}

try {
  const small = await tenant("1k");
  await seed(small, BASELINE_N);
  const big = await tenant("100k");
  await seed(big, N);

  const list = (ctx: AuthContext, params: Record<string, string>) => () => listContacts(ctx, params, { db });
  const deep = Math.floor(N * 0.9);
  const results: Array<[string, { median: number; p95: number }]> = [];
  const baseline = await time(list(small, {}));
  results.push([`page 1 @ ${BASELINE_N.toLocaleString("en-US")} (baseline)`, baseline]);
  results.push([`page 1 @ ${N.toLocaleString("en-US")}`, await time(list(big, {}))]);
  results.push([
    `deep page (row ${deep.toLocaleString("en-US")}), keyset`,
    await time(list(big, { after: await cursorAt(big, "newest", deep) })),
  ]);
  // The list is the page query plus a count of everything matching; the count is the part that grows with N.
  const pageOnly = (ctx: AuthContext, params: Record<string, string>) => () =>
    withTenantContext(ctx, (tx) => queryContactPage(tx, ctx, contactListParamsSchema.parse(params)), { db });
  results.push([
    `  page query only, page 1 @ ${BASELINE_N.toLocaleString("en-US")}`,
    await time(pageOnly(small, {})),
  ]);
  results.push([`  page query only, page 1 @ ${N.toLocaleString("en-US")}`, await time(pageOnly(big, {}))]);
  results.push([
    `  page query only, deep page @ ${N.toLocaleString("en-US")}`,
    await time(pageOnly(big, { after: await cursorAt(big, "newest", deep) })),
  ]);
  results.push([
    `deep page by name, keyset`,
    await time(list(big, { sort: "name", after: await cursorAt(big, "name", deep) })),
  ]);
  results.push([`follow-up sort, page 1`, await time(list(big, { sort: "follow_up" }))]);
  results.push([`filter status + assignee`, await time(list(big, { status: "CLIENT", assignee: "me" }))]);
  results.push([`search, selective ("zyxwvut")`, await time(list(big, { q: "zyxwvut" }))]);
  results.push([`search, 0.2% match ("company 17")`, await time(list(big, { q: "company 17" }))]);
  results.push([
    `(for comparison) OFFSET ${deep.toLocaleString("en-US")} page`,
    await time(() =>
      withTenantContext(
        big,
        (tx) =>
          tx.$queryRaw`select id, name from public.contacts where organization_id = ${big.organization.id}::uuid order by created_at desc, id desc offset ${deep} limit 51`,
        { db },
      ),
    ),
  ]);
  // The list's total under RLS vs the same count as the owner (no RLS), each in one transaction with one setup
  // statement so both pay the same round trips: count(*) under RLS checks the policy on every row, the helper
  // (private.contact_count) checks the permission once.
  const counts: Array<[string, { median: number; p95: number }, { median: number; p95: number }]> = [];
  for (const [label, params] of [
    ["whole list", {}],
    ["status + assignee me", { status: "CLIENT", assignee: "me" }],
  ] as Array<[string, Record<string, string>]>) {
    const filter = contactFilterSchema.parse(params);
    const conds = Prisma.join(contactFilterConditions(big, filter), " and ");
    const countAll = Prisma.sql`select count(*)::int as total from public.contacts c where ${conds}`;
    const owner = await time(() =>
      db.$transaction(async (tx) => {
        await tx.$queryRaw`select set_config('request.jwt.claims', '{}', true)`;
        return tx.$queryRaw(countAll);
      }),
    );
    const rlsScan = await time(() => withTenantContext(big, (tx) => tx.$queryRaw(countAll), { db }));
    const helper = await time(() =>
      withTenantContext(big, (tx) => tx.$queryRaw(buildContactCountQuery(big, filter)), { db }),
    );
    counts.push([`count, ${label}: owner (no RLS, baseline)`, owner, owner]);
    counts.push([`count, ${label}: RLS, count(*) per row (before)`, rlsScan, owner]);
    counts.push([`count, ${label}: RLS, private.contact_count (used)`, helper, owner]);
  }

  const dashSingle = await time(() => getCrmDashboard(big, { db }));
  const dashParallel = await time(() => getCrmDashboardParallel(big, { db }));
  results.push([`dashboard: 4 parallel tenant transactions`, dashParallel]);
  results.push([`dashboard: 1 transaction, 4 queries in sequence (used)`, dashSingle]);
  results.push([
    `dashboard @ ${BASELINE_N.toLocaleString("en-US")}, 1 transaction`,
    await time(() => getCrmDashboard(small, { db })),
  ]);
  results.push([
    `dashboard @ ${BASELINE_N.toLocaleString("en-US")}, parallel`,
    await time(() => getCrmDashboardParallel(small, { db })),
  ]);
  // Under load the question is connections, not one request's latency: 8 managers open the dashboard at once
  // through a pool of 8 (the app's default is 10).
  const together = (one: () => Promise<unknown>) => () => Promise.all(Array.from({ length: 8 }, one));
  results.push([
    `dashboard ×8 at once, 1 transaction each (used)`,
    await time(together(() => getCrmDashboard(big, { db }))),
  ]);
  results.push([
    `dashboard ×8 at once, 4 parallel transactions each`,
    await time(together(() => getCrmDashboardParallel(big, { db }))),
  ]);

  console.info(
    `\nCRM contacts list — ${RUNS} runs each, median / p95 (ms), ratio = median / baseline median\n`,
  );
  const width = Math.max(...results.map(([n]) => n.length));
  for (const [name, r] of results) {
    console.info(
      `  ${name.padEnd(width)}  ${r.median.toFixed(1).padStart(8)}  ${r.p95.toFixed(1).padStart(8)}  ×${(r.median / baseline.median).toFixed(2)}`,
    );
  }
  console.info(
    `\nList total at ${N.toLocaleString("en-US")} contacts — median / p95 (ms), ratio = median / owner's median\n`,
  );
  const countWidth = Math.max(...counts.map(([n]) => n.length));
  for (const [name, r, base] of counts) {
    console.info(
      `  ${name.padEnd(countWidth)}  ${r.median.toFixed(2).padStart(8)}  ${r.p95.toFixed(2).padStart(8)}  ×${(r.median / base.median).toFixed(2)}`,
    );
  }
  console.info(`\nPlans at ${N.toLocaleString("en-US")} contacts (EXPLAIN ANALYZE, RLS on):`);
  console.info(`  page 1:\n${await plan(big, {})}`);
  console.info(`  deep page:\n${await plan(big, { after: await cursorAt(big, "newest", deep) })}`);
  console.info(`  search:\n${await plan(big, { q: "zyxwvut" })}`);

  const fmt = (r: { median: number; p95: number }, base: { median: number }): Cell[] => [
    `${ms(r.median)} / ${ms(r.p95)}`,
    ratio(r.median, base.median),
  ];
  const wholeOwner = counts[0]![1];
  const wholeHelper = counts[2]![1];
  writeResult({
    title: `Contacts list and CRM dashboard at ${N.toLocaleString("en-US")} contacts`,
    quick,
    params: { contacts: N, baselineContacts: BASELINE_N, runs: RUNS },
    tables: [
      {
        title: `List, pages and dashboard (median / p95; ratio = median / page 1 at ${BASELINE_N.toLocaleString("en-US")} contacts)`,
        columns: ["what", "median / p95", "ratio"],
        rows: results.map(([name, r]) => [name.trim(), ...fmt(r, baseline)]),
      },
      {
        title: `List total under RLS (median / p95; ratio = median / the owner running the same count)`,
        columns: ["count", "median / p95", "ratio"],
        rows: counts.map(([name, r, base]) => [name, ...fmt(r, base)]),
      },
    ],
    targets: [
      {
        what: `list total at ${N.toLocaleString("en-US")} contacts under RLS vs owner (issue 15: ×2.5 before)`,
        target: "≤ ×1.2",
        measured: ratio(wholeHelper.median, wholeOwner.median),
        met: wholeHelper.median <= 1.2 * wholeOwner.median,
      },
    ],
    notes: [
      "Each count in one transaction with one setup statement; the owner baseline runs the same SQL without RLS.",
      "Keyset pagination: the deep page costs what page 1 costs; the OFFSET row is there for comparison.",
    ],
  });

  if (!stack) {
    // Benchmark organizations have no audit entries, so they can go (contacts and deals cascade).
    for (const ctx of [small, big]) {
      await db.organization.delete({ where: { id: ctx.organization.id } });
      await db.user.delete({ where: { id: ctx.user.id } });
    }
  }
} finally {
  await db.$disconnect();
  await pool.end();
  if (stack) {
    await stack.stop();
    stack.remove();
  }
}
