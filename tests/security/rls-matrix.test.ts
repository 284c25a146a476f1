// RLS matrix: every tenant table × {SELECT, INSERT, UPDATE, DELETE} × {anon, owner of A, member of A,
// viewer of A, member of B}, run both through withTenantContext and through a raw connection as
// `authenticated` (or `anon`) with the caller's claims — the way PostgREST and Realtime reach the database.
// Allowed operations succeed; denied ones see zero rows or fail with 42501. Every attempt is rolled back.
import { randomBytes, randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withTenantContext } from "@/lib/database/tenant";
import { createUser, ownerDb, seedTenant, type TestTenant, type TestUser } from "../support/factories";

type Op = "select" | "insert" | "update" | "delete";
type Actor = "anon" | "ownerA" | "memberA" | "viewerA" | "memberB";
const OPS: Op[] = ["select", "insert", "update", "delete"];
const ACTORS: Actor[] = ["anon", "ownerA", "memberA", "viewerA", "memberB"];

let A: TestTenant;
let B: TestTenant;
let spare: TestUser;
const rowsA: Record<string, string> = {};
let pool: pg.Pool;

const hex64 = () => randomBytes(32).toString("hex");

interface TableSpec {
  table: string;
  /** Column holding the organization id (organizations: id). */
  orgColumn: string;
  insert: (actor: TestUser | null) => { sql: string; params: unknown[] };
  updateSet: string;
  allow: Record<Op, Actor[]>;
}

const MEMBERS_OF_A: Actor[] = ["ownerA", "memberA", "viewerA"];
const WRITERS_OF_A: Actor[] = ["ownerA", "memberA"];

function specs(): TableSpec[] {
  const orgA = A.org.id;
  const tenantData = (table: string, insert: TableSpec["insert"], updateSet: string): TableSpec => ({
    table,
    orgColumn: "organization_id",
    insert,
    updateSet,
    allow: { select: MEMBERS_OF_A, insert: WRITERS_OF_A, update: WRITERS_OF_A, delete: WRITERS_OF_A },
  });
  return [
    tenantData(
      "contacts",
      () => ({
        sql: "insert into public.contacts (organization_id, name) values ($1, 'New')",
        params: [orgA],
      }),
      "name = name",
    ),
    tenantData(
      "deals",
      () => ({
        sql: "insert into public.deals (organization_id, contact_id, title) values ($1, $2, 'D')",
        params: [orgA, rowsA.contacts],
      }),
      "title = title",
    ),
    tenantData(
      "transaction_loops",
      () => ({
        sql: "insert into public.transaction_loops (organization_id, property_address, transaction_type) values ($1, '1 Main', 'PURCHASE')",
        params: [orgA],
      }),
      "progress = progress",
    ),
    tenantData(
      "transaction_tasks",
      () => ({
        sql: "insert into public.transaction_tasks (organization_id, loop_id, title) values ($1, $2, 'T')",
        params: [orgA, rowsA.transaction_loops],
      }),
      "title = title",
    ),
    tenantData(
      "transaction_documents",
      () => {
        const id = randomUUID();
        return {
          sql: `insert into public.transaction_documents (id, organization_id, loop_id, storage_path, file_name, size_bytes, sniffed_type, key_version, wrapped_key, sha256)
                values ($1, $2, $3, $4, 'a.pdf', 1, 'application/pdf', 1, '\\x00', $5)`,
          params: [
            id,
            orgA,
            rowsA.transaction_loops,
            `${orgA}/transactions/${rowsA.transaction_loops}/${id}`,
            hex64(),
          ],
        };
      },
      "file_name = file_name",
    ),
    {
      table: "transaction_audit_logs",
      orgColumn: "organization_id",
      insert: (actor) => ({
        sql: "insert into public.transaction_audit_logs (organization_id, user_id, action, entity_type) values ($1, $2, 'test.inserted', 'test')",
        params: [orgA, actor?.id ?? null],
      }),
      updateSet: "action = action",
      allow: { select: MEMBERS_OF_A, insert: MEMBERS_OF_A, update: [], delete: [] },
    },
    {
      table: "organization_members",
      orgColumn: "organization_id",
      insert: () => ({
        sql: "insert into public.organization_members (organization_id, user_id, role) values ($1, $2, 'MEMBER')",
        params: [orgA, spare.id],
      }),
      updateSet: "role = role",
      // members may delete their own membership (leave); the viewer's own row is in A
      allow: {
        select: MEMBERS_OF_A,
        insert: ["ownerA"],
        update: ["ownerA"],
        delete: ["ownerA", "memberA", "viewerA"],
      },
    },
    {
      table: "invitations",
      orgColumn: "organization_id",
      insert: (actor) => ({
        sql: "insert into public.invitations (organization_id, email, role, token_hash, invited_by, expires_at) values ($1, 'x@example.test', 'MEMBER', $2, $3, now() + interval '1 day')",
        params: [orgA, hex64(), actor?.id ?? null],
      }),
      updateSet: "email = email",
      allow: { select: ["ownerA"], insert: ["ownerA"], update: ["ownerA"], delete: ["ownerA"] },
    },
    {
      table: "subscriptions",
      orgColumn: "organization_id",
      insert: () => ({
        sql: "insert into public.subscriptions (organization_id, tier) values ($1, 'FREE')",
        params: [orgA],
      }),
      updateSet: "tier = tier",
      allow: { select: MEMBERS_OF_A, insert: [], update: ["ownerA"], delete: [] },
    },
    {
      table: "organizations",
      orgColumn: "id",
      insert: () => ({
        sql: "insert into public.organizations (name, slug) values ('X', $1)",
        params: [`x-${randomBytes(4).toString("hex")}`],
      }),
      updateSet: "name = name",
      allow: { select: MEMBERS_OF_A, insert: [], update: ["ownerA"], delete: [] },
    },
  ];
}

function actorUser(actor: Actor): { user: TestUser; org: TestTenant } | null {
  switch (actor) {
    case "anon":
      return null;
    case "ownerA":
      return { user: A.users.OWNER!, org: A };
    case "memberA":
      return { user: A.users.MEMBER!, org: A };
    case "viewerA":
      return { user: A.users.VIEWER!, org: A };
    case "memberB":
      return { user: B.users.MEMBER!, org: B };
  }
}

function statement(spec: TableSpec, op: Op, user: TestUser | null): { sql: string; params: unknown[] } {
  const where = `${spec.orgColumn} = $1`;
  switch (op) {
    case "select":
      return {
        sql: `select count(*)::int as n from public.${spec.table} where ${where}`,
        params: [A.org.id],
      };
    case "insert":
      return spec.insert(user);
    case "update":
      return { sql: `update public.${spec.table} set ${spec.updateSet} where ${where}`, params: [A.org.id] };
    case "delete":
      return { sql: `delete from public.${spec.table} where ${where}`, params: [A.org.id] };
  }
}

type Outcome = { kind: "rows"; n: number } | { kind: "denied"; code: string };

class Rollback extends Error {
  constructor(public outcome: Outcome) {
    super("rollback");
  }
}

function outcomeOf(op: Op, result: { rows: Array<{ n?: number }>; rowCount: number | null }): Outcome {
  return { kind: "rows", n: op === "select" ? (result.rows[0]?.n ?? 0) : (result.rowCount ?? 0) };
}

/** Raw connection: SET ROLE authenticated/anon with the actor's claims, like PostgREST. */
async function viaRawConnection(spec: TableSpec, op: Op, actor: Actor): Promise<Outcome> {
  const who = actorUser(actor);
  const client = await pool.connect();
  try {
    await client.query("begin");
    const claims = who
      ? { sub: who.user.id, role: "authenticated", email: who.user.email }
      : { role: "anon" };
    await client.query("select set_config('request.jwt.claims', $1, true)", [JSON.stringify(claims)]);
    await client.query(`set local role ${who ? "authenticated" : "anon"}`);
    const { sql, params } = statement(spec, op, who?.user ?? null);
    try {
      return outcomeOf(op, await client.query(sql, params));
    } catch (err) {
      return { kind: "denied", code: (err as { code?: string }).code ?? "?" };
    }
  } finally {
    await client.query("rollback");
    client.release();
  }
}

/** The app's path: withTenantContext in the actor's own organization, rolled back by throwing. */
async function viaTenantContext(spec: TableSpec, op: Op, actor: Actor): Promise<Outcome> {
  const who = actorUser(actor)!;
  const { sql, params } = statement(spec, op, who.user);
  try {
    await withTenantContext({ user: who.user, organization: { id: who.org.org.id } }, async (tx) => {
      let outcome: Outcome;
      try {
        if (op === "select") {
          const rows = await tx.$queryRawUnsafe<Array<{ n: number }>>(sql, ...params);
          outcome = { kind: "rows", n: rows[0]?.n ?? 0 };
        } else {
          outcome = { kind: "rows", n: await tx.$executeRawUnsafe(sql, ...params) };
        }
      } catch (err) {
        throw new Rollback({ kind: "denied", code: sqlStateOf(err) });
      }
      throw new Rollback(outcome);
    });
  } catch (err) {
    if (err instanceof Rollback) return err.outcome;
    const cause = (err as { cause?: unknown }).cause;
    if (cause instanceof Rollback) return cause.outcome;
    throw err;
  }
  throw new Error("unreachable");
}

function sqlStateOf(err: unknown): string {
  const e = err as {
    code?: string;
    meta?: { code?: string; driverAdapterError?: { cause?: { originalCode?: string } } };
    message?: string;
  };
  return (
    e.meta?.driverAdapterError?.cause?.originalCode ??
    e.meta?.code ??
    (/\b42501\b|row-level security|permission denied/.test(e.message ?? "") ? "42501" : (e.code ?? "?"))
  );
}

function check(outcome: Outcome, allowed: boolean): string | null {
  if (allowed) {
    if (outcome.kind === "rows" && outcome.n > 0) return null;
    return `expected success, got ${JSON.stringify(outcome)}`;
  }
  if (outcome.kind === "rows" && outcome.n === 0) return null;
  if (outcome.kind === "denied" && outcome.code === "42501") return null;
  return `expected denial (0 rows or 42501), got ${JSON.stringify(outcome)}`;
}

beforeAll(async () => {
  pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 3 });
  A = await seedTenant({ roles: ["OWNER", "MEMBER", "VIEWER"] });
  B = await seedTenant({ roles: ["OWNER", "MEMBER"] });
  spare = await createUser();
  const db = ownerDb();
  for (const t of [A, B]) {
    const contact = await db.contact.create({ data: { organizationId: t.org.id, name: "Seed contact" } });
    await db.deal.create({ data: { organizationId: t.org.id, contactId: contact.id, title: "Seed deal" } });
    const loop = await db.transactionLoop.create({
      data: { organizationId: t.org.id, propertyAddress: "1 Seed St", transactionType: "LISTING" },
    });
    await db.transactionTask.create({
      data: { organizationId: t.org.id, loopId: loop.id, title: "Seed task" },
    });
    const docId = randomUUID();
    await db.transactionDocument.create({
      data: {
        id: docId,
        organizationId: t.org.id,
        loopId: loop.id,
        storagePath: `${t.org.id}/transactions/${loop.id}/${docId}`,
        fileName: "seed.pdf",
        sizeBytes: 10,
        sniffedType: "application/pdf",
        keyVersion: 1,
        wrappedKey: Buffer.from([1]),
        sha256: hex64(),
      },
    });
    await db.transactionAuditLog.create({
      data: { organizationId: t.org.id, action: "seed.created", entityType: "seed" },
    });
    await db.invitation.create({
      data: {
        organizationId: t.org.id,
        email: `inv-${t.org.slug}@example.test`,
        role: "MEMBER",
        tokenHash: hex64(),
        expiresAt: new Date(Date.now() + 86_400_000),
      },
    });
    if (t === A) {
      rowsA.contacts = contact.id;
      rowsA.transaction_loops = loop.id;
    }
  }
});

afterAll(async () => {
  await pool.end();
});

describe("RLS matrix", () => {
  for (const path of ["raw connection as authenticated/anon", "withTenantContext"] as const) {
    it(`allows exactly what each role may do (${path})`, async () => {
      const problems: string[] = [];
      let attempts = 0;
      for (const spec of specs()) {
        for (const op of OPS) {
          for (const actor of ACTORS) {
            if (path === "withTenantContext" && actor === "anon") continue; // the app never runs queries as anon
            const outcome =
              path === "withTenantContext"
                ? await viaTenantContext(spec, op, actor)
                : await viaRawConnection(spec, op, actor);
            const problem = check(outcome, spec.allow[op].includes(actor));
            if (problem) problems.push(`${spec.table} ${op} as ${actor}: ${problem}`);
            attempts++;
          }
        }
      }
      expect(problems).toEqual([]);
      expect(attempts).toBeGreaterThanOrEqual(10 * 4 * 4);
    }, 120_000);
  }

  it("gives anon no grants at all on public tables", async () => {
    const { rows } = await pool.query(
      `select table_name, privilege_type from information_schema.role_table_grants
        where grantee = 'anon' and table_schema = 'public'`,
    );
    expect(rows).toEqual([]);
  });

  it("inside B's tenant context, a query without any where clause returns none of A's rows", async () => {
    const member = B.users.MEMBER!;
    const tables = [
      "contacts",
      "deals",
      "transaction_loops",
      "transaction_tasks",
      "transaction_documents",
      "transaction_audit_logs",
      "organization_members",
      "invitations",
      "subscriptions",
    ];
    const leaked = await withTenantContext({ user: member, organization: { id: B.org.id } }, async (tx) => {
      const out: Record<string, number> = {};
      for (const t of tables) {
        const rows = await tx.$queryRawUnsafe<Array<{ organization_id: string }>>(
          `select organization_id::text from public.${t}`,
        );
        out[t] = rows.filter((r) => r.organization_id !== B.org.id).length;
      }
      const orgs = await tx.organization.findMany({ select: { id: true } });
      out.organizations = orgs.filter((o) => o.id !== B.org.id).length;
      out.contactsViaPrisma = (await tx.contact.findMany({ select: { organizationId: true } })).filter(
        (c) => c.organizationId !== B.org.id,
      ).length;
      return out;
    });
    expect(
      Object.values(leaked).every((n) => n === 0),
      JSON.stringify(leaked),
    ).toBe(true);
    // and the owner of A does see A's rows the same way (the query really returns data)
    const ownA = await withTenantContext({ user: A.users.OWNER!, organization: { id: A.org.id } }, (tx) =>
      tx.contact.count(),
    );
    expect(ownA).toBeGreaterThan(0);
  });

  it("narrows a user in two organizations to the tenant context's organization", async () => {
    const both = await createUser();
    const db = ownerDb();
    await db.organizationMember.create({
      data: { organizationId: A.org.id, userId: both.id, role: "MEMBER", acceptedAt: new Date() },
    });
    await db.organizationMember.create({
      data: { organizationId: B.org.id, userId: both.id, role: "MEMBER", acceptedAt: new Date() },
    });
    const inB = await withTenantContext({ user: both, organization: { id: B.org.id } }, (tx) =>
      tx.contact.findMany({ select: { organizationId: true } }),
    );
    expect(inB.length).toBeGreaterThan(0);
    expect(inB.every((c) => c.organizationId === B.org.id)).toBe(true);
  });

  it("ignores memberships that were not accepted", async () => {
    const pending = await createUser();
    await ownerDb().organizationMember.create({
      data: { organizationId: A.org.id, userId: pending.id, role: "ADMIN" },
    });
    const seen = await withTenantContext({ user: pending, organization: { id: A.org.id } }, (tx) =>
      tx.contact.count(),
    );
    expect(seen).toBe(0);
  });
});
