// What the service layer costs over raw `pg`: reading one contact, the list's page 1 (page + total) and creating a
// contact with its audit entry, each through the app's code (tenant transaction, RLS, Prisma) and as raw `pg` with
// the same SQL as the table owner, measured alternately in the same run. The raw side replays the exact statements
// the service sent (captured from Prisma's query log, tenant setup and BEGIN/COMMIT left out); for the create it is
// one message holding the insert and its audit entry (one round trip — issue 15's baseline).
// Reported: p50 / p95 and the ratio service / raw (issue 15 measured ×4.0 for the list and ×5.8 for the create).
import { randomUUID } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import type { AuthContext } from "@/lib/auth/authorize";
import { createPool, type Db } from "@/lib/database/client";
import { PrismaClient } from "@/lib/database/generated/prisma/client";
import { getContactDetail } from "@/lib/modules/crm/queries/contact-detail";
import { listContacts } from "@/lib/modules/crm/queries/contact-list";
import { createContact } from "@/lib/modules/crm/services/contacts";
import { ms, percentile, printTable, quick, ratio, sized, writeResult, type Cell } from "./report";
import { isControl } from "./support/pg-counter";
import { benchTenant, seedBenchContacts } from "./support/tenant";

const CONTACTS = sized(1_000, 10_000);
const RUNS = sized(40, 200);
const url = process.env.DATABASE_URL!;

const pool = createPool({
  connectionString: url,
  max: 4,
  connectionTimeoutMillis: 10_000,
  idleTimeoutMillis: 10_000,
});
const client = new PrismaClient({ adapter: new PrismaPg(pool), log: [{ emit: "event", level: "query" }] });
const logged: Array<{ query: string; params: string }> = [];
client.$on("query", (e) => logged.push({ query: e.query, params: e.params }));
const db = client as unknown as Db;
const raw = new pg.Pool({ connectionString: url, max: 4 });

/** The statements fn sends that do the work (not the tenant setup, not BEGIN/COMMIT). */
async function capture(fn: () => Promise<unknown>): Promise<Array<{ text: string; values: unknown[] }>> {
  logged.length = 0;
  await fn();
  return logged
    .filter((l) => !isControl(l.query) && !/^\s*select\s+set_config\(/i.test(l.query))
    .map((l) => ({ text: l.query, values: JSON.parse(l.params || "[]") as unknown[] }));
}

/** Replays statements as the owner on one pooled connection, one round trip each (as the app sends them). */
function replay(statements: Array<{ text: string; values: unknown[] }>) {
  return async () => {
    const c = await raw.connect();
    try {
      for (const s of statements) await c.query(s.text, s.values);
    } finally {
      c.release();
    }
  };
}

/** Runs a and b alternately `RUNS` times (after warming both), so drift on a shared machine hits both alike. */
async function alternate(a: () => Promise<unknown>, b: () => Promise<unknown>) {
  for (let i = 0; i < 3; i++) {
    await a();
    await b();
  }
  const sa: number[] = [];
  const sb: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    let t = performance.now();
    await a();
    sa.push(performance.now() - t);
    t = performance.now();
    await b();
    sb.push(performance.now() - t);
  }
  return [sa, sb] as const;
}

/** One message: BEGIN, the claims, the insert and its audit entry, COMMIT (the simple protocol allows several). */
function rawCreate(ctx: AuthContext) {
  return async () => {
    const c = await raw.connect();
    try {
      const tag = randomUUID().slice(0, 8);
      const lit = (v: string) => c.escapeLiteral(v);
      const claims = JSON.stringify(ctx.claims);
      const values = JSON.stringify({
        name: `Raw ${tag}`,
        email: `raw-${tag}@bench.example`,
        status: "LEAD",
      });
      await c.query(
        `begin;
         select set_config('request.jwt.claims', ${lit(claims)}, true);
         with c as (
           insert into public.contacts (organization_id, name, email, status, created_by)
           values (${lit(ctx.organization.id)}::uuid, ${lit(`Raw ${tag}`)}, ${lit(`raw-${tag}@bench.example`)}, 'LEAD', ${lit(ctx.user.id)}::uuid)
           returning id
         )
         select a.id from c, private.append_audit_many(${lit(ctx.organization.id)}::uuid,
           jsonb_build_array(jsonb_build_object('action', 'contact.created', 'entityType', 'contact', 'entityId', c.id,
                                                'oldValues', null, 'newValues', ${lit(values)}::jsonb))) as a(id);
         commit;`,
      );
    } finally {
      c.release();
    }
  };
}

async function main() {
  const ctx = await benchTenant(db, "svc");
  await seedBenchContacts(db, ctx, CONTACTS);
  await db.$executeRawUnsafe("analyze public.contacts");
  const contact = await db.contact.findFirstOrThrow({
    where: { organizationId: ctx.organization.id },
    orderBy: { createdAt: "desc" },
    select: { id: true },
  });

  const readService = () => getContactDetail(ctx, contact.id, { db });
  const listService = () => listContacts(ctx, {}, { db });
  let n = 0;
  const createService = () =>
    createContact(
      ctx,
      {
        organization: ctx.organization.slug,
        name: `Svc ${++n}`,
        email: `svc-${n}-${randomUUID().slice(0, 6)}@bench.example`,
      },
      { db },
    );
  const readStatements = await capture(readService);
  const listStatements = await capture(listService);

  const rows: Cell[][] = [];
  for (const [name, service, baseline, statements] of [
    [
      "read one contact (the contact page's query)",
      readService,
      replay(readStatements),
      readStatements.length,
    ],
    ["list page 1 (page + total)", listService, replay(listStatements), listStatements.length],
    ["create contact + audit entry", createService, rawCreate(ctx), 1],
  ] as const) {
    const [s, r] = await alternate(service, baseline);
    const [s50, s95, r50, r95] = [percentile(s, 50), percentile(s, 95), percentile(r, 50), percentile(r, 95)];
    rows.push([
      name,
      `${ms(r50, 2)} / ${ms(r95, 2)}`,
      `${ms(s50, 2)} / ${ms(s95, 2)}`,
      ratio(s50, r50),
      ratio(s95, r95),
      `${statements}`,
    ]);
  }
  const table = {
    title: `Service vs raw pg, same SQL as the owner (${RUNS} alternating runs each, ${CONTACTS.toLocaleString("en-US")} contacts)`,
    columns: [
      "operation",
      "raw pg p50 / p95",
      "service p50 / p95",
      "p50 ratio",
      "p95 ratio",
      "raw statements",
    ],
    rows,
  };
  printTable(table);
  writeResult({
    title: "Service layer vs raw pg",
    quick,
    params: { contacts: CONTACTS, runs: RUNS },
    tables: [table],
    notes: [
      "Issue 15 measured ×4.0 (list page 1, p50) and ×5.8 (create + audit, p50) before; Prisma 7 itself publishes ~×1.7 for single-row work.",
      "Raw read and list replay the statements the service sent (from Prisma's query log, without the tenant setup and BEGIN/COMMIT), as the owner, one round trip each. Raw create is one simple-protocol message: BEGIN, the claims, the insert with its audit entry through private.append_audit_many, COMMIT.",
      "The service side includes everything a request pays after authorize(): zod parsing, the tenant transaction and its setup, RLS, Prisma.",
    ],
  });
  await db.organization.delete({ where: { id: ctx.organization.id } }).catch(() => undefined);
}

main()
  .then(async () => {
    await client.$disconnect();
    await pool.end();
    await raw.end();
    process.exit(0);
  })
  .catch((err) => {
    console.error(err);
    process.exit(1);
  });
