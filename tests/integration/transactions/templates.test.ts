// Checklist templates: a new loop gets its type's template (tasks due from key dates, document slots, the creator
// as its agent) and nothing overdue; editing a template never touches existing loops; only owners and admins edit.
import { describe, expect, it } from "vitest";
import { addDays } from "@/lib/modules/transactions/checklist";
import { getLoop, listTemplates } from "@/lib/modules/transactions";
import { createLoop } from "@/lib/modules/transactions/services/loops";
import {
  addTemplateItem,
  removeTemplateItem,
  reorderTemplateItems,
  updateTemplateItem,
} from "@/lib/modules/transactions/services/templates";
import { ownerDb, seedTenant } from "../../support/factories";
import { ctxFor, failure } from "./support/helpers";

const today = () => new Date().toISOString().slice(0, 10);

async function templateItems(organizationId: string, transactionType: "PURCHASE" | "DUAL" | "LEASE") {
  return ownerDb().checklistTemplateItem.findMany({
    where: { organizationId, template: { transactionType } },
    orderBy: [{ sortOrder: "asc" }, { id: "asc" }],
  });
}

/** What a loop holds besides its tasks, as the owner sees it. */
async function loopRows(loopId: string) {
  const db = ownerDb();
  return {
    participants: await db.loopParticipant.findMany({
      where: { loopId },
      select: { role: true, userId: true, contactId: true },
      orderBy: { role: "asc" },
    }),
    keyDates: await db.loopKeyDate.findMany({
      where: { loopId },
      select: { kind: true, date: true, status: true },
      orderBy: { kind: "asc" },
    }),
    slots: await db.loopDocumentSlot.findMany({
      where: { loopId },
      select: { title: true, required: true, sortOrder: true },
      orderBy: { sortOrder: "asc" },
    }),
  };
}

describe("creating a loop from its type's template", () => {
  it("a Purchase loop created today: the template's tasks and slots, none overdue, the creator as buyer's agent", async () => {
    const t = await seedTenant({ roles: ["OWNER", "MEMBER"] });
    const agent = t.users.MEMBER!;
    const ctx = await ctxFor(agent, t.org.slug);
    const closing = addDays(today(), 30);
    const { id } = await createLoop(ctx, {
      organization: t.org.slug,
      propertyAddress: "8 Quay Street",
      transactionType: "PURCHASE",
      expectedClosing: closing,
    });
    const items = await templateItems(t.org.id, "PURCHASE");
    const taskItems = items.filter((i) => i.kind === "TASK");
    const loop = await getLoop(ctx, id);

    expect(loop.tasks.map((task) => task.title)).toEqual(taskItems.map((i) => i.title));
    expect(loop.tasks.map((task) => task.title)).not.toContain("Comparative market analysis");
    expect(loop.tasks.map((task) => [task.keyDateKind, task.dueOffsetDays])).toEqual(
      taskItems.map((i) => [i.keyDateKind, i.offsetDays]),
    );
    // Only closing has a date yet: its tasks are due from it, the others wait for their key date.
    for (const task of loop.tasks) {
      expect(task.dueDate).toBe(
        task.keyDateKind === "CLOSING" ? addDays(closing, task.dueOffsetDays!) : null,
      );
      expect(task.dueDateManual).toBe(false);
    }
    expect(loop.tasks.filter((task) => task.dueDate !== null && task.dueDate < today())).toEqual([]);
    expect(loop.tasks.some((task) => task.dueDate !== null)).toBe(true);
    // Tasks for the buyer's agent are the creator's; the lender's and the coordinator's wait for those people.
    for (const [task, item] of loop.tasks.map((task, i) => [task, taskItems[i]!] as const)) {
      expect(task.assignee?.id ?? null).toBe(item.assigneeRole === "BUYERS_AGENT" ? agent.id : null);
    }
    expect(loop.tasks.some((task) => task.assignee === null)).toBe(true);

    const rows = await loopRows(id);
    expect(rows.participants).toEqual([{ role: "BUYERS_AGENT", userId: agent.id, contactId: null }]);
    expect(rows.slots).toEqual(
      items
        .filter((i) => i.kind === "DOCUMENT")
        .map((i, n) => ({ title: i.title, required: i.required, sortOrder: n })),
    );
    expect(rows.slots.map((s) => s.title)).toContain("Purchase agreement");
    // A key date for every kind the tasks count from, and closing, which carries the expected closing.
    expect(rows.keyDates.map((k) => k.kind).sort()).toEqual(
      [...new Set([...taskItems.map((i) => i.keyDateKind!), "CLOSING"])].sort(),
    );
    for (const k of rows.keyDates) {
      expect(k.status).toBe("PENDING");
      expect(k.date?.toISOString().slice(0, 10) ?? null).toBe(k.kind === "CLOSING" ? closing : null);
    }

    const audit = await ownerDb().auditLog.findMany({ where: { organizationId: t.org.id } });
    expect(audit).toMatchObject([
      {
        action: "loop.created",
        entityId: id,
        userId: agent.id,
        newValues: { roles: ["BUYERS_AGENT"], tasks: taskItems.length, slots: rows.slots.length },
      },
    ]);
  });

  it("without an expected closing no task has a due date; Dual makes the creator both agents, Lease the listing agent", async () => {
    const t = await seedTenant({ roles: ["OWNER"] });
    const owner = t.users.OWNER!;
    const ctx = await ctxFor(owner, t.org.slug);
    const create = (transactionType: "DUAL" | "LEASE") =>
      createLoop(ctx, { organization: t.org.slug, propertyAddress: "1 Pier Road", transactionType });
    const dual = await create("DUAL");
    const lease = await create("LEASE");
    expect((await loopRows(dual.id)).participants).toEqual([
      { role: "LISTING_AGENT", userId: owner.id, contactId: null },
      { role: "BUYERS_AGENT", userId: owner.id, contactId: null },
    ]);
    expect((await loopRows(lease.id)).participants).toEqual([
      { role: "LISTING_AGENT", userId: owner.id, contactId: null },
    ]);
    const dualLoop = await getLoop(ctx, dual.id);
    expect(dualLoop.tasks.map((task) => task.title)).toEqual(
      (await templateItems(t.org.id, "DUAL")).filter((i) => i.kind === "TASK").map((i) => i.title),
    );
    expect(dualLoop.tasks.every((task) => task.dueDate === null)).toBe(true);
    // Every Dual task is for one of the two agents: all assigned to the creator.
    expect(dualLoop.tasks.every((task) => task.assignee?.id === owner.id)).toBe(true);
    expect((await loopRows(lease.id)).slots.map((s) => s.title)).toEqual(
      (await templateItems(t.org.id, "LEASE")).filter((i) => i.kind === "DOCUMENT").map((i) => i.title),
    );
  });
});

describe("editing templates", () => {
  it("adds, edits, reorders and removes items, each audited; existing loops keep what they were created with", async () => {
    const t = await seedTenant({ roles: ["ADMIN", "MEMBER"] });
    const org = t.org.slug;
    const admin = await ctxFor(t.users.ADMIN!, org, "templates:manage");
    const member = await ctxFor(t.users.MEMBER!, org);
    const { id: before } = await createLoop(member, {
      organization: org,
      propertyAddress: "2 Dock Lane",
      transactionType: "PURCHASE",
      expectedClosing: "2027-06-30",
    });
    const snapshot = async (loopId: string) => ({
      tasks: (
        await ownerDb().transactionTask.findMany({ where: { loopId }, orderBy: { sortOrder: "asc" } })
      ).map((task) => [
        task.title,
        task.keyDateKind,
        task.dueOffsetDays,
        task.dueDate?.toISOString() ?? null,
      ]),
      ...(await loopRows(loopId)),
    });
    const original = await snapshot(before);

    const purchase = (await listTemplates(admin)).find((tpl) => tpl.transactionType === "PURCHASE")!;
    const added = await addTemplateItem(admin, {
      organization: org,
      templateId: purchase.id,
      kind: "TASK",
      title: "Book the movers",
      category: "CLOSING",
      assigneeRole: "BUYER",
      keyDateKind: "CLOSING",
      dueDays: "4",
      dueDirection: "BEFORE",
    });
    expect(added).toMatchObject({
      keyDateKind: "CLOSING",
      offsetDays: -4,
      assigneeRole: "BUYER",
      required: true,
    });
    const walkthrough = purchase.tasks.find((i) => i.title === "Schedule the final walkthrough")!;
    await updateTemplateItem(admin, {
      organization: org,
      itemId: walkthrough.id,
      kind: "TASK",
      title: "Schedule the final walkthrough",
      category: "CLOSING",
      assigneeRole: "BUYERS_AGENT",
      keyDateKind: "",
      dueDays: 0,
      dueDirection: "AFTER",
    });
    const disclosure = purchase.documents.find((i) => i.title === "Seller's disclosure")!;
    await updateTemplateItem(admin, {
      organization: org,
      itemId: disclosure.id,
      kind: "DOCUMENT",
      title: "Seller's disclosure statement",
      required: false,
    });
    await removeTemplateItem(admin, { organization: org, itemId: purchase.documents[0]!.id });
    const edited = (await listTemplates(admin)).find((tpl) => tpl.transactionType === "PURCHASE")!;
    const order = [...edited.tasks, ...edited.documents].map((i) => i.id).reverse();
    await reorderTemplateItems(admin, { organization: org, templateId: purchase.id, itemIds: order });

    const after = (await listTemplates(member)).find((tpl) => tpl.transactionType === "PURCHASE")!;
    expect(after.tasks[0]).toMatchObject({ title: "Book the movers" });
    expect(after.tasks.find((i) => i.id === walkthrough.id)).toMatchObject({
      keyDateKind: null,
      offsetDays: null,
    });
    expect(after.documents.map((d) => d.title)).not.toContain("Purchase agreement");
    expect(after.documents.find((d) => d.id === disclosure.id)).toMatchObject({
      title: "Seller's disclosure statement",
      required: false,
    });
    expect(after.editor?.id).toBe(t.users.ADMIN!.id);

    // The loop created before the edits is exactly as it was.
    expect(await snapshot(before)).toEqual(original);
    // A loop created now gets the edited template.
    const { id: now } = await createLoop(member, {
      organization: org,
      propertyAddress: "3 Dock Lane",
      transactionType: "PURCHASE",
      expectedClosing: "2027-06-30",
    });
    const fresh = await getLoop(member, now);
    expect(fresh.tasks[0]).toMatchObject({ title: "Book the movers", dueDate: "2027-06-26", assignee: null });
    expect((await loopRows(now)).slots.map((s) => s.title)).not.toContain("Purchase agreement");

    const entries = await ownerDb().auditLog.findMany({
      where: { organizationId: t.org.id, action: "template.updated" },
      orderBy: { seq: "asc" },
    });
    expect(entries.map((e) => (e.newValues as { change: string }).change)).toEqual([
      "item_added",
      "item_updated",
      "item_updated",
      "item_removed",
      "items_reordered",
    ]);
    expect(entries.every((e) => e.entityType === "checklist_template" && e.entityId === purchase.id)).toBe(
      true,
    );
    expect(entries[2]).toMatchObject({
      userId: t.users.ADMIN!.id,
      oldValues: { title: "Seller's disclosure", required: true },
      newValues: { name: purchase.name, title: "Seller's disclosure statement", required: false },
    });
  });

  it("only owners and admins edit templates: a member is refused, by the app and by the database", async () => {
    const t = await seedTenant({ roles: ["OWNER", "MEMBER", "VIEWER"] });
    const org = t.org.slug;
    expect(await failure(ctxFor(t.users.MEMBER!, org, "templates:manage"))).toMatchObject({
      code: "FORBIDDEN",
    });
    expect(await failure(ctxFor(t.users.VIEWER!, org, "templates:manage"))).toMatchObject({
      code: "FORBIDDEN",
    });

    // A service called with a member's (loops:write) context is refused by RLS, and nothing changes.
    const member = await ctxFor(t.users.MEMBER!, org);
    const templates = await listTemplates(member);
    const template = templates[0];
    const item = template!.tasks[0]!;
    const attempts = [
      () =>
        addTemplateItem(member, {
          organization: org,
          templateId: template!.id,
          kind: "DOCUMENT",
          title: "Anything",
          required: true,
        }),
      () =>
        updateTemplateItem(member, {
          organization: org,
          itemId: item.id,
          kind: "TASK",
          title: "Renamed",
          category: "OTHER",
        }),
      () => removeTemplateItem(member, { organization: org, itemId: item.id }),
      () =>
        reorderTemplateItems(member, {
          organization: org,
          templateId: template!.id,
          itemIds: [...template!.tasks, ...template!.documents].map((i) => i.id).reverse(),
        }),
    ];
    for (const attempt of attempts) expect(await failure(attempt())).toMatchObject({ code: "FORBIDDEN" });
    expect(await listTemplates(member)).toEqual(templates);
    expect(
      await ownerDb().auditLog.count({ where: { organizationId: t.org.id, action: "template.updated" } }),
    ).toBe(0);

    // Owners may; another organization's template is not found.
    const owner = await ctxFor(t.users.OWNER!, org, "templates:manage");
    await addTemplateItem(owner, {
      organization: org,
      templateId: template!.id,
      kind: "DOCUMENT",
      title: "W-9",
    });
    const other = await seedTenant({ roles: ["OWNER"] });
    const stranger = await ctxFor(other.users.OWNER!, other.org.slug, "templates:manage");
    expect(
      await failure(
        addTemplateItem(stranger, {
          organization: other.org.slug,
          templateId: template!.id,
          kind: "DOCUMENT",
          title: "x",
        }),
      ),
    ).toMatchObject({ code: "NOT_FOUND" });
    expect(
      await failure(removeTemplateItem(stranger, { organization: other.org.slug, itemId: item.id })),
    ).toMatchObject({ code: "NOT_FOUND" });
  });

  it("refuses items without a title or a stage, or due other than whole days within a year of a standard key date", async () => {
    const t = await seedTenant({ roles: ["OWNER"] });
    const owner = await ctxFor(t.users.OWNER!, t.org.slug, "templates:manage");
    const [template] = await listTemplates(owner);
    const task = (extra: Record<string, unknown>) =>
      addTemplateItem(owner, {
        organization: t.org.slug,
        templateId: template!.id,
        kind: "TASK",
        title: "Call the lender",
        category: "FINANCING",
        keyDateKind: "FINANCING",
        dueDays: 2,
        dueDirection: "BEFORE",
        ...extra,
      } as never);
    for (const bad of [
      { title: " " },
      { category: "" },
      { dueDays: 400 },
      { dueDays: 1.5 },
      { keyDateKind: "CUSTOM" },
    ])
      await expect(task(bad), JSON.stringify(bad)).rejects.toThrow();
    expect(await task({})).toMatchObject({ offsetDays: -2 });
    expect(await ownerDb().checklistTemplateItem.count({ where: { title: "Call the lender" } })).toBe(1);
  });
});
