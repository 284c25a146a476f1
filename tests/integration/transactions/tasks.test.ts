// Tasks: completing/reopening/adding/deleting recompute the loop's progress in the same transaction,
// completed follows status, assignees must be accepted members, reordering, concurrency and tenancy.
import { describe, expect, it } from "vitest";
import { getLoop } from "@/lib/modules/transactions";
import { createLoop } from "@/lib/modules/transactions/services/loops";
import {
  addTask,
  deleteTask,
  reorderTasks,
  setTaskCompleted,
  updateTask,
} from "@/lib/modules/transactions/services/tasks";
import { addMember, createUser, ownerDb, seedTenant } from "../../support/factories";
import { ctxFor, failure } from "./support/helpers";

async function loopWithTasks(roles: Array<"OWNER" | "MEMBER" | "VIEWER"> = ["OWNER"]) {
  const t = await seedTenant({ roles });
  const ctx = await ctxFor(t.users[roles[0]!]!, t.org.slug);
  const { id } = await createLoop(ctx, {
    organization: t.org.slug,
    propertyAddress: "3 Mill Lane",
    transactionType: "PURCHASE",
  });
  const loop = await getLoop(ctx, id);
  return { t, ctx, loopId: id, tasks: loop.tasks };
}

/** Progress as the database computes it: done / total, a whole percentage. */
const pct = (done: number, total: number) => Math.round((100 * done) / total);

describe("progress", () => {
  it("completing and reopening tasks recomputes the loop's progress", async () => {
    const { t, ctx, loopId, tasks } = await loopWithTasks();
    const org = t.org.slug;
    const n = tasks.length;
    const done = await setTaskCompleted(ctx, { organization: org, taskId: tasks[0]!.id, completed: true });
    expect(done).toMatchObject({ progress: pct(1, n), task: { status: "DONE", completed: true } });
    expect(done.task.completedAt).not.toBeNull();
    expect((await getLoop(ctx, loopId)).progress).toBe(pct(1, n));
    expect(
      (await setTaskCompleted(ctx, { organization: org, taskId: tasks[1]!.id, completed: true })).progress,
    ).toBe(pct(2, n));
    // Repeating is a no-op (no second audit entry).
    expect(
      (await setTaskCompleted(ctx, { organization: org, taskId: tasks[1]!.id, completed: true })).progress,
    ).toBe(pct(2, n));
    const reopened = await setTaskCompleted(ctx, {
      organization: org,
      taskId: tasks[0]!.id,
      completed: false,
    });
    expect(reopened).toMatchObject({
      progress: pct(1, n),
      task: { status: "TODO", completed: false, completedAt: null },
    });
    const audit = await ownerDb().auditLog.findMany({
      where: { organizationId: t.org.id, action: { startsWith: "task." } },
      orderBy: { createdAt: "asc" },
    });
    expect(audit.map((a) => a.action)).toEqual(["task.completed", "task.completed", "task.reopened"]);
    // The feed names the task ("completed the task Order the inspection"), not its type.
    for (const a of audit) expect(a.newValues).toMatchObject({ title: expect.stringMatching(/\S/) });
  });

  it("adding and deleting tasks changes the total; no tasks means 0", async () => {
    const { t, ctx, loopId, tasks } = await loopWithTasks();
    const org = t.org.slug;
    await setTaskCompleted(ctx, { organization: org, taskId: tasks[0]!.id, completed: true });
    const added = await addTask(ctx, {
      organization: org,
      loopId,
      title: "Order survey",
      category: "UNDER_CONTRACT",
      dueDate: "2027-01-15",
    });
    const n = tasks.length;
    expect(added.progress).toBe(pct(1, n + 1));
    expect(added.task).toMatchObject({
      title: "Order survey",
      sortOrder: n,
      dueDate: "2027-01-15",
      status: "TODO",
    });
    const after: number[] = [];
    for (const task of [...tasks.slice(1), added.task])
      after.push((await deleteTask(ctx, { organization: org, taskId: task.id })).progress);
    // n + 1 tasks, one done: deleting the others one by one leaves n, n - 1, …, 1.
    expect(after).toEqual(Array.from({ length: n }, (_, i) => pct(1, n - i)));
    expect((await deleteTask(ctx, { organization: org, taskId: tasks[0]!.id })).progress).toBe(0);
    expect(await getLoop(ctx, loopId)).toMatchObject({ progress: 0, tasks: [] });
  });

  it("keeps completed consistent with status when editing", async () => {
    const { t, ctx, loopId, tasks } = await loopWithTasks();
    const base = {
      organization: t.org.slug,
      taskId: tasks[2]!.id,
      title: "Inspection booked",
      category: "UNDER_CONTRACT" as const,
    };
    const done = await updateTask(ctx, { ...base, status: "DONE" });
    expect(done).toMatchObject({
      progress: pct(1, tasks.length),
      task: { status: "DONE", completed: true, title: "Inspection booked" },
    });
    const inProgress = await updateTask(ctx, { ...base, status: "IN_PROGRESS" });
    expect(inProgress).toMatchObject({
      progress: 0,
      task: { status: "IN_PROGRESS", completed: false, completedAt: null },
    });
    const rows = await ownerDb().transactionTask.findMany({ where: { loopId } });
    for (const row of rows) expect(row.completed).toBe(row.status === "DONE");
  });

  it("concurrent completions all count (the loop row is locked per change)", async () => {
    const { t, ctx, loopId, tasks } = await loopWithTasks();
    const results = await Promise.all(
      tasks.map((task) =>
        setTaskCompleted(ctx, { organization: t.org.slug, taskId: task.id, completed: true }),
      ),
    );
    expect(Math.max(...results.map((r) => r.progress))).toBe(100);
    expect((await getLoop(ctx, loopId)).progress).toBe(100);
  });
});

describe("assignees, order and tenancy", () => {
  it("assigns only accepted members of the organization", async () => {
    const { t, ctx, loopId, tasks } = await loopWithTasks(["OWNER", "MEMBER"]);
    const org = t.org.slug;
    const pending = await createUser();
    await addMember(t, pending, "MEMBER", false);
    const outsider = (await seedTenant({ roles: ["OWNER"] })).users.OWNER!;
    for (const assigneeId of [pending.id, outsider.id]) {
      const err = await failure(
        addTask(ctx, { organization: org, loopId, title: "Call lender", assigneeId }),
      );
      expect(err).toMatchObject({ code: "VALIDATION", fieldErrors: { assigneeId: [expect.any(String)] } });
    }
    const ok = await addTask(ctx, {
      organization: org,
      loopId,
      title: "Call lender",
      assigneeId: t.users.MEMBER!.id,
    });
    expect(ok.task.assignee).toMatchObject({ id: t.users.MEMBER!.id });
    const edited = await updateTask(ctx, {
      organization: org,
      taskId: tasks[0]!.id,
      title: tasks[0]!.title,
      category: "PRE_LISTING",
      status: "TODO",
      assigneeId: t.users.OWNER!.id,
      dueDate: "",
    });
    expect(edited.task.assignee?.id).toBe(t.users.OWNER!.id);
    expect(
      await failure(
        updateTask(ctx, {
          organization: org,
          taskId: tasks[0]!.id,
          title: "x",
          category: "OTHER",
          status: "TODO",
          assigneeId: outsider.id,
        }),
      ),
    ).toMatchObject({ code: "VALIDATION" });
  });

  it("reorders all of a loop's tasks at once and refuses a list that isn't exactly the loop's tasks", async () => {
    const { t, ctx, loopId, tasks } = await loopWithTasks();
    const reversed = tasks.map((task) => task.id).reverse();
    await reorderTasks(ctx, { organization: t.org.slug, loopId, taskIds: reversed });
    expect((await getLoop(ctx, loopId)).tasks.map((task) => task.id)).toEqual(reversed);
    expect(
      await failure(reorderTasks(ctx, { organization: t.org.slug, loopId, taskIds: reversed.slice(1) })),
    ).toMatchObject({ code: "CONFLICT" });
    const other = await loopWithTasks();
    const mixed = [...reversed.slice(1), other.tasks[0]!.id];
    expect(
      await failure(reorderTasks(ctx, { organization: t.org.slug, loopId, taskIds: mixed })),
    ).toMatchObject({ code: "CONFLICT" });
    expect(await ownerDb().auditLog.count({ where: { entityId: loopId, action: "task.reordered" } })).toBe(1);
  });

  it("another organization's tasks are NOT_FOUND", async () => {
    const victim = await loopWithTasks();
    const attacker = await loopWithTasks();
    const org = attacker.t.org.slug;
    const taskId = victim.tasks[0]!.id;
    expect(
      await failure(setTaskCompleted(attacker.ctx, { organization: org, taskId, completed: true })),
    ).toMatchObject({ code: "NOT_FOUND" });
    expect(await failure(deleteTask(attacker.ctx, { organization: org, taskId }))).toMatchObject({
      code: "NOT_FOUND",
    });
    expect(
      await failure(addTask(attacker.ctx, { organization: org, loopId: victim.loopId, title: "x" })),
    ).toMatchObject({ code: "NOT_FOUND" });
    expect(await ownerDb().transactionTask.findUniqueOrThrow({ where: { id: taskId } })).toMatchObject({
      completed: false,
    });
  });
});
