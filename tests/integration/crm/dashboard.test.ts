// The CRM dashboard's numbers: contacts by status, new in the last 7 days, deal count/sum/average, the next
// 7 days' follow-ups (top 10, with assignee names), and that numbers follow the data.
import { describe, expect, it } from "vitest";
import { getCrmDashboard } from "@/lib/modules/crm/queries/dashboard";
import { createContact } from "@/lib/modules/crm/services/contacts";
import { createDeal } from "@/lib/modules/crm/services/deals";
import { ownerDb } from "../../support/factories";
import { crmTenant, ctxOf } from "./support";

const DAY = 86_400_000;

describe("CRM dashboard", () => {
  it("counts contacts by status, new ones, deals and upcoming follow-ups", async () => {
    const t = await crmTenant({ roles: ["OWNER", "MEMBER"] });
    const write = await ctxOf(t, "OWNER");
    const org = t.org.slug;
    const read = await ctxOf(t, "MEMBER", "contacts:read");

    const empty = await getCrmDashboard(read);
    expect(empty.contacts).toMatchObject({ total: 0, newLast7Days: 0 });
    expect(empty.deals).toMatchObject({ count: 0, sum: "0", average: null });
    expect(empty.followUps).toEqual([]);
    expect(empty.newPerDay).toHaveLength(7);

    const lead = await createContact(write, {
      organization: org,
      name: "Lead One",
      status: "LEAD",
      nextFollowUp: new Date(Date.now() + 2 * DAY),
      assignedTo: t.users.MEMBER!.id,
    });
    await createContact(write, {
      organization: org,
      name: "Lead Two",
      status: "LEAD",
      nextFollowUp: new Date(Date.now() + 1 * DAY),
    });
    const old = await createContact(write, {
      organization: org,
      name: "Old Client",
      status: "CLIENT",
      nextFollowUp: new Date(Date.now() + 10 * DAY),
    });
    await createContact(write, {
      organization: org,
      name: "Overdue",
      status: "PROSPECT",
      nextFollowUp: new Date(Date.now() - DAY),
    });
    for (let i = 0; i < 12; i++)
      await createContact(write, {
        organization: org,
        name: `Soon ${i}`,
        nextFollowUp: new Date(Date.now() + 3 * DAY + i * 60_000),
      });
    await ownerDb().contact.update({
      where: { id: old.id },
      data: { createdAt: new Date(Date.now() - 30 * DAY) },
    });
    const deals = await ctxOf(t, "OWNER", "deals:write");
    await createDeal(deals, {
      organization: org,
      contactId: lead.id,
      title: "D1",
      value: "100.00",
      stage: "OFFER",
    });
    await createDeal(deals, {
      organization: org,
      contactId: lead.id,
      title: "D2",
      value: "250.50",
      stage: "OFFER",
    });
    await createDeal(deals, {
      organization: org,
      contactId: old.id,
      title: "D3",
      value: "49.50",
      stage: "CLOSED_WON",
    });

    const d = await getCrmDashboard(read);
    expect(d.contacts).toMatchObject({ total: 16, newLast7Days: 15, overdueFollowUps: 1 });
    expect(d.contacts.byStatus).toEqual([
      { status: "LEAD", count: 14 },
      { status: "PROSPECT", count: 1 },
      { status: "ACTIVE", count: 0 },
      { status: "CLIENT", count: 1 },
      { status: "PAST_CLIENT", count: 0 },
      { status: "LOST", count: 0 },
    ]);
    expect(d.newPerDay.reduce((n, x) => n + x.count, 0)).toBe(15);
    expect(d.deals).toMatchObject({ count: 3, sum: "400.00", average: "133.33" });
    expect(d.deals.byStage.find((s) => s.stage === "OFFER")).toEqual({
      stage: "OFFER",
      count: 2,
      sum: "350.50",
    });
    // Next 7 days only (not overdue, not in 10 days), soonest first, top 10, with the assignee's name.
    expect(d.followUps).toHaveLength(10);
    expect(d.followUps.slice(0, 3).map((f) => [f.name, f.assignee?.name ?? null])).toEqual([
      ["Lead Two", null],
      ["Lead One", t.users.MEMBER!.name],
      ["Soon 0", null],
    ]);
  });

  it("only counts the caller's organization", async () => {
    const a = await crmTenant({ roles: ["OWNER"] });
    const b = await crmTenant({ roles: ["OWNER"] });
    await createContact(await ctxOf(b, "OWNER"), { organization: b.org.slug, name: "Elsewhere" });
    expect((await getCrmDashboard(await ctxOf(a, "OWNER", "contacts:read"))).contacts.total).toBe(0);
  });
});
