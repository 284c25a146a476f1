// A deal's lifecycle: moves between stages with optimistic concurrency, Lost with its required reason, Won with
// its closing value and day (closed_at set on closing, cleared on reopening), the stage history read back from the
// audit entries, notes, the transaction started from a deal — and viewers and other organizations refused.
import { describe, expect, it } from "vitest";
import { withTenantContext } from "@/lib/database/tenant";
import { getDealDetail } from "@/lib/modules/crm/queries/deal-detail";
import { createContact } from "@/lib/modules/crm/services/contacts";
import { addDealNote, createDeal, moveDealStage, updateDeal } from "@/lib/modules/crm/services/deals";
import { startLoopFromDeal } from "@/lib/modules/transactions/services/from-deal";
import type { OrgRole } from "@/lib/database/generated/prisma/enums";
import { ownerDb } from "../../support/factories";
import { crmTenant, ctxOf, fails } from "./support";

async function dealIn(roles: OrgRole[] = ["OWNER", "MEMBER", "VIEWER"]) {
  const t = await crmTenant({ roles });
  const ctx = await ctxOf(t, "MEMBER", "deals:write");
  const contact = await createContact(await ctxOf(t, "MEMBER"), { organization: t.org.slug, name: "Smith" });
  const deal = await createDeal(ctx, {
    organization: t.org.slug,
    contactId: contact.id,
    title: "Smith purchase",
    value: 500_000,
    stage: "SHOWING",
  });
  return { t, ctx, deal, org: t.org.slug };
}

const row = (id: string) => ownerDb().deal.findUniqueOrThrow({ where: { id } });
const entries = (id: string) =>
  ownerDb().auditLog.findMany({ where: { entityId: id }, orderBy: { seq: "asc" } });

describe("deal lifecycle", () => {
  it("moves through the stages, closes as won with its value and day, and keeps the history", async () => {
    const { t, ctx, deal, org } = await dealIn();
    expect(
      await moveDealStage(ctx, { organization: org, id: deal.id, stage: "OFFER", version: 1 }),
    ).toMatchObject({ stage: "OFFER", version: 2 });
    expect((await row(deal.id)).closedAt).toBeNull();
    await moveDealStage(ctx, {
      organization: org,
      id: deal.id,
      stage: "CLOSED_WON",
      version: 2,
      closedValue: "512,000",
      closedOn: "2026-11-30",
    });
    const won = await row(deal.id);
    expect(won).toMatchObject({ stage: "CLOSED_WON", version: 3, lostReason: null });
    expect(won.value.toFixed(2)).toBe("512000.00");
    expect(won.closedAt?.toISOString()).toBe("2026-11-30T12:00:00.000Z");

    // Reopening clears the closing; the history lists every move, newest first, with who made it.
    await moveDealStage(ctx, { organization: org, id: deal.id, stage: "UNDER_CONTRACT", version: 3 });
    expect(await row(deal.id)).toMatchObject({ stage: "UNDER_CONTRACT", closedAt: null });
    const detail = await getDealDetail(await ctxOf(t, "VIEWER", "deals:read"), deal.id);
    expect(detail?.history.map((h) => [h.from, h.to, h.actor?.id])).toEqual([
      ["CLOSED_WON", "UNDER_CONTRACT", t.users.MEMBER!.id],
      ["OFFER", "CLOSED_WON", t.users.MEMBER!.id],
      ["SHOWING", "OFFER", t.users.MEMBER!.id],
      [null, "SHOWING", t.users.MEMBER!.id],
    ]);
    expect(detail?.history[1]).toMatchObject({ value: "512000.00", closedOn: "2026-11-30" });
  });

  it("needs a reason to mark a deal lost, and keeps it", async () => {
    const { ctx, deal, org } = await dealIn();
    for (const lostReason of [undefined, "", "   "]) {
      await expect(
        moveDealStage(ctx, { organization: org, id: deal.id, stage: "CLOSED_LOST", version: 1, lostReason }),
      ).rejects.toMatchObject({ name: "ZodError" });
    }
    expect(await row(deal.id)).toMatchObject({ stage: "SHOWING", closedAt: null });
    await moveDealStage(ctx, {
      organization: org,
      id: deal.id,
      stage: "CLOSED_LOST",
      version: 1,
      lostReason: " Went with another agent ",
    });
    const lost = await row(deal.id);
    expect(lost).toMatchObject({ stage: "CLOSED_LOST", lostReason: "Went with another agent" });
    expect(lost.closedAt).toBeInstanceOf(Date);
    expect((await entries(deal.id)).at(-1)).toMatchObject({
      action: "deal.stage_changed",
      oldValues: { stage: "SHOWING" },
      newValues: { title: "Smith purchase", stage: "CLOSED_LOST", reason: "Went with another agent" },
    });
    // The database keeps the reason with lost deals only, whatever writes it.
    await expect(
      ownerDb().deal.update({ where: { id: deal.id }, data: { stage: "OFFER", lostReason: "x" } }),
    ).resolves.toMatchObject({ lostReason: null, closedAt: null });
  });

  it("refuses a move or an edit made from a stale version, and changes nothing", async () => {
    const { ctx, deal, org } = await dealIn();
    await moveDealStage(ctx, { organization: org, id: deal.id, stage: "OFFER", version: 1 });
    expect(
      await fails(moveDealStage(ctx, { organization: org, id: deal.id, stage: "LEAD", version: 1 })),
    ).toMatchObject({ code: "CONFLICT", details: { reason: "stale_version", currentVersion: 2 } });
    const { contactId } = await row(deal.id);
    expect(
      await fails(
        updateDeal(ctx, { organization: org, id: deal.id, version: 1, contactId, title: "Renamed" }),
      ),
    ).toMatchObject({ code: "CONFLICT" });
    expect(await row(deal.id)).toMatchObject({ stage: "OFFER", version: 2, title: "Smith purchase" });
    expect((await entries(deal.id)).map((e) => e.action)).toEqual(["deal.created", "deal.stage_changed"]);
  });

  it("refuses viewers through the action's check and through RLS", async () => {
    const { t, deal, org } = await dealIn();
    expect(await fails(ctxOf(t, "VIEWER", "deals:write"))).toMatchObject({
      code: "FORBIDDEN",
      details: { layer: "org_role" },
    });
    // Even handed a context, the viewer's writes reach no row (the app role's policies need deals:write).
    const viewer = await ctxOf(t, "VIEWER", "deals:read");
    await expect(
      moveDealStage(viewer, { organization: org, id: deal.id, stage: "OFFER", version: 1 }),
    ).rejects.toBeTruthy();
    await expect(
      addDealNote(viewer, { organization: org, dealId: deal.id, body: "hi" }),
    ).rejects.toBeTruthy();
    expect(await row(deal.id)).toMatchObject({ stage: "SHOWING", version: 1 });
    expect(await ownerDb().dealNote.count({ where: { dealId: deal.id } })).toBe(0);
  });

  it("treats another organization's deal as not found", async () => {
    const { deal } = await dealIn();
    const other = await crmTenant({ roles: ["OWNER"] });
    const ctx = await ctxOf(other, "OWNER", "deals:write");
    const org = other.org.slug;
    expect(
      await fails(moveDealStage(ctx, { organization: org, id: deal.id, stage: "OFFER", version: 1 })),
    ).toMatchObject({ code: "NOT_FOUND" });
    expect(await fails(addDealNote(ctx, { organization: org, dealId: deal.id, body: "x" }))).toMatchObject({
      code: "NOT_FOUND",
    });
    expect(await getDealDetail(ctx, deal.id)).toBeNull();
    expect(await row(deal.id)).toMatchObject({ stage: "SHOWING", version: 1 });
  });

  it("adds notes with their author and an audit entry", async () => {
    const { t, ctx, deal, org } = await dealIn();
    await addDealNote(ctx, { organization: org, dealId: deal.id, body: " Second showing Saturday " });
    const detail = await getDealDetail(await ctxOf(t, "VIEWER", "deals:read"), deal.id);
    expect(detail?.notes).toEqual([
      expect.objectContaining({
        body: "Second showing Saturday",
        author: expect.objectContaining({ id: t.users.MEMBER!.id }),
      }),
    ]);
    expect((await entries(deal.id)).at(-1)).toMatchObject({
      action: "deal.note_added",
      userId: t.users.MEMBER!.id,
      audience: "team",
      newValues: { title: "Smith purchase" },
    });
    await expect(addDealNote(ctx, { organization: org, dealId: deal.id, body: "   " })).rejects.toMatchObject(
      { name: "ZodError" },
    );
    // Nobody writes a note in a teammate's name, even through the app's role directly.
    await expect(
      withTenantContext(ctx, (tx) =>
        tx.dealNote.create({
          data: { organizationId: t.org.id, dealId: deal.id, body: "Forged", createdBy: t.users.OWNER!.id },
        }),
      ),
    ).rejects.toBeTruthy();
    expect(await ownerDb().dealNote.count({ where: { dealId: deal.id } })).toBe(1);
  });

  it("starts one transaction from a deal and links them", async () => {
    const { t, deal, org } = await dealIn();
    const ctx = await ctxOf(t, "MEMBER", "loops:write");
    const loop = await startLoopFromDeal(ctx, {
      organization: org,
      dealId: deal.id,
      propertyAddress: "12 Elm St",
      transactionType: "PURCHASE",
    });
    expect(await row(deal.id)).toMatchObject({ loopId: loop.id, version: 2 });
    expect((await getDealDetail(ctx, deal.id))?.loop).toMatchObject({
      id: loop.id,
      propertyAddress: "12 Elm St",
    });
    expect(
      await fails(
        startLoopFromDeal(ctx, {
          organization: org,
          dealId: deal.id,
          propertyAddress: "Again",
          transactionType: "PURCHASE",
        }),
      ),
    ).toMatchObject({ code: "CONFLICT" });
    expect(await ownerDb().transactionLoop.count({ where: { organizationId: t.org.id } })).toBe(1);
    // Deleting the loop only unlinks the deal.
    await ownerDb().transactionLoop.delete({ where: { id: loop.id } });
    expect(await row(deal.id)).toMatchObject({ loopId: null, stage: "SHOWING" });
  });
});
