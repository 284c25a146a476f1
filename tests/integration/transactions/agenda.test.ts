// The agendas: pending key dates in the next 14 days and overdue tasks of open loops — a member's own (loops they
// take part in, tasks assigned to them) and the whole organization's.
import { describe, expect, it } from "vitest";
import { addDays } from "@/lib/modules/transactions/checklist";
import { getMyAgenda, getOrganizationAgenda } from "@/lib/modules/transactions";
import { saveKeyDate } from "@/lib/modules/transactions/services/key-dates";
import { changeLoopStatus, createLoop } from "@/lib/modules/transactions/services/loops";
import { addTask, setTaskCompleted } from "@/lib/modules/transactions/services/tasks";
import { seedTenant } from "../../support/factories";
import { ctxFor } from "./support/helpers";

const today = () => new Date().toISOString().slice(0, 10);

describe("agendas", () => {
  it("a member's agenda holds their loops' key dates and overdue tasks and tasks assigned to them; the organization's holds all", async () => {
    const t = await seedTenant({ roles: ["OWNER", "MEMBER"] });
    const org = t.org.slug;
    const member = await ctxFor(t.users.MEMBER!, org);
    const owner = await ctxFor(t.users.OWNER!, org);
    const loop = async (ctx: typeof owner, propertyAddress: string) =>
      (await createLoop(ctx, { organization: org, propertyAddress, transactionType: "PURCHASE" })).id;
    const keyDate = (
      ctx: typeof owner,
      loopId: string,
      kind: "ACCEPTANCE" | "INSPECTION" | "CLOSING",
      days: number,
    ) =>
      saveKeyDate(ctx, { organization: org, loopId, kind, date: addDays(today(), days), status: "PENDING" });

    // The member's loop (they created it: buyer's agent): acceptance 10 days ago makes the earnest money task
    // (acceptance + 3) overdue; inspection in 10 days is coming up (ordering it, 7 days before, isn't due yet),
    // closing in 20 days is too far out.
    const mine = await loop(member, "1 Mine Street");
    await keyDate(member, mine, "ACCEPTANCE", -10);
    const inspection = (await keyDate(member, mine, "INSPECTION", 10)).keyDate;
    await keyDate(member, mine, "CLOSING", 20);

    // The owner's loop: closing in 5 days (not the member's); an overdue task assigned to the member, one assigned
    // to nobody, and one done.
    const theirs = await loop(owner, "2 Theirs Avenue");
    const closing = (await keyDate(owner, theirs, "CLOSING", 5)).keyDate;
    const task = (title: string, assigneeId: string | null, days: number) =>
      addTask(owner, {
        organization: org,
        loopId: theirs,
        title,
        assigneeId,
        dueDate: addDays(today(), days),
      });
    const assigned = (await task("Chase the survey", t.users.MEMBER!.id, -1)).task;
    const unassigned = (await task("Call the title company", null, -2)).task;
    const done = (await task("Already done", t.users.MEMBER!.id, -3)).task;
    await setTaskCompleted(owner, { organization: org, taskId: done.id, completed: true });
    await task("Due today is not overdue", t.users.MEMBER!.id, 0);

    // Key dates that are met, or on cancelled loops, are off every agenda.
    const met = (await keyDate(owner, theirs, "INSPECTION", 12)).keyDate;
    await saveKeyDate(owner, {
      organization: org,
      loopId: theirs,
      kind: "INSPECTION",
      date: met.date,
      status: "MET",
    });
    const cancelled = await loop(member, "3 Cancelled Close");
    await keyDate(member, cancelled, "INSPECTION", 1);
    await keyDate(member, cancelled, "ACCEPTANCE", -10);
    await changeLoopStatus(member, { organization: org, loopId: cancelled, status: "CANCELLED" });

    // Another organization's agenda items never show.
    const other = await seedTenant({ roles: ["OWNER"] });
    const stranger = await ctxFor(other.users.OWNER!, other.org.slug);
    const foreign = (
      await createLoop(stranger, {
        organization: other.org.slug,
        propertyAddress: "9 Elsewhere",
        transactionType: "PURCHASE",
      })
    ).id;
    await saveKeyDate(stranger, {
      organization: other.org.slug,
      loopId: foreign,
      kind: "INSPECTION",
      date: addDays(today(), 1),
    });

    const earnest = "Deliver earnest money deposit";
    const my = await getMyAgenda(member);
    expect(my.keyDates.map((k) => [k.id, k.loop.propertyAddress])).toEqual([
      [inspection.id, "1 Mine Street"],
    ]);
    expect(my.overdueTasks.map((x) => x.title).sort()).toEqual([earnest, assigned.title].sort());
    expect(my).toMatchObject({ keyDateCount: 1, overdueCount: 2 });
    // Soonest first.
    expect(my.overdueTasks.map((x) => x.dueDate)).toEqual([...my.overdueTasks.map((x) => x.dueDate)].sort());

    const all = await getOrganizationAgenda(owner);
    expect(all.keyDates.map((k) => k.id)).toEqual([closing.id, inspection.id]);
    expect(all.overdueTasks.map((x) => x.title).sort()).toEqual(
      [earnest, assigned.title, unassigned.title].sort(),
    );
    expect(all.overdueTasks.find((x) => x.id === assigned.id)).toMatchObject({
      dueDate: addDays(today(), -1),
      loop: { id: theirs, propertyAddress: "2 Theirs Avenue" },
      assignee: { id: t.users.MEMBER!.id },
    });
    expect(all).toMatchObject({ keyDateCount: 2, overdueCount: 3 });

    // The owner's own agenda: their loop only (they aren't on the member's loop).
    const ownerOwn = await getMyAgenda(owner);
    expect(ownerOwn.keyDates.map((k) => k.id)).toEqual([closing.id]);
    expect(ownerOwn.overdueTasks.map((x) => x.id).sort()).toEqual([assigned.id, unassigned.id].sort());
    expect((await getOrganizationAgenda(stranger)).keyDates.map((k) => k.loop.id)).toEqual([foreign]);
  });
});
