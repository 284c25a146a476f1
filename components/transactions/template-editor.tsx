"use client";
// One checklist template: its tasks (stage, who does it, when it is due relative to a key date) and the documents a
// transaction of this type needs. Owners and admins add, edit, reorder and remove items; everyone else reads.
import { useRouter } from "next/navigation";
import { useState } from "react";
import type { UseFormReturn } from "react-hook-form";
import { fieldsOf, FormInput, FormSelect } from "@/components/forms/fields";
import { FormDialog } from "@/components/forms/form-dialog";
import { useRunAction } from "@/components/forms/use-run-action";
import { Badge, ConfirmDialog, DialogButton, EmptyState, cn } from "@/components/ui";
import type { TemplateItemView, TemplateView } from "@/lib/modules/transactions";
import { addTemplateItemAction } from "@/lib/modules/transactions/actions/add-template-item";
import { removeTemplateItemAction } from "@/lib/modules/transactions/actions/remove-template-item";
import { reorderTemplateItemsAction } from "@/lib/modules/transactions/actions/reorder-template-items";
import { updateTemplateItemAction } from "@/lib/modules/transactions/actions/update-template-item";
import {
  addTemplateDocumentSchema,
  addTemplateTaskSchema,
  dueRuleLabel,
  fromOffsetDays,
  KEY_DATE_KIND_LABELS,
  KEY_DATE_KINDS,
  PARTICIPANT_ROLE_LABELS,
  PARTICIPANT_ROLES,
  TASK_CATEGORIES,
  TASK_CATEGORY_LABELS,
  updateTemplateDocumentSchema,
  updateTemplateTaskSchema,
  type AddTemplateDocumentInput,
  type AddTemplateTaskInput,
  type UpdateTemplateDocumentInput,
  type UpdateTemplateTaskInput,
} from "@/lib/modules/transactions/schemas";
import { moveId, RowActions } from "./row-actions";

const CATEGORY_OPTIONS = TASK_CATEGORIES.map((c) => ({ value: c, label: TASK_CATEGORY_LABELS[c] }));
const ROLE_OPTIONS = PARTICIPANT_ROLES.map((r) => ({ value: r, label: PARTICIPANT_ROLE_LABELS[r] }));
const KEY_DATE_OPTIONS = KEY_DATE_KINDS.map((k) => ({ value: k, label: KEY_DATE_KIND_LABELS[k] }));
const DIRECTION_OPTIONS = [
  { value: "BEFORE", label: "days before" },
  { value: "AFTER", label: "days after" },
];

type TaskFieldValues = Omit<AddTemplateTaskInput, "templateId">;
type DocumentFieldValues = Omit<AddTemplateDocumentInput, "templateId">;

function TaskItemFields<T extends TaskFieldValues>({ form: wide }: { form: UseFormReturn<T> }) {
  const form = fieldsOf<TaskFieldValues, T>(wide);
  return (
    <>
      <FormInput form={form} name="title" label="Task" required />
      <div className="grid gap-3 sm:grid-cols-2">
        <FormSelect form={form} name="category" label="Stage" options={CATEGORY_OPTIONS} />
        <FormSelect
          form={form}
          name="assigneeRole"
          label="Done by"
          placeholder="Anyone (unassigned)"
          options={ROLE_OPTIONS}
          hint="Assigned to the teammate in this role on the transaction."
        />
      </div>
      <fieldset className="flex flex-col gap-2">
        <legend className="text-sm font-medium">Due</legend>
        <div className="grid gap-3 sm:grid-cols-3">
          <FormInput
            form={form}
            name="dueDays"
            label="Days"
            type="number"
            min={0}
            max={365}
            inputMode="numeric"
          />
          <FormSelect form={form} name="dueDirection" label="Before or after" options={DIRECTION_OPTIONS} />
          <FormSelect
            form={form}
            name="keyDateKind"
            label="Key date"
            placeholder="No due date"
            options={KEY_DATE_OPTIONS}
          />
        </div>
        <p className="text-xs text-fg-muted">
          The task&apos;s due date follows this key date on each transaction. Without a key date it has no due
          date until someone sets one.
        </p>
      </fieldset>
    </>
  );
}

function DocumentItemFields<T extends DocumentFieldValues>({ form: wide }: { form: UseFormReturn<T> }) {
  const form = fieldsOf<DocumentFieldValues, T>(wide);
  return (
    <>
      <FormInput form={form} name="title" label="Document" required placeholder="Purchase agreement" />
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" className="size-4 accent-[var(--accent)]" {...form.register("required")} />
        Required before the transaction can close
      </label>
    </>
  );
}

type ItemDialogProps = {
  organization: string;
  templateId: string;
  kind: "TASK" | "DOCUMENT";
  /** Null: a new item. */
  item: TemplateItemView | null;
  open: boolean;
  onClose: () => void;
};

function ItemDialog({ organization, templateId, kind, item, open, onClose }: ItemDialogProps) {
  const router = useRouter();
  const noun = kind === "TASK" ? "task" : "document";
  const common = {
    open,
    onClose,
    title: item ? `Edit ${noun}` : `Add a ${noun}`,
    submitLabel: item ? `Save ${noun}` : `Add ${noun}`,
    successMessage: item
      ? "Template saved"
      : `${kind === "TASK" ? "Task" : "Document"} added to the template`,
    onSuccess: () => router.refresh(),
  };
  const task: TaskFieldValues = {
    organization,
    kind: "TASK",
    title: item?.title ?? "",
    category: item?.category ?? "OTHER",
    assigneeRole: item?.assigneeRole ?? "",
    keyDateKind: item?.keyDateKind ?? "",
    ...fromOffsetDays(item?.offsetDays ?? null),
  };
  const document: DocumentFieldValues = {
    organization,
    kind: "DOCUMENT",
    title: item?.title ?? "",
    required: item?.required ?? true,
  };
  if (kind === "TASK") {
    return item ? (
      <FormDialog<UpdateTemplateTaskInput, TemplateItemView>
        {...common}
        schema={updateTemplateTaskSchema}
        action={updateTemplateItemAction}
        defaultValues={{ ...task, itemId: item.id }}
      >
        {(form) => <TaskItemFields form={form} />}
      </FormDialog>
    ) : (
      <FormDialog<AddTemplateTaskInput, TemplateItemView>
        {...common}
        schema={addTemplateTaskSchema}
        action={addTemplateItemAction}
        defaultValues={{ ...task, templateId }}
      >
        {(form) => <TaskItemFields form={form} />}
      </FormDialog>
    );
  }
  return item ? (
    <FormDialog<UpdateTemplateDocumentInput, TemplateItemView>
      {...common}
      schema={updateTemplateDocumentSchema}
      action={updateTemplateItemAction}
      defaultValues={{ ...document, itemId: item.id }}
    >
      {(form) => <DocumentItemFields form={form} />}
    </FormDialog>
  ) : (
    <FormDialog<AddTemplateDocumentInput, TemplateItemView>
      {...common}
      schema={addTemplateDocumentSchema}
      action={addTemplateItemAction}
      defaultValues={{ ...document, templateId }}
    >
      {(form) => <DocumentItemFields form={form} />}
    </FormDialog>
  );
}

function ItemList({
  organization,
  template,
  kind,
  canEdit,
}: {
  organization: string;
  template: TemplateView;
  kind: "TASK" | "DOCUMENT";
  canEdit: boolean;
}) {
  const { run, pending } = useRunAction();
  const [editing, setEditing] = useState<TemplateItemView | null>(null);
  const [removing, setRemoving] = useState<TemplateItemView | null>(null);
  const items = kind === "TASK" ? template.tasks : template.documents;
  const heading = kind === "TASK" ? "Tasks" : "Documents";
  const headingId = `template-${kind.toLowerCase()}-heading`;
  const addButton = canEdit ? (
    <DialogButton
      variant="secondary"
      size="sm"
      className="shrink-0"
      dialog={(state) => (
        <ItemDialog {...state} organization={organization} templateId={template.id} kind={kind} item={null} />
      )}
    >
      {kind === "TASK" ? "Add task" : "Add document"}
    </DialogButton>
  ) : undefined;

  // The order covers the whole template: this list moved, the other one as it is.
  const move = (index: number, delta: -1 | 1) => {
    const ids = moveId(
      items.map((i) => i.id),
      index,
      delta,
    );
    const itemIds =
      kind === "TASK"
        ? [...ids, ...template.documents.map((d) => d.id)]
        : [...template.tasks.map((t) => t.id), ...ids];
    run(() => reorderTemplateItemsAction({ organization, templateId: template.id, itemIds }));
  };

  return (
    <section aria-labelledby={headingId} className="flex flex-col gap-3">
      <div className="flex items-center justify-between gap-2">
        <div>
          <h2 id={headingId} className="text-base font-semibold">
            {heading}
          </h2>
          <p className="text-sm text-fg-muted">
            {kind === "TASK"
              ? "The checklist each new transaction of this type starts with."
              : "The document slots each new transaction of this type has to fill."}
          </p>
        </div>
        {addButton}
      </div>
      {items.length === 0 ? (
        <EmptyState
          title={kind === "TASK" ? "No tasks in this template" : "No documents in this template"}
          description={
            kind === "TASK"
              ? "New transactions of this type will start without tasks. Add the work every one of them needs."
              : "New transactions of this type won't ask for any document. Add the ones compliance needs."
          }
          action={addButton}
        />
      ) : (
        <ul
          className="flex flex-col divide-y divide-border rounded-lg border border-border bg-surface"
          aria-label={`${heading} of the ${template.name}`}
        >
          {items.map((item, i) => (
            <li
              key={item.id}
              className={cn("flex flex-wrap items-start gap-3 px-3 py-3", pending && "opacity-80")}
            >
              <div className="min-w-0 flex-1">
                <p className="text-sm font-medium">{item.title}</p>
                <p className="mt-1 flex flex-wrap items-center gap-2 text-xs text-fg-muted">
                  {kind === "TASK" ? (
                    <>
                      <Badge>{TASK_CATEGORY_LABELS[item.category ?? "OTHER"]}</Badge>
                      <span>
                        {item.assigneeRole ? PARTICIPANT_ROLE_LABELS[item.assigneeRole] : "Unassigned"}
                      </span>
                      <span>· {dueRuleLabel(item.keyDateKind, item.offsetDays) ?? "No due date"}</span>
                    </>
                  ) : (
                    <Badge tone={item.required ? "accent" : "neutral"}>
                      {item.required ? "Required" : "Optional"}
                    </Badge>
                  )}
                </p>
              </div>
              {canEdit && (
                <RowActions
                  name={item.title}
                  index={i}
                  count={items.length}
                  disabled={pending}
                  onMove={(delta) => move(i, delta)}
                  onEdit={() => setEditing(item)}
                  onRemove={() => setRemoving(item)}
                  removeLabel="Remove"
                />
              )}
            </li>
          ))}
        </ul>
      )}
      {editing && (
        <ItemDialog
          open
          onClose={() => setEditing(null)}
          organization={organization}
          templateId={template.id}
          kind={kind}
          item={editing}
        />
      )}
      <ConfirmDialog
        open={removing !== null}
        onClose={() => setRemoving(null)}
        title={kind === "TASK" ? "Remove this task?" : "Remove this document?"}
        description={removing ? `“${removing.title}” will no longer be part of new transactions.` : undefined}
        confirmLabel="Remove"
        pending={pending}
        onConfirm={() => {
          const item = removing!;
          setRemoving(null);
          run(() => removeTemplateItemAction({ organization, itemId: item.id }), {
            success: "Removed from the template",
          });
        }}
      >
        <p className="text-sm">Transactions that already have it keep it.</p>
      </ConfirmDialog>
    </section>
  );
}

export function TemplateEditor({
  organization,
  template,
  canEdit,
}: {
  organization: string;
  template: TemplateView;
  canEdit: boolean;
}) {
  return (
    <div className="flex flex-col gap-6">
      <ItemList organization={organization} template={template} kind="TASK" canEdit={canEdit} />
      <ItemList organization={organization} template={template} kind="DOCUMENT" canEdit={canEdit} />
    </div>
  );
}
