"use client";
// Add a task to a loop, or edit one: title, stage, due date, assignee (accepted members only) and status. Editing
// says whether the due date follows a key date or was set by hand, and can make a hand-set one follow again.
import { useRouter } from "next/navigation";
import type { ReactNode } from "react";
import type { UseFormReturn } from "react-hook-form";
import { fieldsOf, FormInput, FormSelect } from "@/components/forms/fields";
import { FormDialog } from "@/components/forms/form-dialog";
import { memberOptions, type MemberOption } from "@/components/forms/member-options";
import { DialogButton, type SelectOption } from "@/components/ui";
import { addTaskAction } from "@/lib/modules/transactions/actions/add-task";
import { updateTaskAction } from "@/lib/modules/transactions/actions/update-task";
import {
  addTaskSchema,
  TASK_CATEGORIES,
  TASK_CATEGORY_LABELS,
  TASK_STATUS_LABELS,
  TASK_STATUSES,
  dueRuleLabel,
  updateTaskSchema,
  type AddTaskInput,
  type StandardKeyDateKind,
  type TaskCategory,
  type TaskStatus,
} from "@/lib/modules/transactions/schemas";

export type { MemberOption };

export interface EditableTask {
  id: string;
  title: string;
  category: TaskCategory;
  status: TaskStatus;
  dueDate: string | null;
  assignee: { id: string } | null;
  /** The key date the due date follows (offset in days), until someone sets the date by hand. */
  keyDateKind: StandardKeyDateKind | null;
  dueOffsetDays: number | null;
  dueDateManual: boolean;
}

/** What the due date field says about where the date comes from. */
function dueDateHint(task: EditableTask): string | undefined {
  const rule = dueRuleLabel(task.keyDateKind, task.dueOffsetDays);
  if (!rule) return undefined;
  return task.dueDateManual
    ? `Set by hand: it no longer follows the key date (${rule}).`
    : `Follows ${rule}. A date you set here stays put when that key date moves.`;
}

const CATEGORY_OPTIONS = TASK_CATEGORIES.map((c) => ({ value: c, label: TASK_CATEGORY_LABELS[c] }));
const STATUS_OPTIONS = TASK_STATUSES.map((s) => ({ value: s, label: TASK_STATUS_LABELS[s] }));

/** What adding and editing a task have in common. */
type TaskFieldValues = Pick<AddTaskInput, "organization" | "title" | "category" | "dueDate" | "assigneeId">;

function TaskFields<T extends TaskFieldValues>({
  form: wide,
  assignees,
  status,
  dueHint,
}: {
  form: UseFormReturn<T>;
  assignees: SelectOption[];
  /** The status field, which only an existing task has. */
  status?: ReactNode;
  dueHint?: string;
}) {
  const form = fieldsOf<TaskFieldValues, T>(wide);
  return (
    <>
      <FormInput form={form} name="title" label="Task" required />
      <div className="grid gap-3 sm:grid-cols-2">
        <FormSelect form={form} name="category" label="Stage" options={CATEGORY_OPTIONS} />
        {status}
        <FormInput form={form} name="dueDate" label="Due date" type="date" hint={dueHint} />
        <FormSelect
          form={form}
          name="assigneeId"
          label="Assignee"
          placeholder="Unassigned"
          options={assignees}
        />
      </div>
    </>
  );
}

export function AddTaskButton({
  organization,
  loopId,
  members,
}: {
  organization: string;
  loopId: string;
  members: MemberOption[];
}) {
  const router = useRouter();
  return (
    <DialogButton
      variant="secondary"
      size="sm"
      dialog={(state) => (
        <FormDialog
          {...state}
          title="Add a task"
          submitLabel="Add task"
          schema={addTaskSchema}
          action={addTaskAction}
          defaultValues={{ organization, loopId, title: "", category: "OTHER", dueDate: "", assigneeId: "" }}
          successMessage="Task added"
          onSuccess={() => router.refresh()}
        >
          {(form) => <TaskFields form={form} assignees={memberOptions(members)} />}
        </FormDialog>
      )}
    >
      Add task
    </DialogButton>
  );
}

/** Edits a task; mounted while a task is being edited. */
export function EditTaskDialog({
  organization,
  task,
  members,
  onClose,
}: {
  organization: string;
  task: EditableTask;
  members: MemberOption[];
  onClose: () => void;
}) {
  const router = useRouter();
  const rule = dueRuleLabel(task.keyDateKind, task.dueOffsetDays);
  // A former member stays selectable for the task they already have.
  const assignees = memberOptions(members);
  if (task.assignee && !members.some((m) => m.id === task.assignee!.id))
    assignees.push({ value: task.assignee.id, label: "Former member" });
  return (
    <FormDialog
      open
      onClose={onClose}
      title="Edit task"
      submitLabel="Save task"
      schema={updateTaskSchema}
      action={updateTaskAction}
      defaultValues={{
        organization,
        taskId: task.id,
        title: task.title,
        category: task.category,
        status: task.status,
        dueDate: task.dueDate ?? "",
        assigneeId: task.assignee?.id ?? "",
        followKeyDate: false,
      }}
      successMessage="Task saved"
      onSuccess={() => router.refresh()}
    >
      {(form) => (
        <>
          <TaskFields
            form={form}
            assignees={assignees}
            status={<FormSelect form={form} name="status" label="Status" options={STATUS_OPTIONS} />}
            dueHint={dueDateHint(task)}
          />
          {rule && task.dueDateManual && (
            <label className="flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                className="size-4 accent-[var(--accent)]"
                {...form.register("followKeyDate")}
              />
              Follow {rule} again (the date above is then replaced)
            </label>
          )}
        </>
      )}
    </FormDialog>
  );
}
