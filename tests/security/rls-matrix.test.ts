// RLS matrix: every public table × {SELECT, INSERT, UPDATE, DELETE} × every kind of caller, through both ways a
// caller reaches Postgres:
// - the browser's role (`authenticated` with the caller's JWT claims, as Supabase's Data API, Realtime and Storage
//   use it, and `anon` with the public key): it reads exactly what the member may read and writes NOTHING;
// - the app's role (`hearth_app`, through withTenantContext): it reads and writes what the one permission table
//   (lib/auth/permissions.ts, held equal to its SQL copy by permission-table.test.ts) allows.
// The expectations are computed from the TypeScript permission table, so a policy that checks the wrong permission
// fails here. Allowed operations succeed; denied ones see zero rows or fail with 42501. Every attempt is rolled back.
import { randomBytes, randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ALL_PERMISSIONS, can, PERMISSIONS, type Permission } from "@/lib/auth/permissions";
import type { GlobalRole, OrgRole } from "@/lib/database/generated/prisma/enums";
import { withTenantContext } from "@/lib/database/tenant";
import { createUser, ownerDb, seedTenant, type TestTenant, type TestUser } from "../support/factories";

type Op = "select" | "insert" | "update" | "delete";
const OPS: Op[] = ["select", "insert", "update", "delete"];
type Actor =
  | "anon"
  | "ownerA"
  | "adminA"
  | "memberA"
  | "viewerA"
  | "supportA" // platform support staff (global role SUPPORT) with an ADMIN membership in A
  | "supportGrantA" // platform support staff with no membership, inside A through a live support grant (0027)
  | "suspendedA" // a suspended account that still has an OWNER membership in A
  | "memberB";
const ACTORS: Actor[] = [
  "anon",
  "ownerA",
  "adminA",
  "memberA",
  "viewerA",
  "supportA",
  "supportGrantA",
  "suspendedA",
  "memberB",
];

let A: TestTenant;
let B: TestTenant;
let support: TestUser;
let supportGrant: TestUser;
let suspended: TestUser;
let spare: TestUser;
const rowsA: Record<string, string> = {};
let pool: pg.Pool;

const hex64 = () => randomBytes(32).toString("hex");

interface Who {
  user: TestUser;
  tenant: TestTenant;
  orgRole: OrgRole;
  globalRole: GlobalRole;
}

function who(actor: Actor): Who | null {
  switch (actor) {
    case "anon":
      return null;
    case "ownerA":
      return { user: A.users.OWNER!, tenant: A, orgRole: "OWNER", globalRole: "USER" };
    case "adminA":
      return { user: A.users.ADMIN!, tenant: A, orgRole: "ADMIN", globalRole: "USER" };
    case "memberA":
      return { user: A.users.MEMBER!, tenant: A, orgRole: "MEMBER", globalRole: "USER" };
    case "viewerA":
      return { user: A.users.VIEWER!, tenant: A, orgRole: "VIEWER", globalRole: "USER" };
    case "supportA":
      return { user: support, tenant: A, orgRole: "ADMIN", globalRole: "SUPPORT" };
    case "supportGrantA":
      // a support grant reads what an admin reads (decision 0027)
      return { user: supportGrant, tenant: A, orgRole: "ADMIN", globalRole: "SUPPORT" };
    case "suspendedA":
      return { user: suspended, tenant: A, orgRole: "OWNER", globalRole: "SUSPENDED" };
    case "memberB":
      return { user: B.users.MEMBER!, tenant: B, orgRole: "MEMBER", globalRole: "USER" };
  }
}

/** Whether the actor holds `permission` in organization A under all three layers (A is on Growth). */
function holds(actor: Actor, permission: Permission): boolean {
  const w = who(actor);
  if (!w || w.tenant !== A) return false;
  return can({ tier: "GROWTH", globalRole: w.globalRole, orgRole: w.orgRole, permission });
}

/** Whether the actor holds any write permission in A (who may notify a teammate). */
function holdsAnyWrite(actor: Actor): boolean {
  return ALL_PERMISSIONS.some((p) => PERMISSIONS[p].write && holds(actor, p));
}

interface Statement {
  sql: string;
  params: unknown[];
}

interface TableSpec {
  table: string;
  statements: (actor: TestUser | null) => Record<Op, Statement>;
  /** The permission the app role needs for each operation; null = nobody through either role. */
  app: Record<Op, Permission | null | ((actor: Actor) => boolean)>;
  /** Rows SELECT returns per actor when it isn't all-or-nothing (the audit log's audiences). */
  selectCount?: (actor: Actor) => number;
}

const inA = (table: string, column = "organization_id") => ({
  select: { sql: `select count(*)::int as n from public.${table} where ${column} = $1`, params: [A.org.id] },
  update: (set: string) => ({
    sql: `update public.${table} set ${set} where ${column} = $1`,
    params: [A.org.id],
  }),
  delete: { sql: `delete from public.${table} where ${column} = $1`, params: [A.org.id] },
});

function specs(): TableSpec[] {
  const orgA = A.org.id;
  const tenantData = (
    table: string,
    read: Permission,
    write: Permission,
    insert: () => Statement,
    set: string,
    deletable = true,
  ): TableSpec => ({
    table,
    statements: () => ({
      select: inA(table).select,
      insert: insert(),
      update: inA(table).update(set),
      delete: inA(table).delete,
    }),
    app: { select: read, insert: write, update: write, delete: deletable ? write : null },
  });
  const memberRow = (id: string) => `id = '${id}'`;
  return [
    tenantData(
      "contacts",
      "contacts:read",
      "contacts:write",
      () => ({
        sql: "insert into public.contacts (organization_id, name) values ($1, 'New')",
        params: [orgA],
      }),
      "name = name",
    ),
    tenantData(
      "deals",
      "deals:read",
      "deals:write",
      () => ({
        sql: "insert into public.deals (organization_id, contact_id, title) values ($1, $2, 'D')",
        params: [orgA, rowsA.contacts],
      }),
      "title = title",
    ),
    {
      // Notes are written as oneself and never edited or removed.
      table: "deal_notes",
      statements: (actor) => ({
        select: inA("deal_notes").select,
        insert: {
          sql: "insert into public.deal_notes (organization_id, deal_id, body, created_by) values ($1, $2, 'N', $3)",
          params: [orgA, rowsA.deals, actor?.id ?? null],
        },
        update: inA("deal_notes").update("body = body"),
        delete: inA("deal_notes").delete,
      }),
      app: { select: "deals:read", insert: "deals:write", update: null, delete: null },
    },
    tenantData(
      "transaction_loops",
      "loops:read",
      "loops:write",
      () => ({
        sql: "insert into public.transaction_loops (organization_id, property_address, transaction_type) values ($1, '1 Main', 'PURCHASE')",
        params: [orgA],
      }),
      "progress = progress",
    ),
    tenantData(
      "transaction_tasks",
      "loops:read",
      "loops:write",
      () => ({
        sql: "insert into public.transaction_tasks (organization_id, loop_id, title) values ($1, $2, 'T')",
        params: [orgA, rowsA.transaction_loops],
      }),
      "title = title",
    ),
    // Document rows are never deleted, not even by the app (deleting shreds the key and keeps the row).
    tenantData(
      "transaction_documents",
      "documents:read",
      "documents:write",
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
      "document_type = document_type",
      false,
    ),
    // A contact's timeline: entries and reminders are read with contacts:read and written with contacts:write, the
    // author stamped on insert; only the author (A's owner wrote the seeded rows) or an owner/admin deletes.
    ...(["contact_entries", "contact_reminders"] as const).map((table): TableSpec => ({
      table,
      statements: (actor) => ({
        select: inA(table).select,
        insert:
          table === "contact_entries"
            ? {
                sql: "insert into public.contact_entries (organization_id, contact_id, kind, body, created_by) values ($1, $2, 'NOTE', 'Hi', $3)",
                params: [orgA, rowsA.contacts, actor?.id ?? null],
              }
            : {
                sql: "insert into public.contact_reminders (organization_id, contact_id, title, due_at, created_by) values ($1, $2, 'Call', now(), $3)",
                params: [orgA, rowsA.contacts, actor?.id ?? null],
              },
        update: inA(table).update(table === "contact_entries" ? "body = body" : "title = title"),
        delete: inA(table).delete,
      }),
      app: {
        select: "contacts:read",
        insert: "contacts:write",
        update: "contacts:write",
        delete: (actor) => holds(actor, "contacts:write") && (actor === "ownerA" || actor === "adminA"),
      },
    })),
    {
      // Written only through private.append_audit_many; read by audience (see audit-log-access.test.ts).
      table: "transaction_audit_logs",
      statements: (actor) => ({
        select: inA("transaction_audit_logs").select,
        insert: {
          sql: "insert into public.transaction_audit_logs (organization_id, user_id, action, entity_type) values ($1, $2, 'contact.created', 'contact')",
          params: [orgA, actor?.id ?? null],
        },
        update: inA("transaction_audit_logs").update("action = action"),
        delete: inA("transaction_audit_logs").delete,
      }),
      app: { select: "activity:read", insert: null, update: null, delete: null },
      // One 'team' entry and one 'admins' entry are seeded in A.
      selectCount: (actor) => (holds(actor, "audit:read") ? 2 : holds(actor, "activity:read") ? 1 : 0),
    },
    {
      // Memberships are created only by onboarding and invitation acceptance (outside the app role).
      table: "organization_members",
      statements: () => ({
        select: inA("organization_members").select,
        insert: {
          sql: "insert into public.organization_members (organization_id, user_id, role, accepted_at) values ($1, $2, 'ADMIN', now())",
          params: [orgA, spare.id],
        },
        update: {
          sql: `update public.organization_members set role = role where ${memberRow(A.members.MEMBER!)}`,
          params: [],
        },
        delete: {
          sql: `delete from public.organization_members where ${memberRow(A.members.MEMBER!)}`,
          params: [],
        },
      }),
      app: {
        select: "members:read",
        insert: null,
        update: "members:manage",
        // managers remove members; the member themself leaves
        delete: (actor) => holds(actor, "members:manage") || actor === "memberA",
      },
    },
    {
      table: "invitations",
      statements: (actor) => ({
        select: inA("invitations").select,
        insert: {
          sql: "insert into public.invitations (organization_id, email, role, token_hash, invited_by, expires_at) values ($1, $2, 'MEMBER', $3, $4, now() + interval '1 day')",
          params: [orgA, `x-${randomBytes(3).toString("hex")}@example.test`, hex64(), actor?.id ?? null],
        },
        update: inA("invitations").update("revoked_at = revoked_at"),
        delete: inA("invitations").delete,
      }),
      app: { select: "members:manage", insert: "members:manage", update: "members:manage", delete: null },
    },
    {
      table: "subscriptions",
      statements: () => ({
        select: inA("subscriptions").select,
        insert: {
          sql: "insert into public.subscriptions (organization_id, tier) values ($1, 'FREE')",
          params: [orgA],
        },
        update: inA("subscriptions").update("tier = tier"),
        delete: inA("subscriptions").delete,
      }),
      app: { select: "organization:read", insert: null, update: "plan:manage", delete: null },
    },
    {
      table: "organizations",
      statements: () => ({
        select: inA("organizations", "id").select,
        insert: {
          sql: "insert into public.organizations (name, slug) values ('X', $1)",
          params: [`x-${randomBytes(4).toString("hex")}`],
        },
        update: inA("organizations", "id").update("name = name"),
        delete: inA("organizations", "id").delete,
      }),
      app: { select: "organization:read", insert: null, update: "organization:update", delete: null },
    },
    {
      table: "loop_participants",
      statements: () => ({
        select: inA("loop_participants").select,
        insert: {
          sql: "insert into public.loop_participants (organization_id, loop_id, role, contact_id) values ($1, $2, 'LENDER', $3)",
          params: [orgA, rowsA.transaction_loops, rowsA.contacts],
        },
        update: inA("loop_participants").update("role = role"),
        delete: inA("loop_participants").delete,
      }),
      // a participant is added or removed, never edited
      app: { select: "loops:read", insert: "loops:write", update: null, delete: "loops:write" },
    },
    tenantData(
      "loop_key_dates",
      "loops:read",
      "loops:write",
      () => ({
        sql: "insert into public.loop_key_dates (organization_id, loop_id, kind, label) values ($1, $2, 'CUSTOM', 'HOA docs')",
        params: [orgA, rowsA.transaction_loops],
      }),
      "status = status",
    ),
    tenantData(
      "loop_document_slots",
      "loops:read",
      "loops:write",
      () => ({
        sql: "insert into public.loop_document_slots (organization_id, loop_id, title) values ($1, $2, 'Survey')",
        params: [orgA, rowsA.transaction_loops],
      }),
      "title = title",
    ),
    {
      // Every organization has one template per transaction type (A's lease template was removed for this).
      table: "checklist_templates",
      statements: () => ({
        select: inA("checklist_templates").select,
        insert: {
          sql: "insert into public.checklist_templates (organization_id, transaction_type, name) values ($1, 'LEASE', 'Lease')",
          params: [orgA],
        },
        update: inA("checklist_templates").update("name = name"),
        delete: inA("checklist_templates").delete,
      }),
      // templates are edited, never dropped (their items are)
      app: { select: "loops:read", insert: "templates:manage", update: "templates:manage", delete: null },
    },
    tenantData(
      "checklist_template_items",
      "loops:read",
      "templates:manage",
      () => ({
        sql: `insert into public.checklist_template_items (organization_id, template_id, kind, title, category)
              values ($1, $2, 'TASK', 'Call the lender', 'FINANCING')`,
        params: [orgA, rowsA.checklist_templates],
      }),
      "title = title",
    ),
    {
      // A's member has one notification; everyone reads and marks read only their own.
      table: "notifications",
      statements: (actor) => ({
        select: inA("notifications").select,
        insert: {
          sql: "insert into public.notifications (organization_id, user_id, kind, title, created_by) values ($1, $2, 'TASK_ASSIGNED', 'A task for you', $3)",
          params: [orgA, A.users.MEMBER!.id, actor?.id ?? null],
        },
        update: inA("notifications").update("read_at = now()"),
        delete: inA("notifications").delete,
      }),
      app: {
        select: (actor) => actor === "memberA",
        insert: (actor) => holdsAnyWrite(actor),
        update: (actor) => actor === "memberA",
        delete: null,
      },
      selectCount: (actor) => (actor === "memberA" ? 1 : 0),
    },
    {
      // Each member's own settings (A's member has a row).
      table: "notification_preferences",
      statements: (actor) => ({
        select: inA("notification_preferences").select,
        insert: {
          sql: `insert into public.notification_preferences (organization_id, user_id, daily_digest) values ($1, $2, false)
                on conflict (organization_id, user_id) do update set daily_digest = excluded.daily_digest`,
          params: [orgA, actor?.id ?? randomUUID()],
        },
        update: inA("notification_preferences").update("daily_digest = daily_digest"),
        delete: inA("notification_preferences").delete,
      }),
      app: {
        select: (actor) => actor === "memberA",
        insert: "notifications:read",
        update: (actor) => actor === "memberA",
        delete: null,
      },
      selectCount: (actor) => (actor === "memberA" ? 1 : 0),
    },
    {
      // The import's remembered column mappings: those who may import (contacts:bulk) read and write them, each
      // write stamped with the writer; nobody deletes one (they go with the organization).
      table: "contact_import_mappings",
      statements: (actor) => ({
        select: inA("contact_import_mappings").select,
        insert: {
          sql: `insert into public.contact_import_mappings (organization_id, header_key, headers, fields, updated_by)
                values ($1, $2, '{Name}', '{name}', $3)`,
          params: [orgA, hex64(), actor?.id ?? randomUUID()],
        },
        update: {
          sql: "update public.contact_import_mappings set fields = fields, updated_by = $2 where organization_id = $1",
          params: [orgA, actor?.id ?? randomUUID()],
        },
        delete: inA("contact_import_mappings").delete,
      }),
      app: { select: "contacts:bulk", insert: "contacts:bulk", update: "contacts:bulk", delete: null },
    },
    {
      table: "tags",
      statements: (actor) => ({
        select: inA("tags").select,
        insert: {
          sql: "insert into public.tags (organization_id, name, created_by) values ($1, $2, $3)",
          params: [orgA, `Tag ${randomBytes(3).toString("hex")}`, actor?.id ?? null],
        },
        update: inA("tags").update("name = name"),
        delete: inA("tags").delete,
      }),
      app: {
        select: "contacts:read",
        insert: "contacts:write",
        update: "contacts:write",
        delete: "contacts:write",
      },
    },
    {
      // A tagging is added or removed, never edited.
      table: "contact_tags",
      statements: (actor) => ({
        select: inA("contact_tags").select,
        insert: {
          sql: "insert into public.contact_tags (organization_id, contact_id, tag_id, created_by) values ($1, $2, $3, $4)",
          params: [orgA, rowsA.contacts, rowsA.spareTag, actor?.id ?? null],
        },
        update: inA("contact_tags").update("created_at = created_at"),
        delete: inA("contact_tags").delete,
      }),
      app: { select: "contacts:read", insert: "contacts:write", update: null, delete: "contacts:write" },
    },
    {
      // A's owner shared one view, A's member keeps a private one: everyone who reads contacts sees the shared one,
      // the member also their own; the creator or an owner/admin changes a shared view, only the creator a private one.
      table: "saved_views",
      statements: (actor) => ({
        select: inA("saved_views").select,
        insert: {
          sql: "insert into public.saved_views (organization_id, created_by, name) values ($1, $2, 'Mine')",
          params: [orgA, actor?.id ?? randomUUID()],
        },
        update: inA("saved_views").update("name = name"),
        delete: inA("saved_views").delete,
      }),
      app: {
        select: "contacts:read",
        insert: "contacts:read",
        update: (actor) => actor === "memberA" || holds(actor, "organization:update"),
        delete: (actor) => actor === "memberA" || holds(actor, "organization:update"),
      },
      selectCount: (actor) => (holds(actor, "contacts:read") ? 1 + (actor === "memberA" ? 1 : 0) : 0),
    },
    {
      // A pair marked "not a duplicate" is recorded or withdrawn, never edited.
      table: "contact_duplicate_dismissals",
      statements: (actor) => ({
        select: inA("contact_duplicate_dismissals").select,
        insert: {
          sql: "insert into public.contact_duplicate_dismissals (organization_id, contact_a, contact_b, dismissed_by) values ($1, least($2::uuid, $3::uuid), greatest($2::uuid, $3::uuid), $4)",
          params: [orgA, rowsA.contacts, rowsA.spareContact, actor?.id ?? null],
        },
        update: inA("contact_duplicate_dismissals").update("created_at = created_at"),
        delete: inA("contact_duplicate_dismissals").delete,
      }),
      app: { select: "contacts:read", insert: "contacts:write", update: null, delete: "contacts:write" },
    },
    {
      // Profiles: a person sees teammates (where they may see the member list); nobody writes through either role.
      table: "users",
      statements: (actor) => {
        // other people than the caller (everyone may read their own row)
        const ids = `id in (select user_id from public.organization_members where organization_id = '${A.org.id}')
                     and id <> '${actor?.id ?? randomUUID()}'`;
        return {
          select: { sql: `select count(*)::int as n from public.users where ${ids}`, params: [] },
          insert: {
            sql: "insert into public.users (id, email) values ($1, $2)",
            params: [randomUUID(), `n-${randomBytes(3).toString("hex")}@example.test`],
          },
          update: { sql: `update public.users set name = name where ${ids}`, params: [] },
          delete: { sql: `delete from public.users where ${ids}`, params: [] },
        };
      },
      app: { select: "members:read", insert: null, update: null, delete: null },
    },
    {
      table: "support_access",
      statements: (actor) => ({
        select: inA("support_access").select,
        insert: {
          sql: `insert into public.support_access (organization_id, user_id, reason, expires_at)
                values ($1, $2, 'a reason long enough', now() + interval '10 minutes')`,
          params: [orgA, actor?.id ?? randomUUID()],
        },
        update: inA("support_access").update("reason = reason"),
        delete: inA("support_access").delete,
      }),
      // grants are written only by private.open_support_access(); the support user and A's auditors read them
      app: {
        select: (actor) => holds(actor, "audit:read") || actor === "supportGrantA",
        insert: null,
        update: null,
        delete: null,
      },
    },
  ];
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

/** The browser's way in: SET ROLE authenticated/anon with the actor's claims, like the Data API. */
async function viaBrowserRole(spec: TableSpec, op: Op, actor: Actor): Promise<Outcome> {
  const w = who(actor);
  const client = await pool.connect();
  try {
    await client.query("begin");
    const claims = w ? { sub: w.user.id, role: "authenticated", email: w.user.email } : { role: "anon" };
    await client.query("select set_config('request.jwt.claims', $1, true)", [JSON.stringify(claims)]);
    await client.query(`set local role ${w ? "authenticated" : "anon"}`);
    const { sql, params } = spec.statements(w?.user ?? null)[op];
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

/** The app's way in: withTenantContext in the actor's own organization, rolled back by throwing. */
async function viaAppRole(spec: TableSpec, op: Op, actor: Actor): Promise<Outcome> {
  const w = who(actor)!;
  const { sql, params } = spec.statements(w.user)[op];
  try {
    await withTenantContext({ user: w.user, organization: { id: w.tenant.org.id } }, async (tx) => {
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

function expected(spec: TableSpec, op: Op, actor: Actor, path: "browser" | "app"): boolean | number {
  if (op === "select" && spec.selectCount) return spec.selectCount(actor);
  if (path === "browser" && op !== "select") return false; // the browser writes nothing, ever
  const rule = spec.app[op];
  if (rule === null) return false;
  return typeof rule === "function" ? rule(actor) : holds(actor, rule);
}

function check(outcome: Outcome, want: boolean | number): string | null {
  if (typeof want === "number") {
    if (outcome.kind === "rows" && outcome.n === want) return null;
    if (want === 0 && outcome.kind === "denied" && outcome.code === "42501") return null;
    return `expected ${want} rows, got ${JSON.stringify(outcome)}`;
  }
  if (want) {
    if (outcome.kind === "rows" && outcome.n > 0) return null;
    return `expected success, got ${JSON.stringify(outcome)}`;
  }
  if (outcome.kind === "rows" && outcome.n === 0) return null;
  if (outcome.kind === "denied" && outcome.code === "42501") return null;
  return `expected denial (0 rows or 42501), got ${JSON.stringify(outcome)}`;
}

beforeAll(async () => {
  pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 3 });
  A = await seedTenant({ roles: ["OWNER", "ADMIN", "MEMBER", "VIEWER"] });
  B = await seedTenant({ roles: ["OWNER", "MEMBER"] });
  support = await createUser({ globalRole: "SUPPORT" });
  supportGrant = await createUser({ globalRole: "SUPPORT" });
  suspended = await createUser({ globalRole: "SUSPENDED" });
  spare = await createUser();
  const db = ownerDb();
  await db.organizationMember.createMany({
    data: [
      { organizationId: A.org.id, userId: support.id, role: "ADMIN", acceptedAt: new Date() },
      { organizationId: A.org.id, userId: suspended.id, role: "OWNER", acceptedAt: new Date() },
    ],
  });
  await db.supportAccess.create({
    data: {
      organizationId: A.org.id,
      userId: supportGrant.id,
      reason: "matrix: support grant in A",
      expiresAt: new Date(Date.now() + 30 * 60_000),
    },
  });
  for (const t of [A, B]) {
    const contact = await db.contact.create({ data: { organizationId: t.org.id, name: "Seed contact" } });
    const deal = await db.deal.create({
      data: { organizationId: t.org.id, contactId: contact.id, title: "Seed deal" },
    });
    await db.dealNote.create({ data: { organizationId: t.org.id, dealId: deal.id, body: "Seed note" } });
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
    // one entry the team reads, one for owners and admins only
    await db.auditLog.create({
      data: {
        organizationId: t.org.id,
        action: "contact.created",
        entityType: "contact",
        entityId: contact.id,
      },
    });
    await db.auditLog.create({
      data: { organizationId: t.org.id, action: "contact.deleted", entityType: "contact" },
    });
    await db.contactEntry.create({
      data: {
        organizationId: t.org.id,
        contactId: contact.id,
        kind: "CALL",
        body: "Seed call",
        createdBy: t.users.OWNER!.id,
      },
    });
    await db.contactReminder.create({
      data: {
        organizationId: t.org.id,
        contactId: contact.id,
        title: "Seed reminder",
        dueAt: new Date(),
        createdBy: t.users.OWNER!.id,
      },
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
    await db.loopParticipant.create({
      data: { organizationId: t.org.id, loopId: loop.id, role: "BUYER", contactId: contact.id },
    });
    await db.loopKeyDate.create({
      data: { organizationId: t.org.id, loopId: loop.id, kind: "INSPECTION", date: new Date("2027-04-01") },
    });
    await db.loopDocumentSlot.create({
      data: { organizationId: t.org.id, loopId: loop.id, title: "Purchase agreement" },
    });
    const member = t.users.MEMBER!;
    await db.notification.create({
      data: {
        organizationId: t.org.id,
        userId: member.id,
        kind: "REVIEW_REQUESTED",
        title: "Seed notification",
      },
    });
    await db.notificationPreference.create({ data: { organizationId: t.org.id, userId: member.id } });
    await db.contactImportMapping.create({
      data: { organizationId: t.org.id, headerKey: hex64(), headers: ["Name"], fields: ["name"] },
    });
    const tag = await db.tag.create({ data: { organizationId: t.org.id, name: "Seed tag" } });
    const spareTag = await db.tag.create({ data: { organizationId: t.org.id, name: "Spare tag" } });
    await db.contactTag.create({ data: { organizationId: t.org.id, contactId: contact.id, tagId: tag.id } });
    const twin = await db.contact.create({ data: { organizationId: t.org.id, name: "Seed contact" } });
    const spareContact = await db.contact.create({
      data: { organizationId: t.org.id, name: "Spare contact" },
    });
    const [first, second] = [contact.id, twin.id].sort() as [string, string];
    await db.contactDuplicateDismissal.create({
      data: { organizationId: t.org.id, contactA: first, contactB: second },
    });
    await db.savedView.create({
      data: { organizationId: t.org.id, createdBy: t.users.OWNER!.id, name: "Shared", shared: true },
    });
    await db.savedView.create({ data: { organizationId: t.org.id, createdBy: member.id, name: "Private" } });
    if (t === A) {
      rowsA.contacts = contact.id;
      rowsA.deals = deal.id;
      rowsA.spareTag = spareTag.id;
      rowsA.spareContact = spareContact.id;
      rowsA.transaction_loops = loop.id;
      rowsA.checklist_templates = (
        await db.checklistTemplate.findFirstOrThrow({
          where: { organizationId: t.org.id, transactionType: "PURCHASE" },
        })
      ).id;
      await db.checklistTemplate.deleteMany({
        where: { organizationId: t.org.id, transactionType: "LEASE" },
      });
    }
  }
});

afterAll(async () => {
  await pool.end();
});

describe("RLS matrix", () => {
  for (const path of ["browser", "app"] as const) {
    const name =
      path === "browser"
        ? "the browser's role (authenticated/anon, as the Data API uses it) reads what each may read and writes nothing"
        : "the app's role (hearth_app, through withTenantContext) does exactly what the permission table allows";
    it(
      name,
      async () => {
        const problems: string[] = [];
        let attempts = 0;
        let allowedWrites = 0;
        for (const spec of specs()) {
          for (const op of OPS) {
            for (const actor of ACTORS) {
              if (path === "app" && actor === "anon") continue; // the app never runs queries as anon
              const outcome =
                path === "app" ? await viaAppRole(spec, op, actor) : await viaBrowserRole(spec, op, actor);
              const want = expected(spec, op, actor, path);
              const problem = check(outcome, want);
              if (problem) problems.push(`${spec.table} ${op} as ${actor}: ${problem}`);
              if (op !== "select" && want === true) allowedWrites++;
              attempts++;
            }
          }
        }
        expect(problems).toEqual([]);
        expect(attempts).toBeGreaterThanOrEqual(18 * 4 * 7);
        // The matrix is not vacuous: the app role really writes, the browser really doesn't.
        if (path === "app") expect(allowedWrites).toBeGreaterThan(20);
        else expect(allowedWrites).toBe(0);
      },
      180_000,
    );
  }

  it("gives anon no grants at all on public tables, and the browser's role nothing but SELECT", async () => {
    const { rows } = await pool.query(
      `select grantee, table_name, privilege_type from information_schema.role_table_grants
        where table_schema = 'public' and (grantee = 'anon' or (grantee = 'authenticated' and privilege_type <> 'SELECT'))
       union all
       select grantee, table_name, privilege_type from information_schema.column_privileges
        where table_schema = 'public' and grantee in ('anon', 'authenticated') and privilege_type <> 'SELECT'`,
    );
    expect(rows).toEqual([]);
  });

  it("the Data API's login role can't become the app's role", async () => {
    const { rows } = await pool.query(
      `select pg_has_role('authenticator', 'hearth_app', 'MEMBER') as authenticator,
              pg_has_role('authenticated', 'hearth_app', 'MEMBER') as authenticated,
              pg_has_role('anon', 'hearth_app', 'MEMBER') as anon`,
    );
    expect(rows[0]).toEqual({ authenticator: false, authenticated: false, anon: false });
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
      "loop_participants",
      "loop_key_dates",
      "loop_document_slots",
      "checklist_templates",
      "checklist_template_items",
      "notifications",
      "notification_preferences",
      "contact_import_mappings",
      "tags",
      "contact_tags",
      "saved_views",
      "contact_duplicate_dismissals",
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
