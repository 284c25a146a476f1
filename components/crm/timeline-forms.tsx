"use client";
// The quick forms on a contact's timeline: log a note, call, meeting or email (call outcome and duration for calls),
// set a reminder, and the dialogs that edit them. Keyboard first: every field labelled, Enter in a field submits,
// Ctrl/⌘+Enter submits from the text area, and after logging the form empties and keeps focus for the next one.
import { useRouter } from "next/navigation";
import { useRef, type KeyboardEvent } from "react";
import { useWatch, type UseFormReturn } from "react-hook-form";
import { ActionForm } from "@/components/forms/action-form";
import { FormInput, FormSelect, FormTextarea } from "@/components/forms/fields";
import { FormDialog } from "@/components/forms/form-dialog";
import { FormError } from "@/components/forms/form-error";
import { memberOptions, type MemberOption } from "@/components/forms/member-options";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui";
import { createContactReminderAction } from "@/lib/modules/crm/actions/create-contact-reminder";
import { logContactEntryAction } from "@/lib/modules/crm/actions/log-contact-entry";
import { updateContactEntryAction } from "@/lib/modules/crm/actions/update-contact-entry";
import { updateContactReminderAction } from "@/lib/modules/crm/actions/update-contact-reminder";
import {
  CALL_OUTCOME_LABELS,
  CALL_OUTCOMES,
  createReminderSchema,
  logEntrySchema,
  updateEntrySchema,
  updateReminderSchema,
  ENTRY_KIND_LABELS,
  ENTRY_KINDS,
  type CreateReminderInput,
  type EntryKind,
  type LogEntryInput,
  type TimelineItem,
  type UpdateEntryInput,
  type UpdateReminderInput,
} from "@/lib/modules/crm/schemas";
import { toLocalInput } from "./contact-form";

const KIND_OPTIONS = ENTRY_KINDS.map((k) => ({ value: k, label: ENTRY_KIND_LABELS[k] }));
const OUTCOME_OPTIONS = CALL_OUTCOMES.map((o) => ({ value: o, label: CALL_OUTCOME_LABELS[o] }));

/** Ctrl/⌘+Enter in a text area submits its form (Enter alone makes a new line). */
function submitOnModEnter(e: KeyboardEvent<HTMLTextAreaElement>) {
  if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
    e.preventDefault();
    e.currentTarget.form?.requestSubmit();
  }
}

type EntryFields = Pick<LogEntryInput, "kind" | "body" | "occurredAt" | "callOutcome" | "durationMinutes">;

/** The fields of a logged entry; call outcome and duration appear for calls. */
function EntryFieldset<T extends EntryFields>({ form: anyForm }: { form: UseFormReturn<T> }) {
  const form = anyForm as unknown as UseFormReturn<EntryFields>;
  const kind = useWatch({ control: form.control, name: "kind" }) as EntryKind;
  return (
    <>
      <div className="grid gap-3 sm:grid-cols-2">
        <FormSelect form={form} name="kind" label="What happened" options={KIND_OPTIONS} />
        <FormInput
          form={form}
          name="occurredAt"
          type="datetime-local"
          label="When"
          hint="Leave empty for now"
        />
      </div>
      <FormTextarea
        form={form}
        name="body"
        label={kind === "NOTE" ? "Note" : "What was said"}
        rows={3}
        required
        onKeyDown={submitOnModEnter}
      />
      {kind === "CALL" && (
        <div className="grid gap-3 sm:grid-cols-2">
          <FormSelect
            form={form}
            name="callOutcome"
            label="Outcome"
            placeholder="Not recorded"
            options={OUTCOME_OPTIONS}
          />
          <FormInput form={form} name="durationMinutes" label="Minutes" inputMode="numeric" />
        </div>
      )}
    </>
  );
}

const emptyEntry = (organization: string, contactId: string, kind: EntryKind): LogEntryInput => ({
  organization,
  contactId,
  kind,
  body: "",
  occurredAt: "",
  callOutcome: "",
  durationMinutes: "",
});

export function LogEntryForm({ organization, contactId }: { organization: string; contactId: string }) {
  const router = useRouter();
  const ref = useRef<HTMLDivElement>(null);
  const { form, onSubmit, formError, pending } = useActionForm<LogEntryInput, { id: string }>({
    schema: logEntrySchema,
    action: logContactEntryAction,
    defaultValues: emptyEntry(organization, contactId, "NOTE"),
    successMessage: "Logged",
    onSuccess: () => {
      // The next entry starts empty, of the same kind, with focus back on what to write.
      form.reset(emptyEntry(organization, contactId, form.getValues("kind") as EntryKind));
      ref.current?.querySelector("textarea")?.focus();
      router.refresh();
    },
  });
  const kind = useWatch({ control: form.control, name: "kind" }) as EntryKind;
  return (
    <div ref={ref}>
      <ActionForm form={form} onSubmit={onSubmit} label="Log activity" className="flex flex-col gap-3">
        <EntryFieldset form={form} />
        {formError && <FormError message={formError} />}
        <div className="flex items-center justify-end gap-2">
          <span className="hidden text-xs text-fg-muted sm:inline">Ctrl+Enter to save</span>
          <Button type="submit" pending={pending}>
            {kind === "NOTE" ? "Add note" : `Log ${ENTRY_KIND_LABELS[kind].toLowerCase()}`}
          </Button>
        </div>
      </ActionForm>
    </div>
  );
}

type ReminderFields = Pick<CreateReminderInput, "title" | "dueAt" | "assigneeId">;

function ReminderFieldset<T extends ReminderFields>({
  form: anyForm,
  assignees,
}: {
  form: UseFormReturn<T>;
  assignees: MemberOption[];
}) {
  const form = anyForm as unknown as UseFormReturn<ReminderFields>;
  return (
    <>
      <FormInput form={form} name="title" label="Reminder" placeholder="Call back about the offer" required />
      <div className="grid gap-3 sm:grid-cols-2">
        <FormInput form={form} name="dueAt" type="datetime-local" label="Due" required />
        <FormSelect
          form={form}
          name="assigneeId"
          label="For"
          placeholder="Me"
          options={memberOptions(assignees)}
        />
      </div>
    </>
  );
}

const emptyReminder = (organization: string, contactId: string): CreateReminderInput => ({
  organization,
  contactId,
  title: "",
  dueAt: "",
  assigneeId: "",
});

export function ReminderForm({
  organization,
  contactId,
  assignees,
}: {
  organization: string;
  contactId: string;
  assignees: MemberOption[];
}) {
  const router = useRouter();
  const { form, onSubmit, formError, pending } = useActionForm<CreateReminderInput, { id: string }>({
    schema: createReminderSchema,
    action: createContactReminderAction,
    defaultValues: emptyReminder(organization, contactId),
    successMessage: "Reminder set",
    onSuccess: () => {
      form.reset(emptyReminder(organization, contactId));
      form.setFocus("title");
      router.refresh();
    },
  });
  return (
    <ActionForm form={form} onSubmit={onSubmit} label="Set a reminder" className="flex flex-col gap-3">
      <ReminderFieldset form={form} assignees={assignees} />
      {formError && <FormError message={formError} />}
      <div className="flex justify-end">
        <Button type="submit" pending={pending}>
          Set reminder
        </Button>
      </div>
    </ActionForm>
  );
}

type EntryItem = Extract<TimelineItem, { kind: "entry" }>;
type ReminderItem = Extract<TimelineItem, { kind: "reminder" }>;

export function EditEntryDialog({
  open,
  onClose,
  organization,
  entry,
}: {
  open: boolean;
  onClose: () => void;
  organization: string;
  entry: EntryItem;
}) {
  const router = useRouter();
  return (
    <FormDialog<UpdateEntryInput, { id: string }>
      open={open}
      onClose={onClose}
      title={`Edit ${ENTRY_KIND_LABELS[entry.entryKind].toLowerCase()}`}
      submitLabel="Save"
      schema={updateEntrySchema}
      action={updateContactEntryAction}
      successMessage="Saved"
      onSuccess={() => router.refresh()}
      defaultValues={{
        organization,
        id: entry.id,
        kind: entry.entryKind,
        body: entry.body,
        occurredAt: toLocalInput(entry.at),
        callOutcome: entry.callOutcome ?? "",
        durationMinutes: entry.durationMinutes ?? "",
      }}
    >
      {(form) => <EntryFieldset form={form} />}
    </FormDialog>
  );
}

export function EditReminderDialog({
  open,
  onClose,
  organization,
  reminder,
  assignees,
}: {
  open: boolean;
  onClose: () => void;
  organization: string;
  reminder: ReminderItem & { id: string };
  assignees: MemberOption[];
}) {
  const router = useRouter();
  return (
    <FormDialog<UpdateReminderInput, { id: string }>
      open={open}
      onClose={onClose}
      title="Edit reminder"
      submitLabel="Save"
      schema={updateReminderSchema}
      action={updateContactReminderAction}
      successMessage="Saved"
      onSuccess={() => router.refresh()}
      defaultValues={{
        organization,
        id: reminder.id,
        title: reminder.title,
        dueAt: toLocalInput(reminder.dueAt),
        assigneeId: reminder.assignee?.id ?? "",
      }}
    >
      {(form) => <ReminderFieldset form={form} assignees={assignees} />}
    </FormDialog>
  );
}
