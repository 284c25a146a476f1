// Transaction loops: atomic creation from the type's checklist template with its audit entry (and nothing left
// when the last insert fails), status transitions by the table, list filters, tenancy, deletion. What a template
// gives a loop in detail: templates.test.ts.
import { describe, expect, it } from "vitest";
import { getLoop, listLoops } from "@/lib/modules/transactions";
import {
  changeLoopStatus,
  createLoop,
  deleteLoop,
  updateLoop,
} from "@/lib/modules/transactions/services/loops";
import { ownerDb, seedTenant } from "../../support/factories";
import { ctxFor, failure } from "./support/helpers";

/** The titles of an organization's template tasks for a transaction type, in the template's order. */
async function templateTasks(organizationId: string, transactionType: "LISTING" | "PURCHASE") {
  const items = await ownerDb().checklistTemplateItem.findMany({
    where: { organizationId, kind: "TASK", template: { transactionType } },
    orderBy: [{ sortOrder: "asc" }, { id: "asc" }],
  });
  return items.map((i) => i.title);
}

const newLoop = (organization: string, extra: Record<string, unknown> = {}) => ({
  organization,
  propertyAddress: "12 Harbour Road, Portsmouth",
  transactionType: "LISTING" as const,
  listingPrice: "$450,000.50",
  expectedClosing: "2027-03-31",
  ...extra,
});

describe("creating a loop", () => {
  it("creates the loop, its template's tasks and an audit entry in one transaction", async () => {
    const t = await seedTenant({ roles: ["MEMBER"] });
    const ctx = await ctxFor(t.users.MEMBER!, t.org.slug);
    const { id } = await createLoop(ctx, newLoop(t.org.slug));
    const loop = await getLoop(ctx, id);
    expect(loop).toMatchObject({
      status: "DRAFT",
      progress: 0,
      listingPrice: "450000.50",
      expectedClosing: "2027-03-31",
      transactionType: "LISTING",
    });
    expect(loop.tasks.map((task) => task.title)).toEqual(await templateTasks(t.org.id, "LISTING"));
    // The Listing template: market analysis first (no due date), closing preparation five days before closing.
    expect(loop.tasks[0]).toMatchObject({ category: "PRE_LISTING", dueDate: null });
    expect(loop.tasks.at(-1)).toMatchObject({
      keyDateKind: "CLOSING",
      dueOffsetDays: -5,
      dueDate: "2027-03-26",
    });
    const audit = await ownerDb().auditLog.findMany({
      where: { organizationId: t.org.id, entityId: id },
    });
    expect(audit).toMatchObject([
      { action: "loop.created", userId: t.users.MEMBER!.id, entityType: "transaction_loop" },
    ]);
  });

  it("leaves no loop, no tasks and no audit entry when the last insert (the audit entry) fails", async () => {
    const t = await seedTenant({ roles: ["OWNER"] });
    const ctx = await ctxFor(t.users.OWNER!, t.org.slug);
    const fn = `test_fail_audit_${t.org.id.replace(/-/g, "")}`;
    const db = ownerDb();
    // A temporary trigger that makes exactly this organization's audit insert fail.
    await db.$executeRawUnsafe(`create function public.${fn}() returns trigger language plpgsql as $$
      begin raise exception 'injected audit failure' using errcode = 'XX001'; end $$`);
    await db.$executeRawUnsafe(`create trigger ${fn} before insert on public.transaction_audit_logs
      for each row when (new.organization_id = '${t.org.id}'::uuid) execute function public.${fn}()`);
    try {
      await expect(createLoop(ctx, newLoop(t.org.slug))).rejects.toThrow(/injected audit failure/);
    } finally {
      await db.$executeRawUnsafe(`drop trigger ${fn} on public.transaction_audit_logs`);
      await db.$executeRawUnsafe(`drop function public.${fn}()`);
    }
    const inOrg = { where: { organizationId: t.org.id } };
    expect(await db.transactionLoop.count(inOrg)).toBe(0);
    expect(await db.transactionTask.count(inOrg)).toBe(0);
    expect(await db.loopKeyDate.count(inOrg)).toBe(0);
    expect(await db.loopDocumentSlot.count(inOrg)).toBe(0);
    expect(await db.loopParticipant.count(inOrg)).toBe(0);
    expect(await db.auditLog.count(inOrg)).toBe(0);
    // And with the trigger gone the same call succeeds.
    await createLoop(ctx, newLoop(t.org.slug));
    expect(await db.transactionTask.count({ where: { organizationId: t.org.id } })).toBe(
      (await templateTasks(t.org.id, "LISTING")).length,
    );
  });

  it("validates the input and refuses viewers and plans without transactions", async () => {
    const t = await seedTenant({ roles: ["OWNER", "VIEWER"] });
    const ctx = await ctxFor(t.users.OWNER!, t.org.slug);
    await expect(createLoop(ctx, newLoop(t.org.slug, { propertyAddress: "  " }))).rejects.toThrow();
    await expect(createLoop(ctx, newLoop(t.org.slug, { listingPrice: "12abc" }))).rejects.toThrow(/amount/);
    expect(await failure(ctxFor(t.users.VIEWER!, t.org.slug))).toMatchObject({ code: "FORBIDDEN" });
    const starter = await seedTenant({ tier: "STARTER", roles: ["OWNER"] });
    expect(await failure(ctxFor(starter.users.OWNER!, starter.org.slug))).toMatchObject({
      code: "UPGRADE_REQUIRED",
    });
  });
});

describe("loop status", () => {
  it("follows the transition table, refuses CLOSED → DRAFT and audits each change", async () => {
    const t = await seedTenant({ roles: ["OWNER"] });
    // The loop gets its template's required document slots; closing then needs them approved unless the
    // organization turns that off. This test is about the status table alone.
    await ownerDb().organization.update({ where: { id: t.org.id }, data: { requireApprovalToClose: false } });
    const ctx = await ctxFor(t.users.OWNER!, t.org.slug);
    const { id } = await createLoop(ctx, newLoop(t.org.slug));
    const move = (status: string) =>
      changeLoopStatus(ctx, { organization: t.org.slug, loopId: id, status: status as "DRAFT" });
    expect(await failure(move("CLOSED"))).toMatchObject({ code: "CONFLICT" });
    for (const s of ["ACTIVE", "UNDER_CONTRACT", "CLOSING", "CLOSED"]) await move(s);
    expect(await failure(move("DRAFT"))).toMatchObject({
      code: "CONFLICT",
      details: { from: "CLOSED", to: "DRAFT" },
    });
    expect(await failure(move("CANCELLED"))).toMatchObject({ code: "CONFLICT" });
    expect((await getLoop(ctx, id)).status).toBe("CLOSED");
    const changes = await ownerDb().auditLog.findMany({
      where: { organizationId: t.org.id, entityId: id, action: "loop.status_changed" },
      orderBy: { createdAt: "asc" },
    });
    expect(changes.map((c) => (c.newValues as { status: string }).status)).toEqual([
      "ACTIVE",
      "UNDER_CONTRACT",
      "CLOSING",
      "CLOSED",
    ]);
    // The feed names the property ("moved the transaction 12 Elm Street from Closing to Closed").
    for (const c of changes)
      expect(c.newValues).toMatchObject({ propertyAddress: expect.stringMatching(/\S/) });
  });

  it("cancels and reopens a cancelled loop as a draft", async () => {
    const t = await seedTenant({ roles: ["OWNER"] });
    const ctx = await ctxFor(t.users.OWNER!, t.org.slug);
    const { id } = await createLoop(ctx, newLoop(t.org.slug));
    await changeLoopStatus(ctx, { organization: t.org.slug, loopId: id, status: "CANCELLED" });
    expect(
      await failure(changeLoopStatus(ctx, { organization: t.org.slug, loopId: id, status: "ACTIVE" })),
    ).toMatchObject({ code: "CONFLICT" });
    await changeLoopStatus(ctx, { organization: t.org.slug, loopId: id, status: "DRAFT" });
    expect((await getLoop(ctx, id)).status).toBe("DRAFT");
  });
});

describe("listing, editing and deleting", () => {
  it("filters by status (open by default) and searches the address", async () => {
    const t = await seedTenant({ roles: ["OWNER"] });
    const ctx = await ctxFor(t.users.OWNER!, t.org.slug);
    const a = await createLoop(ctx, newLoop(t.org.slug, { propertyAddress: "1 Elm Street" }));
    const b = await createLoop(ctx, newLoop(t.org.slug, { propertyAddress: "2 Oak Avenue" }));
    await changeLoopStatus(ctx, { organization: t.org.slug, loopId: b.id, status: "CANCELLED" });
    const ids = async (filter: Record<string, unknown>) =>
      (await listLoops(ctx, filter)).loops.map((l) => l.id);
    expect(await ids({})).toEqual([a.id]);
    expect(await ids({ status: "ALL" })).toEqual([b.id, a.id]);
    expect(await ids({ status: "CANCELLED" })).toEqual([b.id]);
    expect(await ids({ status: "ALL", q: "oak" })).toEqual([b.id]);
    expect(await ids({ status: "nonsense" })).toEqual([a.id]);
    const list = await listLoops(ctx, { status: "ALL" });
    expect(list).toMatchObject({ total: 2, page: 1, pageCount: 1 });
    expect(list.loops[0]).toMatchObject({
      taskCount: (await templateTasks(t.org.id, "LISTING")).length,
      documentCount: 0,
    });
  });

  it("edits the loop's fields with an audit entry holding old and new values", async () => {
    const t = await seedTenant({ roles: ["OWNER"] });
    const ctx = await ctxFor(t.users.OWNER!, t.org.slug);
    const { id } = await createLoop(ctx, newLoop(t.org.slug));
    await updateLoop(ctx, {
      ...newLoop(t.org.slug),
      loopId: id,
      propertyAddress: "14 Harbour Road",
      listingPrice: "",
      expectedClosing: "",
    });
    expect(await getLoop(ctx, id)).toMatchObject({
      propertyAddress: "14 Harbour Road",
      listingPrice: null,
      expectedClosing: null,
    });
    const entry = await ownerDb().auditLog.findFirstOrThrow({
      where: { entityId: id, action: "loop.updated" },
    });
    expect(entry.oldValues).toMatchObject({
      propertyAddress: "12 Harbour Road, Portsmouth",
      listingPrice: "450000.50",
    });
    expect(entry.newValues).toMatchObject({ propertyAddress: "14 Harbour Road", listingPrice: null });
  });

  it("deletes a loop with its tasks and audits it", async () => {
    const t = await seedTenant({ roles: ["OWNER"] });
    const ctx = await ctxFor(t.users.OWNER!, t.org.slug);
    const { id } = await createLoop(ctx, newLoop(t.org.slug));
    await deleteLoop(ctx, { organization: t.org.slug, loopId: id });
    expect(await ownerDb().transactionLoop.count({ where: { id } })).toBe(0);
    expect(await ownerDb().transactionTask.count({ where: { loopId: id } })).toBe(0);
    expect(await ownerDb().auditLog.count({ where: { entityId: id, action: "loop.deleted" } })).toBe(1);
    expect(await failure(getLoop(ctx, id))).toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("tenancy", () => {
  it("another organization's member gets NOT_FOUND for the loop, whichever organization they name", async () => {
    const victim = await seedTenant({ roles: ["OWNER"] });
    const attacker = await seedTenant({ roles: ["OWNER"] });
    const { id } = await createLoop(
      await ctxFor(victim.users.OWNER!, victim.org.slug),
      newLoop(victim.org.slug),
    );
    expect(await failure(ctxFor(attacker.users.OWNER!, victim.org.slug))).toMatchObject({
      code: "NOT_FOUND",
    });
    const own = await ctxFor(attacker.users.OWNER!, attacker.org.slug);
    expect(await failure(getLoop(own, id))).toMatchObject({ code: "NOT_FOUND" });
    expect(
      await failure(changeLoopStatus(own, { organization: attacker.org.slug, loopId: id, status: "ACTIVE" })),
    ).toMatchObject({ code: "NOT_FOUND" });
    expect(await failure(deleteLoop(own, { organization: attacker.org.slug, loopId: id }))).toMatchObject({
      code: "NOT_FOUND",
    });
    expect((await listLoops(own, { status: "ALL" })).loops).toEqual([]);
    expect(await ownerDb().transactionLoop.count({ where: { id } })).toBe(1);
  });

  it("RLS refuses a write even if a service were called with a viewer's context", async () => {
    const t = await seedTenant({ roles: ["VIEWER"] });
    const viewerCtx = await ctxFor(t.users.VIEWER!, t.org.slug, "loops:read");
    expect(await failure(createLoop(viewerCtx, newLoop(t.org.slug)))).toMatchObject({ code: "FORBIDDEN" });
    expect(await ownerDb().transactionLoop.count({ where: { organizationId: t.org.id } })).toBe(0);
  });
});
