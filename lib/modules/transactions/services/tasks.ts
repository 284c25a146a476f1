import "server-only";
// Tasks of a loop: add, edit, complete/reopen, reorder, delete. Each change locks the loop row, recomputes
// the loop's progress in the same transaction and writes its audit entry; a new assignee is notified.
// `completed`/`completed_at` always follow `status` (a check constraint requires completed = (status = 'DONE')).
// A due date a person types is theirs (`due_date_manual`): the task stops following its key date
// (services/key-dates.ts) until someone asks it to follow again.
import { auditChanges, recordAudit } from "@/lib/audit/record";
import type { AuthContext } from "@/lib/auth/authorize";
import { Prisma } from "@/lib/database/generated/prisma/client";
import type { TenantTx } from "@/lib/database/tenant";
import { AppError } from "@/lib/errors";
import {
  addTaskSchema,
  deleteTaskSchema,
  reorderTasksSchema,
  setTaskCompletedSchema,
  updateTaskSchema,
  type TaskCategory,
  type TaskStatus,
} from "../schemas";
import { type TASK_SELECT, toTaskView, type TaskView } from "../queries/loops";
import { notify } from "@/lib/modules/notifications";
import { assigneeRefused } from "@/lib/modules/organizations";
import {
  fromDateOnly,
  lockLoop,
  lockLoopOfTask,
  progressOf,
  sameIds,
  toDateOnly,
  type LockedLoop,
} from "./shared";
import { tenantService } from "@/lib/service";

export interface TaskChange {
  task: TaskView;
  progress: number;
}

const taskNotFound = () => new AppError("NOT_FOUND", "We couldn't find that task.");

/** The CTE `task`'s row as TASK_SELECT shapes it (the assignee as { id, name, email }). */
const TASK_COLUMNS = Prisma.sql`task.id::text as id, task.title, task.category::text as category,
       task.status::text as status, task.completed, task.completed_at as "completedAt", task.due_date as "dueDate",
       task.sort_order as "sortOrder",
       (select json_build_object('id', u.id, 'name', u.name, 'email', u.email)
          from public.users u where u.id = task.assignee_id) as assignee,
       task.key_date_kind::text as "keyDateKind", task.due_offset_days as "dueOffsetDays",
       task.due_date_manual as "dueDateManual"`;

/** A change to a task; what is left out keeps its value. */
interface TaskEdit {
  status: TaskStatus;
  title?: string;
  category?: TaskCategory;
  /** A date typed (the task stops following its key date), or the key date's again. */
  due?: { date: string | null; followKeyDate: boolean };
  /** The new assignee, and whether they may be given work (checked with the loop's lock). */
  assignee?: { id: string | null; assignable: boolean };
  /** Write nothing unless the task's completion changes (completing a completed task changes nothing). */
  onlyIfCompletionChanges?: boolean;
}

interface TaskEdited {
  task: TaskRow;
  progress: number;
  /** Whether the task was written. */
  changed: boolean;
  before: {
    loopId: string;
    title: string;
    category: TaskCategory;
    status: TaskStatus;
    dueDate: Date | null;
    dueDateManual: boolean;
    assigneeId: string | null;
  };
}

/**
 * Reads the task (after the loop's lock: this statement's snapshot sees every change committed before it), works
 * out its new values, writes them and the loop's progress (progressOf(), counting the task's new completion) and
 * returns the task before and after, in one statement. `completed`/`completed_at` follow the status; a completed
 * task keeps its completion time. A new assignee who may not be given work is not written (the caller refuses:
 * before.assigneeId differs from the one asked for). A due date that follows its key date is dueDateFor()'s: the
 * key date plus the task's offset.
 */
async function editTask(
  tx: TenantTx,
  organizationId: string,
  taskId: string,
  edit: TaskEdit,
): Promise<TaskEdited> {
  const setDue = edit.due !== undefined;
  const follow = edit.due?.followKeyDate ?? false;
  const dueDate = edit.due?.date ?? null;
  const setAssignee = edit.assignee !== undefined;
  const assignee = edit.assignee?.id ?? null;
  const assignable = edit.assignee?.assignable ?? true;
  type Before = Omit<TaskEdited["before"], "dueDate"> & { dueDate: string | null }; // a date in JSON: "YYYY-MM-DD"
  const rows = await tx.$queryRaw<Array<TaskRow & Omit<TaskEdited, "task" | "before"> & { before: Before }>>`
    with before as (
      select t.* from public.transaction_tasks t
       where t.id = ${taskId}::uuid and t.organization_id = ${organizationId}::uuid
    ), next as (
      select b.id,
             coalesce(${edit.title ?? null}, b.title) as title,
             coalesce(${edit.category ?? null}::public.task_category, b.category) as category,
             case when not ${setDue} then b.due_date
                  when ${follow} and b.key_date_kind is not null and b.key_date_kind <> 'CUSTOM' then
                    (select k.date from public.loop_key_dates k
                      where k.organization_id = b.organization_id and k.loop_id = b.loop_id and k.kind = b.key_date_kind
                      order by k.created_at limit 1) + b.due_offset_days
                  else ${dueDate}::date end as due_date,
             case when not ${setDue} then b.due_date_manual
                  when ${follow} and b.key_date_kind is not null and b.key_date_kind <> 'CUSTOM' then false
                  else b.due_date_manual or ${dueDate}::date is distinct from b.due_date end as due_date_manual,
             case when not ${setAssignee} then b.assignee_id
                  when ${assignee}::uuid is distinct from b.assignee_id and not ${assignable} then b.assignee_id
                  else ${assignee}::uuid end as assignee_id,
             ${edit.status}::public.task_status as status
        from before b
    ), changed as (
      update public.transaction_tasks t
         set title = n.title, category = n.category, due_date = n.due_date, due_date_manual = n.due_date_manual,
             assignee_id = n.assignee_id, status = n.status, completed = n.status = 'DONE',
             completed_at = case when n.status <> 'DONE' then null
                                 when b.completed and b.completed_at is not null then b.completed_at
                                 else now() end
        from before b, next n
       where t.id = b.id and n.id = b.id
         and (not ${edit.onlyIfCompletionChanges ?? false} or b.completed <> (n.status = 'DONE'))
      returning t.*
    ), progress as (
      update public.transaction_loops l
         set progress = (
               select ${progressOf(Prisma.sql`count(*) filter (where x.completed) - b.completed::int + c.completed::int`, Prisma.sql`count(*)`)}
                 from public.transaction_tasks x
                where x.organization_id = l.organization_id and x.loop_id = l.id)
        from before b, changed c
       where l.id = b.loop_id and l.organization_id = b.organization_id
      returning l.progress
    )
    select ${TASK_COLUMNS},
           exists (select 1 from changed) as changed,
           coalesce((select p.progress from progress p),
                    (select l.progress from public.transaction_loops l
                      where l.id = b.loop_id and l.organization_id = b.organization_id)) as progress,
           json_build_object('loopId', b.loop_id, 'title', b.title, 'category', b.category, 'status', b.status,
                             'dueDate', b.due_date, 'dueDateManual', b.due_date_manual,
                             'assigneeId', b.assignee_id) as before
      from before b,
           lateral (select * from changed union all select * from before where not exists (select 1 from changed)) task`;
  const row = rows[0];
  if (!row) throw taskNotFound();
  const { changed, progress, before, ...task } = row;
  return { task, progress, changed, before: { ...before, dueDate: fromDateOnly(before.dueDate) } };
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
  // plus the new one, which is never done yet: progressOf() — and returns the task as TASK_SELECT does.
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
         set progress = ${progressOf(Prisma.sql`counted.done + task.completed::int`, Prisma.sql`counted.total + 1`)}
        from counted, task
       where l.id = ${input.loopId}::uuid and l.organization_id = ${organizationId}::uuid
      returning l.progress
    )
    select ${TASK_COLUMNS}, progress.progress
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

export const updateTask = tenantService(updateTaskSchema, async (tx, input, ctx): Promise<TaskChange> => {
  const organizationId = ctx.organization.id;
  // The lock and the new assignee's check in one statement; the task is read, written and the progress set in the
  // next. A former member may stay assigned while other fields change; a new assignee must be able to work.
  const loop = await lockLoopOfTask(tx, organizationId, input.taskId, taskNotFound, {
    assignee: input.assigneeId,
  });
  const { task, progress, before } = await editTask(tx, organizationId, input.taskId, {
    status: input.status,
    title: input.title,
    category: input.category,
    due: { date: input.dueDate, followKeyDate: input.followKeyDate },
    assignee: { id: input.assigneeId, assignable: loop.assignable },
  });
  if (input.assigneeId !== before.assigneeId && (task.assignee?.id ?? null) !== input.assigneeId)
    throw assigneeRefused("assigneeId");
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
      dueDate: toDateOnly(task.dueDate),
      dueDateManual: task.dueDateManual,
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
    await notifyAssignee(tx, ctx, loop, task.id, input.title, input.assigneeId);
  return { task: toTaskView(task), progress };
});

/** Complete (status DONE) or reopen (status TODO) a task. Repeating the same request changes nothing. */
export const setTaskCompleted = tenantService(
  setTaskCompletedSchema,
  async (tx, input, ctx): Promise<TaskChange> => {
    const organizationId = ctx.organization.id;
    await lockLoopOfTask(tx, organizationId, input.taskId, taskNotFound);
    const status: TaskStatus = input.completed ? "DONE" : "TODO";
    const { task, progress, changed, before } = await editTask(tx, organizationId, input.taskId, {
      status,
      onlyIfCompletionChanges: true,
    });
    if (!changed) return { task: toTaskView(task), progress };
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
    await lockLoopOfTask(tx, organizationId, input.taskId, taskNotFound);
    // After the lock: deletes the task and sets the loop's progress without it (progressOf()).
    const [before] = await tx.$queryRaw<
      Array<{ loopId: string; title: string; status: TaskStatus; progress: number }>
    >`
      with gone as (
        delete from public.transaction_tasks t
         where t.id = ${input.taskId}::uuid and t.organization_id = ${organizationId}::uuid
        returning t.organization_id, t.loop_id, t.title, t.status, t.completed
      ), progress as (
        update public.transaction_loops l
           set progress = (
                 select ${progressOf(Prisma.sql`count(*) filter (where x.completed) - g.completed::int`, Prisma.sql`count(*) - 1`)}
                   from public.transaction_tasks x
                  where x.organization_id = l.organization_id and x.loop_id = l.id)
          from gone g
         where l.id = g.loop_id and l.organization_id = g.organization_id
        returning l.progress
      )
      select g.loop_id::text as "loopId", g.title, g.status::text as status, p.progress
        from gone g, progress p`;
    if (!before) throw taskNotFound();
    await recordAudit(tx, ctx, {
      action: "task.deleted",
      entityType: "transaction_task",
      entityId: input.taskId,
      oldValues: { loopId: before.loopId, title: before.title, status: before.status },
    });
    return { deleted: true, progress: before.progress };
  },
);
