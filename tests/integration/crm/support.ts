// Helpers for the CRM integration tests: contexts through the real authorizeUser(), bulk seeding with SQL, a
// Prisma client that records every statement it sends, and a body stream built from text or bytes.
import { PrismaPg } from "@prisma/adapter-pg";
import { authorizeUser, type AuthContext } from "@/lib/auth/authorize";
import type { Permission } from "@/lib/auth/permissions";
import { createPool, type Db } from "@/lib/database/client";
import { PrismaClient } from "@/lib/database/generated/prisma/client";
import type { OrgRole, SubscriptionTier } from "@/lib/database/generated/prisma/enums";
import type { AppError } from "@/lib/errors";
import { asCurrentUser, ownerDb, seedTenant, type TestTenant, type TestUser } from "../../support/factories";

export const crmCtx = (
  user: TestUser,
  org: string,
  permission: Permission = "contacts:write",
): Promise<AuthContext> => authorizeUser(asCurrentUser(user), { organization: org, permission });

/** A tenant with the given roles and a context per role (read permission for everyone, write where allowed). */
export async function crmTenant(opts: { tier?: SubscriptionTier; roles?: OrgRole[] } = {}) {
  const t = await seedTenant({
    tier: opts.tier ?? "GROWTH",
    roles: opts.roles ?? ["OWNER", "ADMIN", "MEMBER", "VIEWER"],
  });
  return t;
}

export async function ctxOf(t: TestTenant, role: OrgRole, permission: Permission = "contacts:write") {
  return crmCtx(t.users[role]!, t.org.slug, permission);
}

/** The rejection of a promise that must fail. */
export async function fails(p: Promise<unknown>): Promise<AppError> {
  return p.then(
    () => {
      throw new Error("expected a failure");
    },
    (e: AppError) => e,
  );
}

/**
 * Inserts n contacts into an organization as the database owner (fast: one statement). Rows get distinct
 * names/emails with a prefix, spread-out created_at, and optionally an assignee, status cycle and follow-ups.
 */
export async function seedContacts(
  orgId: string,
  n: number,
  opts: { prefix?: string; assignedTo?: string | null; followUps?: boolean; createdBy?: string | null } = {},
): Promise<void> {
  const prefix = opts.prefix ?? "seed";
  await ownerDb().$executeRawUnsafe(
    `insert into public.contacts (organization_id, name, email, phone, company, status, assigned_to, next_follow_up, created_by, created_at)
     select $1::uuid,
            $2 || ' contact ' || lpad(g::text, 6, '0'),
            lower($2) || '-' || g || '@seed.example',
            '+1 555 ' || lpad((g % 10000)::text, 4, '0'),
            'Company ' || (g % 97),
            (array['LEAD','PROSPECT','ACTIVE','CLIENT','PAST_CLIENT','LOST']::public.contact_status[])[1 + g % 6],
            $3::uuid,
            case when $4 and g % 3 = 0 then now() + ((g % 20) - 5) * interval '1 day' else null end,
            $5::uuid,
            now() - g * interval '1 minute'
       from generate_series(1, $6::int) g`,
    orgId,
    prefix,
    opts.assignedTo ?? null,
    opts.followUps ?? false,
    opts.createdBy ?? null,
    n,
  );
}

/** Adds `perContact` deals to each contact of the organization. */
export async function seedDeals(
  orgId: string,
  perContact: number,
  assignedTo: string | null = null,
): Promise<void> {
  await ownerDb().$executeRawUnsafe(
    `insert into public.deals (organization_id, contact_id, title, value, stage, assigned_to)
     select c.organization_id, c.id, 'Deal ' || g || ' for ' || c.name, (1000 * g)::numeric,
            (enum_range(null::public.deal_stage))[1 + (g % 7)], $3::uuid
       from public.contacts c cross join generate_series(1, $2::int) g
      where c.organization_id = $1::uuid`,
    orgId,
    perContact,
    assignedTo,
  );
}

/** A Prisma client that records every statement it sends (including set_config, SET ROLE, COMMIT). */
export function countingDb() {
  const pool = createPool({
    connectionString: process.env.DATABASE_URL!,
    max: 6,
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 5_000,
  });
  const client = new PrismaClient({ adapter: new PrismaPg(pool), log: [{ emit: "event", level: "query" }] });
  const queries: string[] = [];
  client.$on("query", (e) => queries.push(e.query));
  return {
    db: client as unknown as Db,
    queries,
    /** Runs fn and returns the statements it sent. */
    async count<T>(fn: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
      queries.length = 0;
      const result = await fn();
      return { result, statements: [...queries] };
    },
    close: async () => {
      await client.$disconnect();
      await pool.end();
    },
  };
}

export function streamOf(...parts: Array<string | Uint8Array>): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const p of parts) controller.enqueue(typeof p === "string" ? enc.encode(p) : p);
      controller.close();
    },
  });
}

/** A body that delivers some bytes and then fails, as an upload cut off by a dropped connection does. */
export function interruptedStream(first: string): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  let sent = false;
  return new ReadableStream({
    pull(controller) {
      if (!sent) {
        sent = true;
        controller.enqueue(enc.encode(first));
      } else controller.error(new Error("socket hang up"));
    },
  });
}
