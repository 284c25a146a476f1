// Contacts: create/edit/delete with their audit entries, duplicate emails, optimistic concurrency, the detail
// page's data, every authorization layer (tier, global role, org role), RLS as the second line of defence,
// and ids from another organization behaving as not found.
import { describe, expect, it } from "vitest";
import { authorizeUser } from "@/lib/auth/authorize";
import { listAssignees } from "@/lib/modules/organizations";
import { getContactDetail } from "@/lib/modules/crm/queries/contact-detail";
import { getContactTimeline } from "@/lib/modules/crm/queries/timeline";
import {
  createContact,
  deleteContact,
  DUPLICATE_EMAIL_MESSAGE,
  updateContact,
} from "@/lib/modules/crm/services/contacts";
import { createDeal } from "@/lib/modules/crm/services/deals";
import { asCurrentUser, createUser, ownerDb, seedTenant, suffix } from "../../support/factories";
import { crmCtx, crmTenant, ctxOf, fails } from "./support";

const audits = (orgId: string, entityId: string) =>
  ownerDb().auditLog.findMany({
    where: { organizationId: orgId, entityId },
    orderBy: { seq: "asc" },
  });

describe("creating contacts", () => {
  it("creates a contact with lower-cased email, its creator and an audit entry in the same transaction", async () => {
    const t = await crmTenant({ roles: ["OWNER", "MEMBER"] });
    const ctx = await ctxOf(t, "MEMBER");
    const email = `Jane.${suffix()}@Example.TEST`;
    const created = await createContact(ctx, {
      organization: t.org.slug,
      name: "  Jane Buyer ",
      email,
      phone: "+1 (555) 010-2000",
      status: "PROSPECT",
      assignedTo: t.users.OWNER!.id,
      nextFollowUp: "2030-01-15T09:30:00Z",
    });
    expect(created.version).toBe(1);
    const row = await ownerDb().contact.findUniqueOrThrow({ where: { id: created.id } });
    expect(row).toMatchObject({
      organizationId: t.org.id,
      name: "Jane Buyer",
      email: email.toLowerCase(),
      status: "PROSPECT",
      assignedTo: t.users.OWNER!.id,
      createdBy: t.users.MEMBER!.id,
      company: null,
    });
    expect(row.nextFollowUp?.toISOString()).toBe("2030-01-15T09:30:00.000Z");
    const [entry] = await audits(t.org.id, created.id);
    expect(entry).toMatchObject({
      action: "contact.created",
      entityType: "contact",
      userId: t.users.MEMBER!.id,
    });
    expect(entry!.newValues).toMatchObject({
      name: "Jane Buyer",
      email: email.toLowerCase(),
      assignedTo: t.users.OWNER!.id,
    });
  });

  it("refuses a duplicate email in the same organization with a field error, but allows it in another", async () => {
    const t = await crmTenant({ roles: ["OWNER"] });
    const other = await crmTenant({ roles: ["OWNER"] });
    const ctx = await ctxOf(t, "OWNER");
    const email = `dup-${suffix()}@example.test`;
    await createContact(ctx, { organization: t.org.slug, name: "First", email });
    const err = await fails(
      createContact(ctx, { organization: t.org.slug, name: "Second", email: email.toUpperCase() }),
    );
    expect(err).toMatchObject({
      code: "CONFLICT",
      message: DUPLICATE_EMAIL_MESSAGE,
      fieldErrors: { email: [DUPLICATE_EMAIL_MESSAGE] },
    });
    expect(await ownerDb().contact.count({ where: { organizationId: t.org.id } })).toBe(1);
    await expect(
      createContact(await ctxOf(other, "OWNER"), {
        organization: other.org.slug,
        name: "Same email elsewhere",
        email,
      }),
    ).resolves.toMatchObject({ version: 1 });
  });

  it("reports the duplicate email even when a teammate wins the race (the unique index decides)", async () => {
    const t = await crmTenant({ roles: ["OWNER", "MEMBER"] });
    const [a, b] = await Promise.all([ctxOf(t, "OWNER"), ctxOf(t, "MEMBER")]);
    const email = `race-${suffix()}@example.test`;
    const results = await Promise.allSettled([
      createContact(a, { organization: t.org.slug, name: "A", email }),
      createContact(b, { organization: t.org.slug, name: "B", email }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(rejected.reason).toMatchObject({
      code: "CONFLICT",
      fieldErrors: { email: [DUPLICATE_EMAIL_MESSAGE] },
    });
  });

  it("validates fields with the shared schema and refuses an assignee who isn't an accepted member", async () => {
    const t = await crmTenant({ roles: ["OWNER"] });
    const ctx = await ctxOf(t, "OWNER");
    await expect(
      createContact(ctx, { organization: t.org.slug, name: "", email: "not-an-email" }),
    ).rejects.toMatchObject({ name: "ZodError" });
    const outsider = await createUser();
    expect(
      await fails(createContact(ctx, { organization: t.org.slug, name: "X", assignedTo: outsider.id })),
    ).toMatchObject({
      code: "VALIDATION",
      fieldErrors: { assignedTo: [expect.stringContaining("member")] },
    });
    const invited = await createUser();
    await ownerDb().organizationMember.create({
      data: { organizationId: t.org.id, userId: invited.id, role: "MEMBER", acceptedAt: null },
    });
    expect(
      await fails(createContact(ctx, { organization: t.org.slug, name: "X", assignedTo: invited.id })),
    ).toMatchObject({ code: "VALIDATION" });
    expect(await ownerDb().contact.count({ where: { organizationId: t.org.id } })).toBe(0);
  });
});

describe("editing contacts (optimistic concurrency)", () => {
  it("saves with the current version, bumps it and audits only the changed fields", async () => {
    const t = await crmTenant({ roles: ["OWNER"] });
    const ctx = await ctxOf(t, "OWNER");
    const c = await createContact(ctx, {
      organization: t.org.slug,
      name: "Old Name",
      email: `e-${suffix()}@example.test`,
      company: "Acme",
    });
    const saved = await updateContact(ctx, {
      organization: t.org.slug,
      id: c.id,
      version: 1,
      name: "New Name",
      email: null,
      company: "Acme",
      status: "CLIENT",
    });
    expect(saved.version).toBe(2);
    const row = await ownerDb().contact.findUniqueOrThrow({ where: { id: c.id } });
    expect(row).toMatchObject({ name: "New Name", email: null, status: "CLIENT", version: 2 });
    const entries = await audits(t.org.id, c.id);
    expect(entries.map((e) => e.action)).toEqual(["contact.created", "contact.updated"]);
    expect(entries[1]!.oldValues).toMatchObject({ name: "Old Name", status: "LEAD" });
    expect(entries[1]!.newValues).toMatchObject({ name: "New Name", status: "CLIENT", email: null });
    expect(Object.keys(entries[1]!.newValues as object)).not.toContain("company");
  });

  it("reports a conflict for a stale form instead of overwriting a teammate's change", async () => {
    const t = await crmTenant({ roles: ["OWNER", "MEMBER"] });
    const [mine, theirs] = await Promise.all([ctxOf(t, "OWNER"), ctxOf(t, "MEMBER")]);
    const c = await createContact(mine, { organization: t.org.slug, name: "Shared Contact" });
    // Both open the form at version 1; the teammate saves first.
    await updateContact(theirs, {
      organization: t.org.slug,
      id: c.id,
      version: 1,
      name: "Teammate's edit",
      phone: "555 0100",
    });
    const err = await fails(
      updateContact(mine, { organization: t.org.slug, id: c.id, version: 1, name: "My stale edit" }),
    );
    expect(err).toMatchObject({ code: "CONFLICT", details: { reason: "stale_version", currentVersion: 2 } });
    expect(err.message).toMatch(/Someone else changed this contact.*Reload/);
    const row = await ownerDb().contact.findUniqueOrThrow({ where: { id: c.id } });
    expect(row).toMatchObject({ name: "Teammate's edit", phone: "555 0100", version: 2 });
    // After reloading (version 2) the save goes through.
    await expect(
      updateContact(mine, { organization: t.org.slug, id: c.id, version: 2, name: "My edit" }),
    ).resolves.toMatchObject({ version: 3 });
  });

  it("lets exactly one of two concurrent saves of the same version win", async () => {
    const t = await crmTenant({ roles: ["OWNER", "MEMBER"] });
    const [a, b] = await Promise.all([ctxOf(t, "OWNER"), ctxOf(t, "MEMBER")]);
    const c = await createContact(a, { organization: t.org.slug, name: "Race" });
    const results = await Promise.allSettled([
      updateContact(a, { organization: t.org.slug, id: c.id, version: 1, name: "From A" }),
      updateContact(b, { organization: t.org.slug, id: c.id, version: 1, name: "From B" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect((results.find((r) => r.status === "rejected") as PromiseRejectedResult).reason).toMatchObject({
      code: "CONFLICT",
    });
    expect((await ownerDb().contact.findUniqueOrThrow({ where: { id: c.id } })).version).toBe(2);
  });

  it("refuses changing the email to one another contact already has", async () => {
    const t = await crmTenant({ roles: ["OWNER"] });
    const ctx = await ctxOf(t, "OWNER");
    const email = `taken-${suffix()}@example.test`;
    await createContact(ctx, { organization: t.org.slug, name: "Has it", email });
    const c = await createContact(ctx, { organization: t.org.slug, name: "Wants it" });
    expect(
      await fails(
        updateContact(ctx, { organization: t.org.slug, id: c.id, version: 1, name: "Wants it", email }),
      ),
    ).toMatchObject({
      code: "CONFLICT",
      fieldErrors: { email: [DUPLICATE_EMAIL_MESSAGE] },
    });
    expect((await ownerDb().contact.findUniqueOrThrow({ where: { id: c.id } })).version).toBe(1);
  });
});

describe("deleting contacts", () => {
  it("deletes the contact and its deals (cascade) and records how many deals went with it", async () => {
    const t = await crmTenant({ roles: ["OWNER"] });
    const ctx = await ctxOf(t, "OWNER");
    const dealCtx = await ctxOf(t, "OWNER", "deals:write");
    const c = await createContact(ctx, { organization: t.org.slug, name: "Leaving" });
    await createDeal(dealCtx, { organization: t.org.slug, contactId: c.id, title: "One", value: 100 });
    await createDeal(dealCtx, { organization: t.org.slug, contactId: c.id, title: "Two", value: "200.50" });
    await expect(deleteContact(ctx, { organization: t.org.slug, id: c.id })).resolves.toMatchObject({
      deletedDeals: 2,
    });
    expect(await ownerDb().contact.count({ where: { id: c.id } })).toBe(0);
    expect(await ownerDb().deal.count({ where: { contactId: c.id } })).toBe(0);
    const last = (await audits(t.org.id, c.id)).at(-1)!;
    expect(last).toMatchObject({
      action: "contact.deleted",
      oldValues: { name: "Leaving", deletedDeals: 2 },
    });
    expect(await fails(deleteContact(ctx, { organization: t.org.slug, id: c.id }))).toMatchObject({
      code: "NOT_FOUND",
    });
  });
});

describe("another organization's contact", () => {
  it("behaves as not found for read, edit and delete, and stays untouched", async () => {
    const mine = await crmTenant({ roles: ["OWNER"] });
    const theirs = await crmTenant({ roles: ["OWNER"] });
    const theirCtx = await ctxOf(theirs, "OWNER");
    const foreign = await createContact(theirCtx, {
      organization: theirs.org.slug,
      name: "Not yours",
      email: `nf-${suffix()}@example.test`,
    });
    const ctx = await ctxOf(mine, "OWNER");
    expect(await getContactDetail(ctx, foreign.id)).toBeNull();
    expect(
      await fails(
        updateContact(ctx, { organization: mine.org.slug, id: foreign.id, version: 1, name: "Hijacked" }),
      ),
    ).toMatchObject({ code: "NOT_FOUND" });
    expect(await fails(deleteContact(ctx, { organization: mine.org.slug, id: foreign.id }))).toMatchObject({
      code: "NOT_FOUND",
    });
    expect(
      await fails(
        createDeal(await ctxOf(mine, "OWNER", "deals:write"), {
          organization: mine.org.slug,
          contactId: foreign.id,
          title: "Sneaky",
        }),
      ),
    ).toMatchObject({
      code: "NOT_FOUND",
    });
    expect(await ownerDb().contact.findUniqueOrThrow({ where: { id: foreign.id } })).toMatchObject({
      name: "Not yours",
      version: 1,
    });
    // The organization itself is "not found" for a non-member.
    expect(await fails(crmCtx(mine.users.OWNER!, theirs.org.slug))).toMatchObject({ code: "NOT_FOUND" });
  });

  it("is invisible to the tenant transaction even without the service's organization filter (RLS)", async () => {
    const mine = await crmTenant({ roles: ["OWNER"] });
    const theirs = await crmTenant({ roles: ["OWNER"] });
    const foreign = await createContact(await ctxOf(theirs, "OWNER"), {
      organization: theirs.org.slug,
      name: "Hidden",
    });
    const { withTenantContext } = await import("@/lib/database/tenant");
    const ctx = await ctxOf(mine, "OWNER");
    const seen = await withTenantContext(ctx, (tx) => tx.contact.findMany({ where: { id: foreign.id } }));
    expect(seen).toEqual([]);
    const changed = await withTenantContext(ctx, (tx) =>
      tx.contact.updateMany({ where: { id: foreign.id }, data: { name: "x" } }),
    );
    expect(changed.count).toBe(0);
  });
});

describe("authorization", () => {
  it("needs the Starter plan: Free is refused with UPGRADE_REQUIRED, Starter works", async () => {
    const free = await seedTenant({ tier: "FREE", roles: ["OWNER"] });
    expect(await fails(crmCtx(free.users.OWNER!, free.org.slug, "contacts:read"))).toMatchObject({
      code: "UPGRADE_REQUIRED",
      details: { layer: "tier", requiredTier: "STARTER" },
    });
    const starter = await seedTenant({ tier: "STARTER", roles: ["OWNER"] });
    const ctx = await crmCtx(starter.users.OWNER!, starter.org.slug);
    await expect(
      createContact(ctx, { organization: starter.org.slug, name: "On Starter" }),
    ).resolves.toMatchObject({ version: 1 });
  });

  it("lets a viewer read but not write; a member writes but can't bulk-assign or import", async () => {
    const t = await crmTenant({ roles: ["OWNER", "MEMBER", "VIEWER"] });
    await expect(ctxOf(t, "VIEWER", "contacts:read")).resolves.toMatchObject({ role: "VIEWER" });
    for (const permission of ["contacts:write", "deals:write", "contacts:bulk"] as const) {
      expect(await fails(ctxOf(t, "VIEWER", permission))).toMatchObject({
        code: "FORBIDDEN",
        details: { layer: "org_role" },
      });
    }
    await expect(ctxOf(t, "MEMBER", "contacts:write")).resolves.toMatchObject({ role: "MEMBER" });
    expect(await fails(ctxOf(t, "MEMBER", "contacts:bulk"))).toMatchObject({
      code: "FORBIDDEN",
      details: { layer: "org_role" },
    });
    await expect(ctxOf(t, "OWNER", "contacts:bulk")).resolves.toMatchObject({ role: "OWNER" });
    // Refusals are counted per member and hour; the log gets the first of each member's hour.
    const denials = await ownerDb().auditLog.findMany({
      where: { organizationId: t.org.id, action: "authz.denied" },
      select: { userId: true, newValues: true },
      orderBy: { seq: "asc" },
    });
    expect(denials).toEqual([
      {
        userId: t.users.VIEWER!.id,
        newValues: expect.objectContaining({ permission: "contacts:write", deniedThisHour: 1 }),
      },
      {
        userId: t.users.MEMBER!.id,
        newValues: expect.objectContaining({ permission: "contacts:bulk", deniedThisHour: 1 }),
      },
    ]);
  });

  it("refuses a read-only platform account (global role SUPPORT) and a suspended one", async () => {
    const t = await crmTenant({ roles: ["OWNER"] });
    const support = await createUser({ globalRole: "SUPPORT" });
    await ownerDb().organizationMember.create({
      data: { organizationId: t.org.id, userId: support.id, role: "ADMIN", acceptedAt: new Date() },
    });
    await expect(crmCtx(support, t.org.slug, "contacts:read")).resolves.toMatchObject({ role: "ADMIN" });
    expect(await fails(crmCtx(support, t.org.slug, "contacts:write"))).toMatchObject({
      code: "FORBIDDEN",
      details: { layer: "global_role" },
    });
    const suspended = await createUser({ globalRole: "SUSPENDED" });
    await ownerDb().organizationMember.create({
      data: { organizationId: t.org.id, userId: suspended.id, role: "OWNER", acceptedAt: new Date() },
    });
    // A suspended account is a member of nothing: even its OWNER membership doesn't find the organization.
    expect(
      await fails(
        authorizeUser(asCurrentUser(suspended), {
          organization: t.org.slug,
          permission: "contacts:read",
        }),
      ),
    ).toMatchObject({ code: "NOT_FOUND" });
  });

  it("RLS still refuses a viewer's write if a service were called without the right permission", async () => {
    const t = await crmTenant({ roles: ["OWNER", "VIEWER"] });
    const readCtx = await ctxOf(t, "VIEWER", "contacts:read");
    expect(
      await fails(createContact(readCtx, { organization: t.org.slug, name: "Should not exist" })),
    ).toMatchObject({ code: "FORBIDDEN" });
    expect(await ownerDb().contact.count({ where: { organizationId: t.org.id } })).toBe(0);
  });
});

describe("contact detail", () => {
  it("returns the contact with its deals and its activity with actor names", async () => {
    const t = await crmTenant({ roles: ["OWNER", "MEMBER"] });
    const owner = await ctxOf(t, "OWNER");
    const member = await ctxOf(t, "MEMBER");
    const c = await createContact(owner, {
      organization: t.org.slug,
      name: "Detailed",
      assignedTo: t.users.MEMBER!.id,
      nextFollowUp: new Date("2031-02-03T10:00:00Z"),
    });
    await updateContact(member, {
      organization: t.org.slug,
      id: c.id,
      version: 1,
      name: "Detailed Person",
      assignedTo: t.users.MEMBER!.id,
      nextFollowUp: new Date("2031-02-03T10:00:00Z"),
    });
    await createDeal(await ctxOf(t, "MEMBER", "deals:write"), {
      organization: t.org.slug,
      contactId: c.id,
      title: "Condo",
      value: "425000",
      stage: "OFFER",
      expectedClose: "2031-03-01",
    });
    const detail = (await getContactDetail(await ctxOf(t, "OWNER", "contacts:read"), c.id))!;
    expect(detail).toMatchObject({
      name: "Detailed Person",
      version: 2,
      nextFollowUp: "2031-02-03T10:00:00.000Z",
      assignee: { id: t.users.MEMBER!.id },
    });
    expect(detail.deals).toEqual([
      expect.objectContaining({
        title: "Condo",
        value: "425000.00",
        stage: "OFFER",
        expectedClose: "2031-03-01",
      }),
    ]);
    const changes = await getContactTimeline(await ctxOf(t, "OWNER", "contacts:read"), c.id, {
      kinds: ["change"],
    });
    expect(changes.items.map((a) => [a.kind === "change" && a.action, a.actor?.name])).toEqual([
      ["contact.updated", t.users.MEMBER!.name],
      ["contact.created", t.users.OWNER!.name],
    ]);
    expect(await getContactDetail(owner, "not-a-uuid")).toBeNull();
  });
});

describe("assignees", () => {
  it("lists the organization's accepted members who can do the work (not viewers)", async () => {
    const t = await crmTenant({ roles: ["OWNER", "MEMBER", "VIEWER"] });
    const pending = await createUser();
    await ownerDb().organizationMember.create({
      data: { organizationId: t.org.id, userId: pending.id, role: "MEMBER", acceptedAt: null },
    });
    const ids = (await listAssignees(await ctxOf(t, "VIEWER", "contacts:read"))).map((a) => a.id).sort();
    expect(ids).toEqual([t.users.OWNER!.id, t.users.MEMBER!.id].sort());
  });
});
