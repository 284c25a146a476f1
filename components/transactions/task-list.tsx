"use client";
// A loop's tasks: complete/reopen with a checkbox, move up/down, edit, delete. Every change goes through a
// server action and the page refreshes, so the loop's progress bar follows.
import { useOptimistic, useState } from "react";
import { useRunAction } from "@/components/forms/use-run-action";
import { Badge, Button, Dialog, EmptyState, cn } from "@/components/ui";
import { formatDate, isOverdue } from "@/components/ui/format";
import { deleteTaskAction } from "@/lib/modules/transactions/actions/delete-task";
import { reorderTasksAction } from "@/lib/modules/transactions/actions/reorder-tasks";
import { setTaskCompletedAction } from "@/lib/modules/transactions/actions/set-task-completed";
import { dueRuleLabel, TASK_CATEGORY_LABELS, TASK_STATUS_LABELS } from "@/lib/modules/transactions/schemas";
import { moveId, RowActions } from "./row-actions";
import { AddTaskButton, EditTaskDialog, type EditableTask, type MemberOption } from "./task-form-dialog";
import { type Person } from "@/lib/people";
import { personName } from "@/components/ui/format";

export interface TaskRow extends EditableTask {
  completed: boolean;
  assignee: Person | null;
}

/** Where a due date comes from: the key date it follows ("follows Inspection − 2 d") or a person. */
function DueSource({ task }: { task: TaskRow }) {
  if (task.dueDateManual) return <span>· set by hand</span>;
  const rule = dueRuleLabel(task.keyDateKind, task.dueOffsetDays, "short");
  return rule ? <span>· follows {rule}</span> : null;
}

export function TaskList({
  organization,
  loopId,
  tasks,
  members,
  canWrite,
}: {
  organization: string;
  loopId: string;
  tasks: TaskRow[];
  members: MemberOption[];
  canWrite: boolean;
}) {
  const { run: runAction, pending } = useRunAction();
  const [busy, setBusy] = useState<string | null>(null);
  const [editing, setEditing] = useState<TaskRow | null>(null);
  const [deleting, setDeleting] = useState<TaskRow | null>(null);
  // The checkbox flips at once; the server's answer (and the new progress) arrives with the refresh.
  const [shown, markCompleted] = useOptimistic(tasks, (all, change: { id: string; completed: boolean }) =>
    all.map((t) => (t.id === change.id ? { ...t, completed: change.completed } : t)),
  );

  const run = (
    taskId: string,
    action: Parameters<typeof runAction>[0],
    success?: string,
    before?: () => void,
  ) => {
    setBusy(taskId);
    runAction(action, { success, before, after: () => setBusy(null) });
  };

  const move = (index: number, delta: -1 | 1) => {
    const taskIds = moveId(
      tasks.map((t) => t.id),
      index,
      delta,
    );
    run(tasks[index]!.id, () => reorderTasksAction({ organization, loopId, taskIds }));
  };

  return (
    <section aria-labelledby="tasks-heading" className="flex flex-col gap-3">
      <div className="flex items-center justify-between gap-2">
        <h2 id="tasks-heading" className="text-base font-semibold">
          Tasks
        </h2>
        {canWrite && <AddTaskButton organization={organization} loopId={loopId} members={members} />}
      </div>
      {tasks.length === 0 ? (
        <EmptyState
          title="No tasks yet"
          description="Tasks drive this transaction's progress. Add the first thing that needs doing."
          action={
            canWrite ? (
              <AddTaskButton organization={organization} loopId={loopId} members={members} />
            ) : undefined
          }
        />
      ) : (
        <ul
          className="flex flex-col divide-y divide-border rounded-lg border border-border bg-surface"
          aria-label="Tasks"
        >
          {shown.map((task, i) => {
            const overdue = !task.completed && isOverdue(task.dueDate);
            return (
              <li
                key={task.id}
                className={cn("flex flex-wrap items-start gap-3 px-3 py-3", busy === task.id && "opacity-60")}
              >
                <input
                  type="checkbox"
                  className="mt-1 size-4 accent-[var(--accent)]"
                  checked={task.completed}
                  disabled={!canWrite || pending}
                  aria-label={`Done: ${task.title}`}
                  onChange={(e) => {
                    const completed = e.target.checked;
                    run(
                      task.id,
                      () => setTaskCompletedAction({ organization, taskId: task.id, completed }),
                      completed ? "Task completed" : "Task reopened",
                      () => markCompleted({ id: task.id, completed }),
                    );
                  }}
                />
                <div className="min-w-0 flex-1">
                  <p className={cn("text-sm font-medium", task.completed && "text-fg-muted line-through")}>
                    {task.title}
                  </p>
                  <p className="mt-1 flex flex-wrap items-center gap-2 text-xs text-fg-muted">
                    <Badge>{TASK_CATEGORY_LABELS[task.category]}</Badge>
                    {task.status === "IN_PROGRESS" && (
                      <Badge tone="accent">{TASK_STATUS_LABELS.IN_PROGRESS}</Badge>
                    )}
                    <span className={cn(overdue && "font-medium text-danger")}>
                      {task.dueDate
                        ? `Due ${formatDate(task.dueDate)}${overdue ? " (overdue)" : ""}`
                        : "No due date"}
                    </span>
                    <DueSource task={task} />
                    <span>· {personName(task.assignee)}</span>
                  </p>
                </div>
                {canWrite && (
                  <RowActions
                    name={task.title}
                    index={i}
                    count={tasks.length}
                    disabled={pending}
                    onMove={(delta) => move(i, delta)}
                    onEdit={() => setEditing(task)}
                    onRemove={() => setDeleting(task)}
                    removeLabel="Delete"
                  />
                )}
              </li>
            );
          })}
        </ul>
      )}
      {editing && (
        <EditTaskDialog
          organization={organization}
          task={editing}
          members={members}
          onClose={() => setEditing(null)}
        />
      )}
      <Dialog
        open={deleting !== null}
        onClose={() => setDeleting(null)}
        title="Delete task?"
        description={deleting ? `“${deleting.title}” will be removed from this transaction.` : undefined}
        footer={
          <>
            <Button variant="secondary" onClick={() => setDeleting(null)}>
              Cancel
            </Button>
            <Button
              variant="danger"
              onClick={() => {
                const t = deleting!;
                setDeleting(null);
                run(t.id, () => deleteTaskAction({ organization, taskId: t.id }), "Task deleted");
              }}
            >
              Delete task
            </Button>
          </>
        }
      >
        <p className="text-sm">The transaction&apos;s progress is recalculated without it.</p>
      </Dialog>
    </section>
  );
}
