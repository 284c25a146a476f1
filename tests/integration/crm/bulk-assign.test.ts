// Bulk assign: all-or-nothing, organization checked first (one foreign id changes nothing and is NOT_FOUND),
// the assignee must be an accepted member, one grouped audit entry for the batch (naming the assignee and the
// contacts, read by the team in the feed and on each contact's page), 10,000 contacts at once, and the "all
// matching this filter" selection resolved on the server.
import { describe, expect, it } from "vitest";
import { bulkAssignContacts } from "@/lib/modules/crm/services/bulk-assign";
import { createContact } from "@/lib/modules/crm/services/contacts";
import { BULK_ASSIGN_MAX } from "@/lib/modules/crm/schemas";
import { getContactTimeline } from "@/lib/modules/crm/queries/timeline";
import { listActivity, listAuditLog } from "@/lib/modules/activity/queries/feed";
import { describeEntry } from "@/components/activity/wording";
import { createUser, ownerDb, suffix } from "../../support/factories";
import { crmTenant, ctxOf, fails, seedContacts } from "./support";

const contactIds = async (orgId: string) =>
  (
    await ownerDb().contact.findMany({
      where: { organizationId: orgId },
      select: { id: true },
      orderBy: { createdAt: "desc" },
    })
  ).map((c) => c.id);

describe("bulk assign", () => {
  it("assigns the selected contacts, bumps their versions and writes one grouped entry naming assignee and contacts", async () => {
    const t = await crmTenant({ roles: ["OWNER", "ADMIN", "MEMBER"] });
    const prefix = `B${suffix()}`;
    await seedContacts(t.org.id, 5, { prefix });
    const [a, b, untouched, c, d] = await contactIds(t.org.id);
    const ctx = await ctxOf(t, "ADMIN", "contacts:bulk");
    const res = await bulkAssignContacts(ctx, {
      organization: t.org.slug,
      assigneeId: t.users.MEMBER!.id,
      selection: { kind: "ids", ids: [a!, b!, a!] },
    });
    expect(res).toEqual({ count: 2 });
    const rows = await ownerDb().contact.findMany({
      where: { id: { in: [a!, b!, untouched!] } },
      select: { id: true, assignedTo: true, version: true },
    });
    expect(rows.find((r) => r.id === a)).toMatchObject({ assignedTo: t.users.MEMBER!.id, version: 2 });
    expect(rows.find((r) => r.id === b)).toMatchObject({ assignedTo: t.users.MEMBER!.id, version: 2 });
    expect(rows.find((r) => r.id === untouched)).toMatchObject({ assignedTo: null, version: 1 });
    const entries = await ownerDb().auditLog.findMany({
      where: { organizationId: t.org.id, action: { in: ["contact.assigned", "contact.bulk_assigned"] } },
    });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      userId: t.users.ADMIN!.id,
      action: "contact.bulk_assigned",
      entityType: "contact_assignment",
      audience: "team",
      oldValues: { previous: [{ assignedTo: null, contactIds: [a, b].sort() }] },
      newValues: { assignedTo: t.users.MEMBER!.id, count: 2, contactIds: [a, b].sort() },
    });

    // A bigger batch: one line in the feed and the audit log, naming the assignee, the first few contacts and
    // how many more — read by a member too, and on each contact's own page.
    await bulkAssignContacts(ctx, {
      organization: t.org.slug,
      assigneeId: t.users.OWNER!.id,
      selection: { kind: "ids", ids: [a!, b!, untouched!, c!, d!] },
    });
    const sentence = (e: Parameters<typeof describeEntry>[0]) => {
      const w = describeEntry(e);
      return `${e.actor?.name ?? e.actor?.email} ${w.action} ${w.label}${w.detail}`;
    };
    const owner = t.users.OWNER!;
    const expected = `${t.users.ADMIN!.name ?? t.users.ADMIN!.email} assigned 5 contacts to ${owner.name ?? owner.email}: ${prefix} contact 000001, ${prefix} contact 000002, ${prefix} contact 000003 and 2 more`;
    const memberCtx = await ctxOf(t, "MEMBER", "activity:read");
    const feed = await listActivity(memberCtx, { limit: 10 });
    expect(feed.filter((e) => e.action === "contact.bulk_assigned").map(sentence)).toEqual([
      expected,
      expect.stringContaining("assigned 2 contacts to"),
    ]);
    const ownerCtx = await ctxOf(t, "OWNER", "audit:read");
    const log = await listAuditLog(ownerCtx, { action: "contact." });
    expect(log.entries.map(sentence)[0]).toBe(expected);
    const changesOf = async (id: string) =>
      (
        await getContactTimeline(await ctxOf(t, "MEMBER", "contacts:read"), id, { kinds: ["change"] })
      ).items.map((x) => (x.kind === "change" ? (x.newValues as { count: number }).count : null));
    expect(await changesOf(a!)).toEqual([5, 2]);
    expect(await changesOf(d!)).toEqual([5]);

    // Unassigning works the same way.
    await expect(
      bulkAssignContacts(ctx, {
        organization: t.org.slug,
        assigneeId: null,
        selection: { kind: "ids", ids: [a!] },
      }),
    ).resolves.toEqual({ count: 1 });
    expect((await ownerDb().contact.findUniqueOrThrow({ where: { id: a! } })).assignedTo).toBeNull();
  });

  it("changes nothing and reports NOT_FOUND when one id belongs to another organization (or doesn't exist)", async () => {
    const t = await crmTenant({ roles: ["OWNER"] });
    const other = await crmTenant({ roles: ["OWNER"] });
    await seedContacts(t.org.id, 3, { prefix: `Mine${suffix()}` });
    const foreign = await createContact(await ctxOf(other, "OWNER"), {
      organization: other.org.slug,
      name: "Foreign",
    });
    const mine = await contactIds(t.org.id);
    const ctx = await ctxOf(t, "OWNER", "contacts:bulk");
    const err = await fails(
      bulkAssignContacts(ctx, {
        organization: t.org.slug,
        assigneeId: t.users.OWNER!.id,
        selection: { kind: "ids", ids: [...mine, foreign.id] },
      }),
    );
    expect(err).toMatchObject({ code: "NOT_FOUND", details: { missing: 1 } });
    expect(err.message).toMatch(/Nothing was changed/);
    expect(
      await ownerDb().contact.count({ where: { organizationId: t.org.id, assignedTo: { not: null } } }),
    ).toBe(0);
    expect(await ownerDb().contact.findUniqueOrThrow({ where: { id: foreign.id } })).toMatchObject({
      assignedTo: null,
      version: 1,
    });
    expect(
      await ownerDb().auditLog.count({
        where: { organizationId: t.org.id, action: "contact.bulk_assigned" },
      }),
    ).toBe(0);

    const deleted = "00000000-0000-4000-8000-000000000000";
    expect(
      await fails(
        bulkAssignContacts(ctx, {
          organization: t.org.slug,
          assigneeId: null,
          selection: { kind: "ids", ids: [mine[0]!, deleted] },
        }),
      ),
    ).toMatchObject({
      code: "NOT_FOUND",
    });
  });

  it("refuses an assignee who isn't an accepted member of the organization", async () => {
    const t = await crmTenant({ roles: ["OWNER"] });
    const other = await crmTenant({ roles: ["OWNER"] });
    await seedContacts(t.org.id, 2, { prefix: `A${suffix()}` });
    const ids = await contactIds(t.org.id);
    const ctx = await ctxOf(t, "OWNER", "contacts:bulk");
    for (const assigneeId of [other.users.OWNER!.id, (await createUser()).id]) {
      expect(
        await fails(
          bulkAssignContacts(ctx, { organization: t.org.slug, assigneeId, selection: { kind: "ids", ids } }),
        ),
      ).toMatchObject({
        code: "VALIDATION",
        fieldErrors: { assigneeId: [expect.any(String)] },
      });
    }
    expect(
      await ownerDb().contact.count({ where: { organizationId: t.org.id, assignedTo: { not: null } } }),
    ).toBe(0);
  });

  it("needs contacts:bulk (admin or owner); the tier and role layers refuse the rest", async () => {
    const t = await crmTenant({ roles: ["OWNER", "MEMBER", "VIEWER"] });
    expect(await fails(ctxOf(t, "MEMBER", "contacts:bulk"))).toMatchObject({
      code: "FORBIDDEN",
      details: { layer: "org_role" },
    });
    expect(await fails(ctxOf(t, "VIEWER", "contacts:bulk"))).toMatchObject({
      code: "FORBIDDEN",
      details: { layer: "org_role" },
    });
    const free = await crmTenant({ tier: "FREE", roles: ["OWNER"] });
    expect(await fails(ctxOf(free, "OWNER", "contacts:bulk"))).toMatchObject({ code: "UPGRADE_REQUIRED" });
  });

  it(`assigns ${BULK_ASSIGN_MAX.toLocaleString("en-US")} contacts in one transaction`, async () => {
    const t = await crmTenant({ roles: ["OWNER", "MEMBER"] });
    await seedContacts(t.org.id, BULK_ASSIGN_MAX, { prefix: `Big${suffix()}` });
    const ids = await contactIds(t.org.id);
    expect(ids).toHaveLength(BULK_ASSIGN_MAX);
    const ctx = await ctxOf(t, "OWNER", "contacts:bulk");
    const started = Date.now();
    const res = await bulkAssignContacts(ctx, {
      organization: t.org.slug,
      assigneeId: t.users.MEMBER!.id,
      selection: { kind: "ids", ids },
    });
    console.info(`[bulk assign] ${ids.length} contacts in ${Date.now() - started} ms`);
    expect(res).toEqual({ count: BULK_ASSIGN_MAX });
    expect(
      await ownerDb().contact.count({
        where: { organizationId: t.org.id, assignedTo: t.users.MEMBER!.id, version: 2 },
      }),
    ).toBe(BULK_ASSIGN_MAX);
    const [entry] = await ownerDb().auditLog.findMany({
      where: { organizationId: t.org.id, action: "contact.bulk_assigned" },
    });
    expect((entry!.newValues as { contactIds: string[] }).contactIds).toHaveLength(BULK_ASSIGN_MAX);
    // One id over the limit is refused by the schema before anything runs.
    await expect(
      bulkAssignContacts(ctx, {
        organization: t.org.slug,
        assigneeId: null,
        selection: { kind: "ids", ids: [...ids, "00000000-0000-4000-8000-000000000001"] },
      }),
    ).rejects.toMatchObject({ name: "ZodError" });
  }, 120_000);

  it("assigns every contact matching a filter, resolved on the server, and refuses more than the limit", async () => {
    const t = await crmTenant({ roles: ["OWNER", "MEMBER"] });
    const tag = `Flt${suffix()}`;
    await seedContacts(t.org.id, 60, { prefix: tag });
    await seedContacts(t.org.id, 10, { prefix: `Other${suffix()}` });
    const ctx = await ctxOf(t, "OWNER", "contacts:bulk");
    const res = await bulkAssignContacts(ctx, {
      organization: t.org.slug,
      assigneeId: t.users.MEMBER!.id,
      selection: { kind: "filter", filter: { q: tag, status: "LEAD" } },
    });
    expect(res).toEqual({ count: 10 }); // every 6th seeded contact is a LEAD
    expect(
      await ownerDb().contact.count({ where: { organizationId: t.org.id, assignedTo: t.users.MEMBER!.id } }),
    ).toBe(10);
    await expect(
      bulkAssignContacts(ctx, {
        organization: t.org.slug,
        assigneeId: null,
        selection: { kind: "filter", filter: { q: "matches-nothing-at-all" } },
      }),
    ).resolves.toEqual({ count: 0 });

    await seedContacts(t.org.id, BULK_ASSIGN_MAX - 70 + 1, { prefix: `Fill${suffix()}` });
    const err = await fails(
      bulkAssignContacts(ctx, {
        organization: t.org.slug,
        assigneeId: t.users.OWNER!.id,
        selection: { kind: "filter", filter: {} },
      }),
    );
    expect(err).toMatchObject({ code: "VALIDATION", message: expect.stringContaining("Narrow the filter") });
    expect(
      await ownerDb().contact.count({ where: { organizationId: t.org.id, assignedTo: t.users.OWNER!.id } }),
    ).toBe(0);
  }, 120_000);
});
