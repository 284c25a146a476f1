"use client";
// Add a task to a loop, or edit one: title, stage, due date, assignee (accepted members only) and status.
import { useRouter } from "next/navigation";
import { useState } from "react";
import { FormError } from "@/components/forms/form-error";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button, Dialog, Input, Select } from "@/components/ui";
import { addTaskAction } from "@/lib/modules/transactions/actions/add-task";
import { updateTaskAction } from "@/lib/modules/transactions/actions/update-task";
import {
  addTaskSchema,
  TASK_CATEGORIES,
  TASK_CATEGORY_LABELS,
  TASK_STATUS_LABELS,
  TASK_STATUSES,
  updateTaskSchema,
  type AddTaskInput,
  type TaskCategory,
  type TaskStatus,
  type UpdateTaskInput,
} from "@/lib/modules/transactions/schemas";

export interface MemberOption {
  id: string;
  name: string | null;
  email: string;
}

const CATEGORY_OPTIONS = TASK_CATEGORIES.map((c) => ({ value: c, label: TASK_CATEGORY_LABELS[c] }));
const STATUS_OPTIONS = TASK_STATUSES.map((s) => ({ value: s, label: TASK_STATUS_LABELS[s] }));
const memberOptions = (members: MemberOption[]) =>
  members.map((m) => ({ value: m.id, label: m.name ? `${m.name} (${m.email})` : m.email }));

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
  const [open, setOpen] = useState(false);
  const empty: AddTaskInput = {
    organization,
    loopId,
    title: "",
    category: "OTHER",
    dueDate: "",
    assigneeId: "",
  };
  const { form, onSubmit, formError, pending } = useActionForm<AddTaskInput, unknown>({
    schema: addTaskSchema,
    action: addTaskAction,
    defaultValues: empty,
    successMessage: "Task added",
    onSuccess: () => {
      setOpen(false);
      form.reset(empty);
      router.refresh();
    },
  });
  const { errors } = form.formState;
  return (
    <>
      <Button variant="secondary" size="sm" onClick={() => setOpen(true)}>
        Add task
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} title="Add a task">
        <form onSubmit={onSubmit} noValidate aria-label="Add a task" className="flex flex-col gap-3">
          <Input label="Task" required error={errors.title?.message} {...form.register("title")} />
          <div className="grid gap-3 sm:grid-cols-2">
            <Select
              label="Stage"
              options={CATEGORY_OPTIONS}
              error={errors.category?.message}
              {...form.register("category")}
            />
            <Input
              label="Due date"
              type="date"
              error={errors.dueDate?.message}
              {...form.register("dueDate")}
            />
          </div>
          <Select
            label="Assignee"
            placeholder="Unassigned"
            options={memberOptions(members)}
            error={errors.assigneeId?.message}
            {...form.register("assigneeId")}
          />
          <FormError message={formError} />
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button type="submit" pending={pending}>
              Add task
            </Button>
          </div>
        </form>
      </Dialog>
    </>
  );
}

export interface EditableTask {
  id: string;
  title: string;
  category: TaskCategory;
  status: TaskStatus;
  dueDate: string | null;
  assignee: { id: string } | null;
}

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
  const defaults: UpdateTaskInput = {
    organization,
    taskId: task.id,
    title: task.title,
    category: task.category,
    status: task.status,
    dueDate: task.dueDate ?? "",
    assigneeId: task.assignee?.id ?? "",
  };
  const { form, onSubmit, formError, pending } = useActionForm<UpdateTaskInput, unknown>({
    schema: updateTaskSchema,
    action: updateTaskAction,
    defaultValues: defaults,
    successMessage: "Task saved",
    onSuccess: () => {
      onClose();
      router.refresh();
    },
  });
  const { errors } = form.formState;
  // A former member stays selectable for the task they already have.
  const options = memberOptions(members);
  if (task.assignee && !members.some((m) => m.id === task.assignee!.id))
    options.push({ value: task.assignee.id, label: "Former member" });
  return (
    <Dialog open onClose={onClose} title="Edit task">
      <form onSubmit={onSubmit} noValidate aria-label="Edit task" className="flex flex-col gap-3">
        <Input label="Task" required error={errors.title?.message} {...form.register("title")} />
        <div className="grid gap-3 sm:grid-cols-2">
          <Select
            label="Stage"
            options={CATEGORY_OPTIONS}
            error={errors.category?.message}
            {...form.register("category")}
          />
          <Select
            label="Status"
            options={STATUS_OPTIONS}
            error={errors.status?.message}
            {...form.register("status")}
          />
          <Input label="Due date" type="date" error={errors.dueDate?.message} {...form.register("dueDate")} />
          <Select
            label="Assignee"
            placeholder="Unassigned"
            options={options}
            error={errors.assigneeId?.message}
            {...form.register("assigneeId")}
          />
        </div>
        <FormError message={formError} />
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" pending={pending}>
            Save task
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
