// Tags: created inline while tagging (one per name, any case), the list filtered by tag (with its total), bulk
// tagging of a selection in one grouped entry, removal. Saved views: private ones only their creator sees, shared ones
// the organization sees and only the creator or an owner/admin changes; a viewer may keep private views but not share
// them; another organization sees and touches nothing.
import { describe, expect, it } from "vitest";
import { listContacts } from "@/lib/modules/crm/queries/contact-list";
import { listSavedViews, listTags } from "@/lib/modules/crm/queries/tags-and-views";
import { bulkTagContacts, tagContact, untagContact } from "@/lib/modules/crm/services/tags";
import { deleteView, saveView, updateView } from "@/lib/modules/crm/services/views";
import { withTenantContext } from "@/lib/database/tenant";
import { ownerDb, suffix } from "../../support/factories";
import { crmTenant, ctxOf, fails, seedContacts } from "./support";

describe("tags", () => {
  it("creates a tag while tagging, reuses it in any case, filters the list by it, and removes it", async () => {
    const t = await crmTenant({ roles: ["OWNER", "MEMBER", "VIEWER"] });
    const prefix = `T${suffix()}`;
    await seedContacts(t.org.id, 4, { prefix });
    const [a, b] = await ownerDb().contact.findMany({
      where: { organizationId: t.org.id },
      orderBy: { name: "asc" },
    });
    const member = await ctxOf(t, "MEMBER");
    const first = await tagContact(member, {
      organization: t.org.slug,
      contactId: a!.id,
      name: "  Open   house ",
    });
    expect(first).toMatchObject({ added: true, tag: { name: "Open house" } });
    const again = await tagContact(member, {
      organization: t.org.slug,
      contactId: b!.id,
      name: "OPEN HOUSE",
    });
    expect(again.tag.id).toBe(first.tag.id);
    // Tagging twice changes nothing and writes nothing.
    expect(
      (await tagContact(member, { organization: t.org.slug, contactId: b!.id, name: "open house" })).added,
    ).toBe(false);
    expect(await listTags(member)).toEqual([{ id: first.tag.id, name: "Open house" }]);

    const viewer = await ctxOf(t, "VIEWER", "contacts:read");
    const page = await listContacts(viewer, { tag: first.tag.id });
    expect(page.total).toBe(2);
    expect(page.items.map((i) => i.id).sort()).toEqual([a!.id, b!.id].sort());
    expect(page.items[0]!.tags).toEqual([{ id: first.tag.id, name: "Open house" }]);

    await untagContact(member, { organization: t.org.slug, contactId: a!.id, tagId: first.tag.id });
    expect((await listContacts(viewer, { tag: first.tag.id })).total).toBe(1);
    const gone = await fails(
      untagContact(member, { organization: t.org.slug, contactId: a!.id, tagId: first.tag.id }),
    );
    expect(gone.code).toBe("NOT_FOUND");
    const entries = await ownerDb().auditLog.findMany({
      where: { organizationId: t.org.id, action: { in: ["contact.tagged", "contact.untagged"] } },
      orderBy: { seq: "asc" },
    });
    expect(entries.map((e) => [e.action, e.entityId, e.audience])).toEqual([
      ["contact.tagged", a!.id, "team"],
      ["contact.tagged", b!.id, "team"],
      ["contact.untagged", a!.id, "team"],
    ]);
  });

  it("bulk-tags a selection or a filter in one grouped entry, all or nothing, never another organization's", async () => {
    const t = await crmTenant({ roles: ["OWNER", "ADMIN", "MEMBER"] });
    const other = await crmTenant({ roles: ["OWNER"] });
    await seedContacts(t.org.id, 6, { prefix: `BT${suffix()}` });
    await seedContacts(other.org.id, 1, { prefix: `BT${suffix()}` });
    const ids = (
      await ownerDb().contact.findMany({ where: { organizationId: t.org.id }, orderBy: { id: "asc" } })
    ).map((c) => c.id);
    const foreign = (await ownerDb().contact.findFirstOrThrow({ where: { organizationId: other.org.id } }))
      .id;
    const admin = await ctxOf(t, "ADMIN", "contacts:bulk");
    // One foreign id: nothing tagged, no tag created.
    const refused = await fails(
      bulkTagContacts(admin, {
        organization: t.org.slug,
        name: "Sphere",
        selection: { kind: "ids", ids: [ids[0]!, foreign] },
      }),
    );
    expect(refused.code).toBe("NOT_FOUND");
    expect(await ownerDb().tag.count({ where: { organizationId: t.org.id } })).toBe(0);

    const res = await bulkTagContacts(admin, {
      organization: t.org.slug,
      name: "Sphere",
      selection: { kind: "ids", ids: ids.slice(0, 3) },
    });
    expect(res.count).toBe(3);
    const all = await bulkTagContacts(admin, {
      organization: t.org.slug,
      name: "sphere",
      selection: { kind: "filter", filter: {} },
    });
    expect(all).toMatchObject({ count: 3, tag: { id: res.tag.id } });
    expect(await ownerDb().contactTag.count({ where: { tagId: res.tag.id } })).toBe(6);
    const entries = await ownerDb().auditLog.findMany({
      where: { organizationId: t.org.id, action: "contact.bulk_tagged" },
      orderBy: { seq: "asc" },
    });
    expect(entries).toHaveLength(2);
    expect(entries[1]).toMatchObject({
      entityType: "contact_tagging",
      audience: "team",
      newValues: { tag: "Sphere", count: 3, alreadyTagged: 3, contactIds: ids.slice(3) },
    });
    // Members edit contacts but bulk actions are for owners and admins.
    await expect(ctxOf(t, "MEMBER", "contacts:bulk")).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("saved views", () => {
  it("keeps private views to their creator and shares shared ones; only the creator or an admin changes a shared one", async () => {
    const t = await crmTenant({ roles: ["OWNER", "ADMIN", "MEMBER", "VIEWER"] });
    const other = await crmTenant({ roles: ["OWNER"] });
    const member = await ctxOf(t, "MEMBER", "contacts:read");
    const viewer = await ctxOf(t, "VIEWER", "contacts:read");
    const admin = await ctxOf(t, "ADMIN", "contacts:read");
    const outsider = await ctxOf(other, "OWNER", "contacts:read");
    const org = t.org.slug;

    const mine = await saveView(member, {
      organization: org,
      name: "My leads",
      params: { status: "LEAD", assignee: "me" },
    });
    const shared = await saveView(member, {
      organization: org,
      name: "Due this week",
      shared: true,
      params: { followUp: "week", sort: "follow_up", hide: ["deals"] },
    });
    // A viewer keeps views for themself, but can't share one.
    const viewerOwn = await saveView(viewer, {
      organization: org,
      name: "Clients",
      params: { status: "CLIENT" },
    });
    const share = await fails(
      saveView(viewer, { organization: org, name: "Team", shared: true, params: {} }),
    );
    expect(share.code).toBe("FORBIDDEN");
    expect(share.message).toMatch(/sharing one with the organization needs permission to edit contacts/);

    const names = async (ctx: typeof member) => (await listSavedViews(ctx)).map((v) => v.name).sort();
    expect(await names(member)).toEqual(["Due this week", "My leads"]);
    expect(await names(viewer)).toEqual(["Clients", "Due this week"]);
    expect(await names(admin)).toEqual(["Due this week"]);
    expect(await names(outsider)).toEqual([]);
    expect((await listSavedViews(viewer)).find((v) => v.id === shared.id)).toMatchObject({
      canManage: false,
      params: { followUp: "week", sort: "follow_up", hide: ["deals"] },
    });
    expect((await listSavedViews(admin)).find((v) => v.id === shared.id)!.canManage).toBe(true);

    // The viewer can't change or delete the shared view, nor see the member's private one.
    expect(
      (
        await fails(
          updateView(viewer, {
            organization: org,
            id: shared.id,
            name: "Mine now",
            shared: true,
            params: {},
          }),
        )
      ).code,
    ).toBe("FORBIDDEN");
    expect((await fails(deleteView(viewer, { organization: org, id: shared.id }))).code).toBe("FORBIDDEN");
    expect((await fails(deleteView(viewer, { organization: org, id: mine.id }))).code).toBe("NOT_FOUND");
    // Another organization finds none of them.
    expect((await fails(deleteView(outsider, { organization: other.org.slug, id: shared.id }))).code).toBe(
      "NOT_FOUND",
    );
    // An admin may not touch a member's private view, but may change the shared one.
    expect((await fails(deleteView(admin, { organization: org, id: mine.id }))).code).toBe("NOT_FOUND");
    await updateView(admin, {
      organization: org,
      id: shared.id,
      name: "Due soon",
      shared: true,
      params: { followUp: "due" },
    });
    await deleteView(viewer, { organization: org, id: viewerOwn.id });
    await deleteView(member, { organization: org, id: shared.id });
    expect(await names(member)).toEqual(["My leads"]);

    // Postgres holds the same line when the app's checks are skipped: the viewer's direct writes change nothing.
    const hijack = await withTenantContext(viewer, (tx) =>
      tx.savedView.updateMany({ where: { id: mine.id }, data: { name: "hijacked" } }),
    );
    expect(hijack.count).toBe(0);
    const kept = await saveView(viewer, { organization: org, name: "Kept", params: {} });
    const share2 = await withTenantContext(
      viewer,
      (tx) => tx.$executeRaw`update public.saved_views set shared = true where id = ${kept.id}::uuid`,
    ).then(
      (n) => `updated ${n}`,
      (e: Error) => e.message,
    );
    expect(share2).toBe("You don't have permission to do that.");
    expect((await ownerDb().savedView.findUniqueOrThrow({ where: { id: kept.id } })).shared).toBe(false);
    expect((await ownerDb().savedView.findUniqueOrThrow({ where: { id: mine.id } })).name).toBe("My leads");
    const entries = await ownerDb().auditLog.findMany({
      where: { organizationId: t.org.id, action: { startsWith: "view." } },
      orderBy: { seq: "asc" },
    });
    expect(entries.map((e) => e.action)).toEqual([
      "view.saved",
      "view.saved",
      "view.saved",
      "view.updated",
      "view.deleted",
      "view.deleted",
      "view.saved",
    ]);
    expect(entries.every((e) => e.audience === "admins")).toBe(true);
  });
});
