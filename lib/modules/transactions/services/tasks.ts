import "server-only";
// Tasks of a loop: add, edit, complete/reopen, reorder, delete. Each change locks the loop row, recomputes
// the loop's progress in the same transaction and writes its audit entry; a new assignee is notified.
// `completed`/`completed_at` always follow `status` (a check constraint requires completed = (status = 'DONE')).
// A due date a person types is theirs (`due_date_manual`): the task stops following its key date
// (services/key-dates.ts) until someone asks it to follow again.
import { auditChanges, recordAudit } from "@/lib/audit/record";
import type { AuthContext } from "@/lib/auth/authorize";
import type { Prisma } from "@/lib/database/generated/prisma/client";
import type { TenantTx } from "@/lib/database/tenant";
import { AppError } from "@/lib/errors";
import {
  addTaskSchema,
  deleteTaskSchema,
  reorderTasksSchema,
  setTaskCompletedSchema,
  updateTaskSchema,
  type KeyDateKind,
  type TaskStatus,
} from "../schemas";
import { dueDateFor } from "../checklist";
import { TASK_SELECT, toTaskView, type TaskView } from "../queries/loops";
import { notify } from "@/lib/modules/notifications";
import { assertAssignee, assigneeRefused } from "@/lib/modules/organizations";
import { fromDateOnly, lockLoop, recomputeProgress, sameIds, toDateOnly, type LockedLoop } from "./shared";
import { isUuid } from "@/lib/validation";
import { tenantService } from "@/lib/service";

export interface TaskChange {
  task: TaskView;
  progress: number;
}

const taskNotFound = () => new AppError("NOT_FOUND", "We couldn't find that task.");

function completion(status: TaskStatus, previous?: { completed: boolean; completedAt: Date | null }) {
  const completed = status === "DONE";
  return {
    completed,
    completedAt: completed
      ? previous?.completed && previous.completedAt
        ? previous.completedAt
        : new Date()
      : null,
  };
}

/** Finds the task in this organization and locks its loop (returned with the task, as `loop`). */
async function lockTask(tx: TenantTx, ctx: AuthContext, taskId: string) {
  if (!isUuid(taskId)) throw taskNotFound();
  const organizationId = ctx.organization.id;
  const found = await tx.transactionTask.findFirst({
    where: { id: taskId, organizationId },
    select: { loopId: true },
  });
  if (!found) throw taskNotFound();
  const loop = await lockLoop(tx, organizationId, found.loopId);
  const task = await tx.transactionTask.findFirst({
    where: { id: taskId, organizationId },
    select: { ...TASK_SELECT, loopId: true, assigneeId: true },
  });
  if (!task) throw taskNotFound();
  return { ...task, loop };
}

/** Tells a task's new assignee (unless they assigned it to themself). */
async function notifyAssignee(
  tx: TenantTx,
  ctx: AuthContext,
  loop: Pick<LockedLoop, "id" | "propertyAddress">,
  taskId: string,
  title: string,
  assigneeId: string | null,
) {
  if (!assigneeId || assigneeId === ctx.user.id) return;
  await notify(tx, ctx, {
    userIds: [assigneeId],
    kind: "TASK_ASSIGNED",
    title: `Task assigned to you: ${title}`,
    body: `${ctx.user.name ?? ctx.user.email} assigned you a task on ${loop.propertyAddress}.`,
    link: `/${ctx.organization.slug}/transactions/${loop.id}`,
    entity: { type: "transaction_task", id: taskId },
  });
}

type TaskRow = Prisma.TransactionTaskGetPayload<{ select: typeof TASK_SELECT }>;

export const addTask = tenantService(addTaskSchema, async (tx, input, ctx): Promise<TaskChange> => {
  const organizationId = ctx.organization.id;
  // The lock and the assignee's check in one statement (private.can_be_assigned: assertAssignee's rule in SQL).
  const loop = await lockLoop(tx, organizationId, input.loopId, { assignee: input.assigneeId });
  if (!loop.assignable) throw assigneeRefused("assigneeId");
  // With the loop locked (the statement above, so this one's snapshot sees every task committed before the lock),
  // one statement takes the next position, inserts the task, sets the loop's progress — the tasks counted here
  // plus the new one, which is never done yet: recomputeProgress's rule — and returns the task as TASK_SELECT does.
  const [row] = await tx.$queryRaw<Array<TaskRow & { progress: number }>>`
    with counted as (
      select coalesce(max(sort_order), -1) + 1 as next,
             count(*) as total, count(*) filter (where completed) as done
        from public.transaction_tasks
       where organization_id = ${organizationId}::uuid and loop_id = ${input.loopId}::uuid
    ), task as (
      insert into public.transaction_tasks
        (organization_id, loop_id, title, category, sort_order, due_date, due_date_manual, assignee_id)
      select ${organizationId}::uuid, ${input.loopId}::uuid, ${input.title}, ${input.category}::public.task_category,
             counted.next, ${input.dueDate}::date, ${input.dueDate !== null}, ${input.assigneeId}::uuid
        from counted
      returning id, title, category, status, completed, completed_at, due_date, sort_order, assignee_id,
                key_date_kind, due_offset_days, due_date_manual
    ), progress as (
      update public.transaction_loops l
         set progress = round(100.0 * (counted.done + task.completed::int) / (counted.total + 1))::int
        from counted, task
       where l.id = ${input.loopId}::uuid and l.organization_id = ${organizationId}::uuid
      returning l.progress
    )
    select task.id::text as id, task.title, task.category::text as category, task.status::text as status,
           task.completed, task.completed_at as "completedAt", task.due_date as "dueDate",
           task.sort_order as "sortOrder",
           (select json_build_object('id', u.id, 'name', u.name, 'email', u.email)
              from public.users u where u.id = task.assignee_id) as assignee,
           task.key_date_kind::text as "keyDateKind", task.due_offset_days as "dueOffsetDays",
           task.due_date_manual as "dueDateManual", progress.progress
      from task, progress`;
  const { progress, ...task } = row!;
  await recordAudit(tx, ctx, {
    action: "task.created",
    entityType: "transaction_task",
    entityId: task.id,
    newValues: {
      loopId: input.loopId,
      title: input.title,
      category: input.category,
      dueDate: input.dueDate,
      assigneeId: input.assigneeId,
    },
  });
  await notifyAssignee(tx, ctx, loop, task.id, input.title, input.assigneeId);
  return { task: toTaskView(task), progress };
});

/**
 * The due date an edit leaves a task with. A date a person changes is theirs: the task stops following its key date.
 * Asked to follow its key date again, a task takes the date that key date gives it now.
 */
async function dueDateOf(
  tx: TenantTx,
  organizationId: string,
  before: {
    loopId: string;
    dueDate: Date | null;
    dueDateManual: boolean;
    keyDateKind: KeyDateKind | null;
    dueOffsetDays: number | null;
  },
  input: { dueDate: string | null; followKeyDate: boolean },
): Promise<{ dueDate: string | null; dueDateManual: boolean }> {
  if (input.followKeyDate && before.keyDateKind && before.keyDateKind !== "CUSTOM") {
    const keyDate = await tx.loopKeyDate.findFirst({
      where: { organizationId, loopId: before.loopId, kind: before.keyDateKind },
      select: { date: true },
    });
    return {
      dueDate: dueDateFor(toDateOnly(keyDate?.date ?? null), before.dueOffsetDays),
      dueDateManual: false,
    };
  }
  const edited = input.dueDate !== toDateOnly(before.dueDate);
  return { dueDate: input.dueDate, dueDateManual: before.dueDateManual || edited };
}

export const updateTask = tenantService(updateTaskSchema, async (tx, input, ctx): Promise<TaskChange> => {
  const organizationId = ctx.organization.id;
  const before = await lockTask(tx, ctx, input.taskId);
  // A former member may stay assigned while other fields change; a new assignee must be a member.
  if (input.assigneeId !== before.assigneeId)
    await assertAssignee(tx, organizationId, input.assigneeId, "assigneeId");
  const due = await dueDateOf(tx, organizationId, before, input);
  const task = await tx.transactionTask.update({
    where: { id: input.taskId },
    data: {
      title: input.title,
      category: input.category,
      dueDate: fromDateOnly(due.dueDate),
      dueDateManual: due.dueDateManual,
      assigneeId: input.assigneeId,
      status: input.status,
      ...completion(input.status, before),
    },
    select: TASK_SELECT,
  });
  const progress = await recomputeProgress(tx, organizationId, before.loopId);
  const { oldValues, newValues } = auditChanges(
    {
      title: before.title,
      category: before.category,
      status: before.status,
      dueDate: toDateOnly(before.dueDate),
      dueDateManual: before.dueDateManual,
      assigneeId: before.assigneeId,
    },
    {
      title: input.title,
      category: input.category,
      status: input.status,
      ...due,
      assigneeId: input.assigneeId,
    },
    { keep: ["title"] },
  );
  await recordAudit(tx, ctx, {
    action: "task.updated",
    entityType: "transaction_task",
    entityId: task.id,
    oldValues,
    newValues,
  });
  if (input.assigneeId !== before.assigneeId)
    await notifyAssignee(tx, ctx, before.loop, task.id, input.title, input.assigneeId);
  return { task: toTaskView(task), progress };
});

/** Complete (status DONE) or reopen (status TODO) a task. Repeating the same request changes nothing. */
export const setTaskCompleted = tenantService(
  setTaskCompletedSchema,
  async (tx, input, ctx): Promise<TaskChange> => {
    const organizationId = ctx.organization.id;
    const before = await lockTask(tx, ctx, input.taskId);
    if (before.completed === input.completed) {
      const loop = await tx.transactionLoop.findFirstOrThrow({
        where: { id: before.loopId, organizationId },
        select: { progress: true },
      });
      return { task: toTaskView(before), progress: loop.progress };
    }
    const status: TaskStatus = input.completed ? "DONE" : "TODO";
    const task = await tx.transactionTask.update({
      where: { id: input.taskId },
      data: { status, ...completion(status, before) },
      select: TASK_SELECT,
    });
    const progress = await recomputeProgress(tx, organizationId, before.loopId);
    await recordAudit(tx, ctx, {
      action: input.completed ? "task.completed" : "task.reopened",
      entityType: "transaction_task",
      entityId: task.id,
      oldValues: { status: before.status },
      newValues: { title: before.title, status, loopId: before.loopId, progress },
    });
    return { task: toTaskView(task), progress };
  },
);

/** Sets the order of all of a loop's tasks in one statement; the ids must be exactly the loop's tasks. */
export const reorderTasks = tenantService(
  reorderTasksSchema,
  async (tx, input, ctx): Promise<{ taskIds: string[] }> => {
    const organizationId = ctx.organization.id;
    const loop = await lockLoop(tx, organizationId, input.loopId);
    const current = await tx.transactionTask.findMany({
      where: { organizationId, loopId: input.loopId },
      select: { id: true },
      orderBy: [{ sortOrder: "asc" }, { createdAt: "asc" }],
    });
    if (!sameIds(current, input.taskIds)) {
      throw new AppError("CONFLICT", "The task list changed in the meantime. Reload and try again.");
    }
    await tx.$executeRaw`
    update public.transaction_tasks t
       set sort_order = o.ord - 1
      from unnest(${input.taskIds}::uuid[]) with ordinality as o(id, ord)
     where t.id = o.id and t.organization_id = ${organizationId}::uuid and t.loop_id = ${input.loopId}::uuid`;
    await recordAudit(tx, ctx, {
      action: "task.reordered",
      entityType: "transaction_loop",
      entityId: input.loopId,
      oldValues: { order: current.map((t) => t.id) },
      newValues: { propertyAddress: loop.propertyAddress, order: input.taskIds },
    });
    return { taskIds: input.taskIds };
  },
);

export const deleteTask = tenantService(
  deleteTaskSchema,
  async (tx, input, ctx): Promise<{ deleted: true; progress: number }> => {
    const organizationId = ctx.organization.id;
    const before = await lockTask(tx, ctx, input.taskId);
    await tx.transactionTask.delete({ where: { id: input.taskId }, select: { id: true } });
    const progress = await recomputeProgress(tx, organizationId, before.loopId);
    await recordAudit(tx, ctx, {
      action: "task.deleted",
      entityType: "transaction_task",
      entityId: input.taskId,
      oldValues: { loopId: before.loopId, title: before.title, status: before.status },
    });
    return { deleted: true, progress };
  },
);
