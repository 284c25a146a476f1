// Support staff's read-only way in (decision 0027): an audited, time-limited grant that the read policies accept.
// Attacks: support can't write through the app's checks, through the app's role in Postgres, or through the
// browser's role (the Data API); a grant for A gives nothing in B; an expired grant gives nothing; only global role
// SUPPORT can create a grant; the entry is in A's audit log and its owner reads it.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authorizeUser } from "@/lib/auth/authorize";
import { listAuditLog } from "@/lib/modules/activity/queries/feed";
import { createContact } from "@/lib/modules/crm/services/contacts";
import { openSupportAccess, searchOrganizationsForSupport } from "@/lib/modules/support";
import { asApp, asBrowserRolledBack } from "../support/as-app";
import {
  asCurrentUser,
  createUser,
  ownerDb,
  seedTenant,
  type TestTenant,
  type TestUser,
} from "../support/factories";

let A: TestTenant;
let B: TestTenant;
let C: TestTenant;
let support: TestUser;
let pool: pg.Pool;

/** What the Data API would do with the user's JWT. */
const asBrowser = (user: TestUser, sql: string, params: unknown[] = []) =>
  asBrowserRolledBack(pool, user, sql, params);

const contactCount = async (user: TestUser, t: TestTenant) => {
  const r = await asBrowser(
    user,
    "select count(*)::int as n from public.contacts where organization_id = $1",
    [t.org.id],
  );
  return r.ok ? r.rows[0]!.n : -1;
};

const reason = "#4512: the contacts import fails for this team";

beforeAll(async () => {
  pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
  [A, B, C] = await Promise.all([
    seedTenant({ roles: ["OWNER", "MEMBER"] }),
    seedTenant({ roles: ["OWNER"] }),
    seedTenant({ roles: ["OWNER"] }),
  ]);
  support = await createUser({ globalRole: "SUPPORT" });
  for (const t of [A, B, C]) {
    await ownerDb().contact.create({ data: { organizationId: t.org.id, name: `Seed of ${t.org.slug}` } });
  }
}, 60_000);

afterAll(async () => {
  await pool.end();
});

describe("support access", () => {
  it("support without a grant finds organizations by name but reads nothing inside", async () => {
    const found = await searchOrganizationsForSupport(asCurrentUser(support), A.org.slug);
    expect(found.map((o) => o.id)).toEqual([A.org.id]);
    expect(found[0]!.openUntil).toBeNull();
    await expect(
      authorizeUser(asCurrentUser(support), { organization: A.org.slug, permission: "contacts:read" }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await contactCount(support, A)).toBe(0);
    // and someone who isn't support can't list organizations at all
    await expect(searchOrganizationsForSupport(asCurrentUser(A.users.OWNER!), "")).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
  });

  it("a user who isn't support can't create a grant — not through the service, the function or the table", async () => {
    const owner = A.users.OWNER!;
    await expect(
      openSupportAccess(asCurrentUser(owner), { organizationId: B.org.id, reason }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    // the service's own check out of the way: the database function refuses too
    const forged = await asApp(owner, B, "select * from private.open_support_access($1::uuid, $2, 60)", [
      B.org.id,
      reason,
    ]);
    expect(forged).toMatchObject({ ok: false, code: "42501" });
    const direct = await asApp(
      owner,
      B,
      "insert into public.support_access (organization_id, user_id, reason, expires_at) values ($1, $2, $3, now() + interval '30 minutes')",
      [B.org.id, owner.id, reason],
    );
    expect(direct).toMatchObject({ ok: false, code: "42501" });
    // not even support staff write the table directly (only the audited function does)
    const bySupport = await asApp(
      support,
      B,
      "insert into public.support_access (organization_id, user_id, reason, expires_at) values ($1, $2, $3, now() + interval '30 minutes')",
      [B.org.id, support.id, reason],
    );
    expect(bySupport).toMatchObject({ ok: false, code: "42501" });
    const browser = await asBrowser(
      support,
      "insert into public.support_access (organization_id, user_id, reason, expires_at) values ($1, $2, $3, now() + interval '30 minutes')",
      [B.org.id, support.id, reason],
    );
    expect(browser).toMatchObject({ ok: false, code: "42501" });
    expect(await ownerDb().supportAccess.count({ where: { organizationId: B.org.id } })).toBe(0);
  });

  it("opening needs a reason", async () => {
    await expect(
      openSupportAccess(asCurrentUser(support), { organizationId: A.org.id, reason: "because" }),
    ).rejects.toThrow();
    expect(await ownerDb().supportAccess.count({ where: { organizationId: A.org.id } })).toBe(0);
  });

  it("support opens A with a reason: the entry is in A's audit log, its owner reads it, and support reads A", async () => {
    const grant = await openSupportAccess(asCurrentUser(support), { organizationId: A.org.id, reason });
    expect(grant.slug).toBe(A.org.slug);
    const minutes = (grant.expiresAt.getTime() - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(58);
    expect(minutes).toBeLessThanOrEqual(60);

    const ownerCtx = await authorizeUser(asCurrentUser(A.users.OWNER!), {
      organization: A.org.slug,
      permission: "audit:read",
    });
    const { entries } = await listAuditLog(ownerCtx, {});
    const entry = entries.find((e) => e.action === "support.opened");
    expect(entry).toMatchObject({
      actorId: support.id,
      entityType: "organization",
      newValues: { reason, supportEmail: support.email },
    });
    // a member (not an admin) doesn't read it: it's for the owners and admins
    const memberCtx = await authorizeUser(asCurrentUser(A.users.MEMBER!), {
      organization: A.org.slug,
      permission: "activity:read",
    });
    const memberView = await listAuditLog(memberCtx, {}).catch(() => ({ entries: [] }));
    expect(memberView.entries.some((e) => e.action === "support.opened")).toBe(false);

    const ctx = await authorizeUser(asCurrentUser(support), {
      organization: A.org.slug,
      permission: "contacts:read",
    });
    expect(ctx.support?.grantId).toBe(grant.id);
    expect(await contactCount(support, A)).toBe(1);
    // the audit log too (what an admin reads)
    await authorizeUser(asCurrentUser(support), { organization: A.org.slug, permission: "audit:read" });
  });

  it("inside A, every write is refused by the app and by Postgres (the app's role and the browser's)", async () => {
    const me = asCurrentUser(support);
    await expect(
      authorizeUser(me, { organization: A.org.slug, permission: "contacts:write" }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    // the refusal is itself audited in A (support may write nothing else there)
    const denied = await ownerDb().auditLog.findFirst({
      where: { organizationId: A.org.id, userId: support.id, action: "authz.denied" },
    });
    expect(denied).not.toBeNull();

    // the app's checks out of the way: a context claiming write access still hits the policies
    const readCtx = await authorizeUser(me, { organization: A.org.slug, permission: "contacts:read" });
    await expect(
      createContact(readCtx, { organization: A.org.slug, name: "Written by support" }),
    ).rejects.toThrow();
    for (const sql of [
      "insert into public.contacts (organization_id, name) values ($1, 'x')",
      "update public.contacts set name = 'x' where organization_id = $1",
      "delete from public.contacts where organization_id = $1",
      "update public.organizations set name = 'x' where id = $1",
    ]) {
      const app = await asApp(support, A, sql, [A.org.id]);
      expect(app.ok ? app.rows : app.code, `${sql} as hearth_app`).toSatisfy((v) => v === 0 || v === "42501");
      const browser = await asBrowser(support, sql, [A.org.id]);
      expect(browser.ok ? browser.rowCount : browser.code, `${sql} as authenticated`).toSatisfy(
        (v) => v === 0 || v === "42501",
      );
    }
    // the audit function takes nothing but the two kinds of entry that describe support staff
    const forged = await asApp(
      support,
      A,
      `select private.append_audit_many($1::uuid, '[{"action":"contact.created","entityType":"contact"}]'::jsonb)`,
      [A.org.id],
    );
    expect(forged).toMatchObject({ ok: false, code: "42501" });
    expect(await ownerDb().contact.count({ where: { organizationId: A.org.id } })).toBe(1);
  });

  it("a grant for A gives nothing in B", async () => {
    await expect(
      authorizeUser(asCurrentUser(support), { organization: B.org.slug, permission: "contacts:read" }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await contactCount(support, B)).toBe(0);
    const inB = await asBrowser(
      support,
      "select count(*)::int as n from public.contacts where organization_id <> $1",
      [A.org.id],
    );
    expect(inB.ok && inB.rows[0]!.n).toBe(0);
  });

  it("an expired grant gives nothing", async () => {
    const created = new Date(Date.now() - 2 * 3_600_000);
    await ownerDb().supportAccess.create({
      data: {
        organizationId: C.org.id,
        userId: support.id,
        reason,
        createdAt: created,
        expiresAt: new Date(created.getTime() + 3_600_000),
      },
    });
    await expect(
      authorizeUser(asCurrentUser(support), { organization: C.org.slug, permission: "contacts:read" }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await contactCount(support, C)).toBe(0);
  });

  it("a grant gives nothing to a user who is no longer support staff", async () => {
    const former = await createUser({ globalRole: "SUPPORT" });
    await openSupportAccess(asCurrentUser(former), { organizationId: B.org.id, reason });
    expect(await contactCount(former, B)).toBe(1);
    await ownerDb().user.update({ where: { id: former.id }, data: { globalRole: "USER" } });
    expect(await contactCount(former, B)).toBe(0);
  });
});
