// Key dates and contingencies: setting one moves the tasks due relative to it (not those someone dated by hand) in
// the same transaction, audited; closing and the loop's expected closing are one date; custom dates come and go.
import { describe, expect, it } from "vitest";
import { getLoop } from "@/lib/modules/transactions";
import { saveKeyDate, removeKeyDate } from "@/lib/modules/transactions/services/key-dates";
import { createLoop, updateLoop } from "@/lib/modules/transactions/services/loops";
import { updateTask } from "@/lib/modules/transactions/services/tasks";
import { ownerDb, seedTenant } from "../../support/factories";
import { ctxFor, failure } from "./support/helpers";

async function purchaseLoop() {
  const t = await seedTenant({ roles: ["OWNER", "MEMBER", "VIEWER"] });
  const ctx = await ctxFor(t.users.MEMBER!, t.org.slug);
  const { id } = await createLoop(ctx, {
    organization: t.org.slug,
    propertyAddress: "5 Anchor Row",
    transactionType: "PURCHASE",
    expectedClosing: "2027-07-30",
  });
  const task = async (title: string) => (await getLoop(ctx, id)).tasks.find((x) => x.title === title)!;
  return { t, ctx, org: t.org.slug, loopId: id, task };
}

const entries = (loopId: string, action: string) =>
  ownerDb().auditLog.findMany({ where: { entityId: loopId, action }, orderBy: { seq: "asc" } });

describe("moving tasks with their key date", () => {
  it("setting the inspection date moves the tasks that follow it, not one dated by hand, with one audited change", async () => {
    const { ctx, org, loopId, task } = await purchaseLoop();
    const order = await task("Order the home inspection"); // inspection − 7 days
    const review = await task("Review the inspection report with the buyer"); // inspection − 2 days
    const closingTask = await task("Schedule the final walkthrough"); // closing − 2 days
    // Someone dates the review by hand: it stops following the inspection.
    const edited = await updateTask(ctx, {
      organization: org,
      taskId: review.id,
      title: review.title,
      category: review.category,
      status: review.status,
      assigneeId: review.assignee?.id,
      dueDate: "2027-05-20",
    });
    expect(edited.task).toMatchObject({ dueDate: "2027-05-20", dueDateManual: true });
    // Editing another field keeps a task following its key date.
    const renamed = await updateTask(ctx, {
      organization: org,
      taskId: order.id,
      title: "Order the home inspection (radon too)",
      category: order.category,
      status: order.status,
      assigneeId: order.assignee?.id,
      dueDate: order.dueDate,
    });
    expect(renamed.task).toMatchObject({ dueDate: null, dueDateManual: false });

    const saved = await saveKeyDate(ctx, {
      organization: org,
      loopId,
      kind: "INSPECTION",
      date: "2027-05-10",
      status: "PENDING",
    });
    expect(saved).toMatchObject({ keyDate: { kind: "INSPECTION", date: "2027-05-10" }, movedTasks: 1 });
    const loop = await getLoop(ctx, loopId);
    const byId = (id: string) => loop.tasks.find((x) => x.id === id)!;
    expect(byId(order.id)).toMatchObject({
      dueDate: "2027-05-03",
      keyDateKind: "INSPECTION",
      dueOffsetDays: -7,
    });
    expect(byId(review.id)).toMatchObject({ dueDate: "2027-05-20", dueDateManual: true });
    expect(byId(closingTask.id).dueDate).toBe("2027-07-28");
    expect(loop.keyDates.find((k) => k.kind === "INSPECTION")).toMatchObject({ date: "2027-05-10" });

    expect(await entries(loopId, "key_date.set")).toMatchObject([
      {
        entityType: "transaction_loop",
        oldValues: { kind: "INSPECTION", date: null },
        newValues: { propertyAddress: "5 Anchor Row", kind: "INSPECTION", date: "2027-05-10" },
      },
    ]);
    expect(await entries(loopId, "task.due_dates_moved")).toMatchObject([
      {
        entityType: "transaction_loop",
        newValues: {
          keyDate: "INSPECTION",
          tasks: [
            { id: order.id, title: "Order the home inspection (radon too)", from: null, to: "2027-05-03" },
          ],
        },
      },
    ]);

    // Moving it again moves the task again; clearing it clears the task's due date.
    await saveKeyDate(ctx, {
      organization: org,
      loopId,
      kind: "INSPECTION",
      date: "2027-05-12",
      status: "PENDING",
    });
    expect((await getLoop(ctx, loopId)).tasks.find((x) => x.id === order.id)?.dueDate).toBe("2027-05-05");
    await saveKeyDate(ctx, { organization: org, loopId, kind: "INSPECTION", date: "", status: "PENDING" });
    expect((await getLoop(ctx, loopId)).tasks.find((x) => x.id === order.id)?.dueDate).toBeNull();
    expect(await entries(loopId, "task.due_dates_moved")).toHaveLength(3);
  });

  it("a status change is audited without moving anything; saving the same values writes nothing", async () => {
    const { ctx, org, loopId } = await purchaseLoop();
    const set = (status: "PENDING" | "MET" | "WAIVED") =>
      saveKeyDate(ctx, { organization: org, loopId, kind: "APPRAISAL", date: "2027-06-01", status });
    await set("PENDING");
    expect(await set("WAIVED")).toMatchObject({ keyDate: { status: "WAIVED" }, movedTasks: 0 });
    await set("WAIVED");
    const changes = await entries(loopId, "key_date.set");
    expect(changes.map((e) => e.newValues)).toMatchObject([
      { kind: "APPRAISAL", date: "2027-06-01" },
      { kind: "APPRAISAL", status: "WAIVED" },
    ]);
    expect(changes[1]!.oldValues).toMatchObject({ status: "PENDING" });
    expect(await entries(loopId, "task.due_dates_moved")).toHaveLength(1);
  });

  it("a task dated by hand follows its key date again when asked, and moves with it from then on", async () => {
    const { ctx, org, loopId, task } = await purchaseLoop();
    await saveKeyDate(ctx, { organization: org, loopId, kind: "INSPECTION", date: "2027-05-10" });
    const review = await task("Review the inspection report with the buyer"); // inspection − 2 days
    const edit = (dueDate: string | null, followKeyDate: boolean) =>
      updateTask(ctx, {
        organization: org,
        taskId: review.id,
        title: review.title,
        category: review.category,
        status: review.status,
        assigneeId: review.assignee?.id,
        dueDate,
        followKeyDate,
      });
    expect((await edit("2027-05-20", false)).task).toMatchObject({
      dueDate: "2027-05-20",
      dueDateManual: true,
    });
    // The date field is ignored when the task follows its key date again.
    expect((await edit("2027-05-20", true)).task).toMatchObject({
      dueDate: "2027-05-08",
      dueDateManual: false,
    });
    await saveKeyDate(ctx, { organization: org, loopId, kind: "INSPECTION", date: "2027-05-14" });
    expect((await task(review.title)).dueDate).toBe("2027-05-12");
    const audited = await ownerDb().auditLog.findMany({
      where: { entityId: review.id, action: "task.updated" },
      orderBy: { seq: "asc" },
    });
    expect(audited.map((e) => [e.oldValues, e.newValues])).toMatchObject([
      [
        { dueDate: "2027-05-08", dueDateManual: false },
        { dueDate: "2027-05-20", dueDateManual: true },
      ],
      [
        { dueDate: "2027-05-20", dueDateManual: true },
        { dueDate: "2027-05-08", dueDateManual: false },
      ],
    ]);
  });
});

describe("closing is the loop's expected closing", () => {
  it("setting the closing key date changes the loop's expected closing, and editing the loop changes the key date", async () => {
    const { ctx, org, loopId, task } = await purchaseLoop();
    const walkthrough = await task("Schedule the final walkthrough"); // closing − 2 days
    expect(walkthrough.dueDate).toBe("2027-07-28");

    await saveKeyDate(ctx, {
      organization: org,
      loopId,
      kind: "CLOSING",
      date: "2027-08-16",
      status: "PENDING",
    });
    let loop = await getLoop(ctx, loopId);
    expect(loop.expectedClosing).toBe("2027-08-16");
    expect(loop.tasks.find((x) => x.id === walkthrough.id)?.dueDate).toBe("2027-08-14");

    await updateLoop(ctx, {
      organization: org,
      loopId,
      propertyAddress: "5 Anchor Row",
      transactionType: "PURCHASE",
      expectedClosing: "2027-09-01",
    });
    loop = await getLoop(ctx, loopId);
    expect(loop.keyDates.find((k) => k.kind === "CLOSING")).toMatchObject({ date: "2027-09-01" });
    expect(loop.tasks.find((x) => x.id === walkthrough.id)?.dueDate).toBe("2027-08-30");
    const moves = await entries(loopId, "task.due_dates_moved");
    expect(moves).toHaveLength(2);
    expect(moves[1]!.newValues).toMatchObject({
      keyDate: "CLOSING",
      tasks: expect.arrayContaining([
        { id: walkthrough.id, title: walkthrough.title, from: "2027-08-14", to: "2027-08-30" },
      ]),
    });
    // The loop edit is one loop.updated entry; the closing key date's own entry is for changes made to it.
    expect(await entries(loopId, "loop.updated")).toHaveLength(1);
    expect(await entries(loopId, "key_date.set")).toHaveLength(1);

    // Editing the loop without touching the closing moves nothing.
    await updateLoop(ctx, {
      organization: org,
      loopId,
      propertyAddress: "5 Anchor Row, Portsmouth",
      transactionType: "PURCHASE",
      expectedClosing: "2027-09-01",
    });
    expect(await entries(loopId, "task.due_dates_moved")).toHaveLength(2);
  });
});

describe("custom key dates", () => {
  it("are added with a label, edited and removed; standard ones are cleared, not removed", async () => {
    const { t, ctx, org, loopId } = await purchaseLoop();
    await expect(
      saveKeyDate(ctx, { organization: org, loopId, kind: "CUSTOM", date: "2027-05-01", status: "PENDING" }),
    ).rejects.toThrow(/Name the date/);
    const { keyDate } = await saveKeyDate(ctx, {
      organization: org,
      loopId,
      kind: "CUSTOM",
      label: "HOA documents review",
      date: "2027-05-01",
      status: "PENDING",
    });
    await saveKeyDate(ctx, {
      organization: org,
      loopId,
      kind: "CUSTOM",
      keyDateId: keyDate.id,
      label: "HOA documents review",
      date: "2027-05-03",
      status: "MET",
    });
    expect((await getLoop(ctx, loopId)).keyDates.find((k) => k.id === keyDate.id)).toMatchObject({
      kind: "CUSTOM",
      label: "HOA documents review",
      date: "2027-05-03",
      status: "MET",
    });
    await removeKeyDate(ctx, { organization: org, keyDateId: keyDate.id });
    expect((await getLoop(ctx, loopId)).keyDates.some((k) => k.id === keyDate.id)).toBe(false);
    expect(await entries(loopId, "key_date.removed")).toMatchObject([
      { oldValues: { label: "HOA documents review", date: "2027-05-03" } },
    ]);

    const closing = (await getLoop(ctx, loopId)).keyDates.find((k) => k.kind === "CLOSING")!;
    expect(await failure(removeKeyDate(ctx, { organization: org, keyDateId: closing.id }))).toMatchObject({
      code: "CONFLICT",
    });
    // Another organization can neither see nor change them.
    const other = await seedTenant({ roles: ["OWNER"] });
    const stranger = await ctxFor(other.users.OWNER!, other.org.slug);
    expect(
      await failure(removeKeyDate(stranger, { organization: other.org.slug, keyDateId: closing.id })),
    ).toMatchObject({ code: "NOT_FOUND" });
    expect(
      await failure(
        saveKeyDate(stranger, { organization: other.org.slug, loopId, kind: "CLOSING", date: "2030-01-01" }),
      ),
    ).toMatchObject({ code: "NOT_FOUND" });
    expect(await ownerDb().loopKeyDate.count({ where: { organizationId: t.org.id, kind: "CLOSING" } })).toBe(
      1,
    );
    expect((await getLoop(ctx, loopId)).expectedClosing).toBe("2027-07-30");
  });

  it("a viewer's context is refused by the database and changes nothing", async () => {
    const { t, org, loopId } = await purchaseLoop();
    const viewer = await ctxFor(t.users.VIEWER!, org, "loops:read");
    const err = await failure(
      saveKeyDate(viewer, { organization: org, loopId, kind: "CLOSING", date: "2030-01-01", status: "MET" }),
    );
    expect(["FORBIDDEN", "NOT_FOUND"]).toContain(err.code);
    expect(await ownerDb().loopKeyDate.findFirst({ where: { loopId, kind: "CLOSING" } })).toMatchObject({
      status: "PENDING",
    });
    expect(await entries(loopId, "key_date.set")).toEqual([]);
  });
});
