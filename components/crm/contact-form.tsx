"use client";
// Create or edit a contact: the shared zod schema on both sides, server field errors next to the fields, and
// for a stale edit (a teammate saved first) a conflict message with a button that reloads their version.
import { useRouter } from "next/navigation";
import { useState } from "react";
import { FormError } from "@/components/forms/form-error";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button, Input, Select, Textarea } from "@/components/ui";
import { createContactAction } from "@/lib/modules/crm/actions/create-contact";
import { updateContactAction } from "@/lib/modules/crm/actions/update-contact";
import {
  CONTACT_STATUS_LABELS,
  CONTACT_STATUSES,
  createContactSchema,
  updateContactSchema,
  type ContactStatus,
  type UpdateContactInput,
} from "@/lib/modules/crm/schemas";

export interface AssigneeOption {
  id: string;
  name: string | null;
  email: string;
}

export interface EditableContact {
  id: string;
  version: number;
  name: string;
  email: string | null;
  phone: string | null;
  company: string | null;
  status: ContactStatus;
  source: string | null;
  notes: string | null;
  nextFollowUp: string | null;
  assignee: { id: string } | null;
}

/** ISO instant → the value of <input type="datetime-local"> in the browser's time zone. */
function toLocalInput(iso: string | null): string {
  if (!iso) return "";
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

const STATUS_OPTIONS = CONTACT_STATUSES.map((s) => ({ value: s, label: CONTACT_STATUS_LABELS[s] }));

export function ContactForm({
  organization,
  assignees,
  contact,
  onDone,
  onCancel,
}: {
  organization: string;
  assignees: AssigneeOption[];
  contact?: EditableContact;
  onDone: (saved: { id: string; name: string }) => void;
  onCancel?: () => void;
}) {
  const router = useRouter();
  const [stale, setStale] = useState(false);
  const editing = contact !== undefined;
  // Create and edit share the fields; edit adds id + version (optimistic concurrency).
  const { form, onSubmit, formError, pending } = useActionForm<
    UpdateContactInput,
    { id: string; name: string; version: number }
  >({
    schema: (editing ? updateContactSchema : createContactSchema) as typeof updateContactSchema,
    action: async (values) => {
      setStale(false);
      const result = editing ? await updateContactAction(values) : await createContactAction(values);
      if (!result.ok && result.error.details?.reason === "stale_version") setStale(true);
      return result;
    },
    defaultValues: {
      organization,
      id: contact?.id ?? "00000000-0000-4000-8000-000000000000",
      version: contact?.version ?? 1,
      name: contact?.name ?? "",
      email: contact?.email ?? "",
      phone: contact?.phone ?? "",
      company: contact?.company ?? "",
      status: contact?.status ?? "LEAD",
      source: contact?.source ?? "",
      assignedTo: contact?.assignee?.id ?? "",
      nextFollowUp: toLocalInput(contact?.nextFollowUp ?? null),
      notes: contact?.notes ?? "",
    },
    successMessage: (d) => (editing ? `Saved ${d.name}` : `Added ${d.name}`),
    onSuccess: (d) => onDone(d),
  });
  const { errors } = form.formState;
  const assigneeOptions = assignees.map((a) => ({
    value: a.id,
    label: a.name ? `${a.name} (${a.email})` : a.email,
  }));

  return (
    <form
      onSubmit={onSubmit}
      noValidate
      className="flex flex-col gap-3"
      aria-label={editing ? "Edit contact" : "New contact"}
    >
      <Input
        label="Name"
        required
        autoComplete="off"
        error={errors.name?.message}
        {...form.register("name")}
      />
      <div className="grid gap-3 sm:grid-cols-2">
        <Input
          label="Email"
          type="email"
          autoComplete="off"
          error={errors.email?.message}
          {...form.register("email")}
        />
        <Input
          label="Phone"
          type="tel"
          autoComplete="off"
          error={errors.phone?.message}
          {...form.register("phone")}
        />
        <Input label="Company" error={errors.company?.message} {...form.register("company")} />
        <Input
          label="Source"
          hint="Where the lead came from, e.g. Zillow, referral"
          error={errors.source?.message}
          {...form.register("source")}
        />
        <Select
          label="Status"
          options={STATUS_OPTIONS}
          error={errors.status?.message}
          {...form.register("status")}
        />
        <Select
          label="Assigned to"
          options={assigneeOptions}
          placeholder="Nobody"
          error={errors.assignedTo?.message}
          {...form.register("assignedTo")}
        />
        <Input
          label="Next follow-up"
          type="datetime-local"
          className="sm:col-span-2"
          error={errors.nextFollowUp?.message}
          {...form.register("nextFollowUp")}
        />
      </div>
      <Textarea label="Notes" rows={3} error={errors.notes?.message} {...form.register("notes")} />
      {stale ? (
        <div
          role="alert"
          className="flex flex-col gap-2 rounded-md border border-danger/40 bg-danger/5 px-3 py-2 text-sm text-danger"
        >
          <p>{formError}</p>
          <div>
            <Button
              variant="secondary"
              size="sm"
              onClick={() => {
                setStale(false);
                router.refresh();
              }}
            >
              Reload their changes
            </Button>
          </div>
        </div>
      ) : (
        <FormError message={formError} />
      )}
      <div className="flex justify-end gap-2">
        {onCancel && (
          <Button variant="secondary" onClick={onCancel}>
            Cancel
          </Button>
        )}
        <Button type="submit" pending={pending}>
          {editing ? "Save changes" : "Add contact"}
        </Button>
      </div>
    </form>
  );
}
