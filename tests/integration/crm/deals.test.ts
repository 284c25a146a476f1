// Deals: create/edit/move/delete with audit entries, the pipeline's per-stage counts and sums, and another
// organization's deal or contact behaving as not found.
import { describe, expect, it } from "vitest";
import { getPipeline } from "@/lib/modules/crm/queries/pipeline";
import { searchContactOptions } from "@/lib/modules/crm/queries/contact-options";
import { createContact } from "@/lib/modules/crm/services/contacts";
import { createDeal, deleteDeal, moveDealStage, updateDeal } from "@/lib/modules/crm/services/deals";
import { ownerDb } from "../../support/factories";
import { crmTenant, ctxOf, fails } from "./support";

describe("deals", () => {
  it("creates, edits, moves and deletes a deal, each with its audit entry", async () => {
    const t = await crmTenant({ roles: ["OWNER", "MEMBER"] });
    const ctx = await ctxOf(t, "MEMBER", "deals:write");
    const contact = await createContact(await ctxOf(t, "MEMBER"), {
      organization: t.org.slug,
      name: "Buyer",
    });
    const deal = await createDeal(ctx, {
      organization: t.org.slug,
      contactId: contact.id,
      title: " 12 Elm St ",
      value: "1,250,000.50",
      stage: "SHOWING",
      expectedClose: "2031-06-30",
      assignedTo: t.users.OWNER!.id,
    });
    const row = await ownerDb().deal.findUniqueOrThrow({ where: { id: deal.id } });
    expect(row).toMatchObject({
      title: "12 Elm St",
      stage: "SHOWING",
      assignedTo: t.users.OWNER!.id,
      createdBy: t.users.MEMBER!.id,
    });
    expect(row.value.toFixed(2)).toBe("1250000.50");
    expect(row.expectedClose?.toISOString().slice(0, 10)).toBe("2031-06-30");

    await updateDeal(ctx, {
      organization: t.org.slug,
      id: deal.id,
      version: 1,
      contactId: contact.id,
      title: "12 Elm Street",
      value: 1_200_000,
    });
    await moveDealStage(ctx, { organization: t.org.slug, id: deal.id, stage: "UNDER_CONTRACT", version: 2 });
    expect(await ownerDb().deal.findUniqueOrThrow({ where: { id: deal.id } })).toMatchObject({
      title: "12 Elm Street",
      stage: "UNDER_CONTRACT",
      assignedTo: null,
      expectedClose: null,
    });
    await deleteDeal(ctx, { organization: t.org.slug, id: deal.id });
    expect(await ownerDb().deal.count({ where: { id: deal.id } })).toBe(0);
    const actions = (
      await ownerDb().auditLog.findMany({
        where: { organizationId: t.org.id, entityId: deal.id },
        orderBy: { seq: "asc" },
      })
    ).map((e) => e.action);
    expect(actions).toEqual(["deal.created", "deal.updated", "deal.stage_changed", "deal.deleted"]);
  });

  it("validates values: negative, too many decimals, not a number", async () => {
    const t = await crmTenant({ roles: ["OWNER"] });
    const ctx = await ctxOf(t, "OWNER", "deals:write");
    const contact = await createContact(await ctxOf(t, "OWNER"), { organization: t.org.slug, name: "C" });
    for (const value of [-1, "10.555", "lots"]) {
      await expect(
        createDeal(ctx, { organization: t.org.slug, contactId: contact.id, title: "X", value }),
      ).rejects.toMatchObject({ name: "ZodError" });
    }
  });

  it("treats another organization's deal, contact or assignee as not found / not allowed", async () => {
    const mine = await crmTenant({ roles: ["OWNER"] });
    const theirs = await crmTenant({ roles: ["OWNER"] });
    const theirContact = await createContact(await ctxOf(theirs, "OWNER"), {
      organization: theirs.org.slug,
      name: "Theirs",
    });
    const theirDeal = await createDeal(await ctxOf(theirs, "OWNER", "deals:write"), {
      organization: theirs.org.slug,
      contactId: theirContact.id,
      title: "Their deal",
    });
    const ctx = await ctxOf(mine, "OWNER", "deals:write");
    const myContact = await createContact(await ctxOf(mine, "OWNER"), {
      organization: mine.org.slug,
      name: "Mine",
    });
    expect(
      await fails(
        updateDeal(ctx, {
          organization: mine.org.slug,
          id: theirDeal.id,
          version: 1,
          contactId: myContact.id,
          title: "Stolen",
        }),
      ),
    ).toMatchObject({ code: "NOT_FOUND" });
    expect(
      await fails(
        moveDealStage(ctx, {
          organization: mine.org.slug,
          id: theirDeal.id,
          stage: "CLOSED_LOST",
          version: 1,
          lostReason: "Stolen",
        }),
      ),
    ).toMatchObject({ code: "NOT_FOUND" });
    expect(await fails(deleteDeal(ctx, { organization: mine.org.slug, id: theirDeal.id }))).toMatchObject({
      code: "NOT_FOUND",
    });
    expect(
      await fails(createDeal(ctx, { organization: mine.org.slug, contactId: theirContact.id, title: "X" })),
    ).toMatchObject({ code: "NOT_FOUND", fieldErrors: { contactId: [expect.any(String)] } });
    expect(
      await fails(
        createDeal(ctx, {
          organization: mine.org.slug,
          contactId: myContact.id,
          title: "X",
          assignedTo: theirs.users.OWNER!.id,
        }),
      ),
    ).toMatchObject({ code: "VALIDATION" });
    expect(await ownerDb().deal.findUniqueOrThrow({ where: { id: theirDeal.id } })).toMatchObject({
      title: "Their deal",
      stage: "LEAD",
    });
    expect(await searchContactOptions(await ctxOf(mine, "OWNER", "contacts:read"), "Theirs")).toEqual([]);
  });

  it("a viewer can read the pipeline but not change deals", async () => {
    const t = await crmTenant({ roles: ["OWNER", "VIEWER"] });
    await expect(ctxOf(t, "VIEWER", "deals:read")).resolves.toBeTruthy();
    expect(await fails(ctxOf(t, "VIEWER", "deals:write"))).toMatchObject({
      code: "FORBIDDEN",
      details: { layer: "org_role" },
    });
  });

  it("builds the pipeline: every stage with its count and sum, newest deals first with contact and assignee", async () => {
    const t = await crmTenant({ roles: ["OWNER", "MEMBER"] });
    const ctx = await ctxOf(t, "OWNER", "deals:write");
    const c = await createContact(await ctxOf(t, "OWNER"), {
      organization: t.org.slug,
      name: "Pipeline Contact",
    });
    await createDeal(ctx, {
      organization: t.org.slug,
      contactId: c.id,
      title: "A",
      value: "100.10",
      stage: "OFFER",
    });
    await createDeal(ctx, {
      organization: t.org.slug,
      contactId: c.id,
      title: "B",
      value: "200.20",
      stage: "OFFER",
      assignedTo: t.users.MEMBER!.id,
    });
    await createDeal(ctx, { organization: t.org.slug, contactId: c.id, title: "C", value: 5, stage: "LEAD" });
    const columns = await getPipeline(await ctxOf(t, "MEMBER", "deals:read"));
    expect(columns.map((col) => col.stage)).toEqual([
      "LEAD",
      "QUALIFIED",
      "SHOWING",
      "OFFER",
      "UNDER_CONTRACT",
      "CLOSED_WON",
      "CLOSED_LOST",
    ]);
    const offer = columns.find((col) => col.stage === "OFFER")!;
    expect(offer).toMatchObject({ count: 2, sum: "300.30" });
    expect(offer.deals.map((d) => [d.title, d.contact.name, d.assignee?.name ?? null])).toEqual([
      ["B", "Pipeline Contact", t.users.MEMBER!.name],
      ["A", "Pipeline Contact", null],
    ]);
    expect(columns.find((col) => col.stage === "SHOWING")).toMatchObject({ count: 0, sum: "0", deals: [] });
  });
});
