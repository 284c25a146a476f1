// Test data factories with random ids, written as the database owner (outside RLS) so tests don't depend
// on each other. seedTenant() returns an organization with one user per requested role.
import { randomBytes, randomUUID } from "node:crypto";
import { createPool, createPrismaClient, type Db } from "@/lib/database/client";
import type { GlobalRole, OrgRole, SubscriptionTier } from "@/lib/database/generated/prisma/enums";
import type { CurrentUser } from "@/lib/auth/current-user";

let db: Db | undefined;
/** A superuser Prisma client for arranging and inspecting test data. */
export function ownerDb(): Db {
  db ??= createPrismaClient(
    createPool({
      connectionString: process.env.DATABASE_URL!,
      max: 4,
      connectionTimeoutMillis: 10_000,
      idleTimeoutMillis: 5_000,
    }),
  );
  return db;
}

export const uid = () => randomUUID();
export const suffix = () => randomBytes(4).toString("hex");

export interface TestUser {
  id: string;
  email: string;
  name: string;
  globalRole: GlobalRole;
}

export async function createUser(overrides: Partial<TestUser> = {}): Promise<TestUser> {
  const id = overrides.id ?? uid();
  const user = {
    id,
    email: overrides.email ?? `u-${suffix()}@example.test`,
    name: overrides.name ?? `User ${id.slice(0, 6)}`,
    globalRole: overrides.globalRole ?? "USER",
  };
  await ownerDb().user.create({ data: user });
  return user;
}

export interface TestTenant {
  org: { id: string; slug: string; name: string };
  users: Partial<Record<OrgRole, TestUser>>;
  members: Partial<Record<OrgRole, string>>; // membership ids
}

export async function seedTenant(
  opts: { tier?: SubscriptionTier; roles?: OrgRole[] } = {},
): Promise<TestTenant> {
  const slug = `t-${suffix()}`;
  const org = await ownerDb().organization.create({
    data: { name: `Org ${slug}`, slug },
    select: { id: true, slug: true, name: true },
  });
  await ownerDb().subscription.create({
    data: { organizationId: org.id, tier: opts.tier ?? "GROWTH", status: "ACTIVE" },
  });
  const users: TestTenant["users"] = {};
  const members: TestTenant["members"] = {};
  for (const role of opts.roles ?? ["OWNER"]) {
    const user = await createUser();
    const m = await ownerDb().organizationMember.create({
      data: { organizationId: org.id, userId: user.id, role, acceptedAt: new Date() },
      select: { id: true },
    });
    users[role] = user;
    members[role] = m.id;
  }
  return { org, users, members };
}

export async function addMember(tenant: TestTenant, user: TestUser, role: OrgRole, accepted = true) {
  return ownerDb().organizationMember.create({
    data: { organizationId: tenant.org.id, userId: user.id, role, acceptedAt: accepted ? new Date() : null },
    select: { id: true },
  });
}

/** A CurrentUser as getCurrentUser() would return it, for calling services and authorizeUser directly. */
export function asCurrentUser(user: TestUser, claims: Record<string, unknown> = {}): CurrentUser {
  const sessionId = uid();
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    avatarUrl: null,
    globalRole: user.globalRole,
    sessionId,
    claims: { sub: user.id, email: user.email, role: "authenticated", session_id: sessionId, ...claims },
  };
}
