"use client";
// Create or edit a contact in a dialog: the shared zod schema on both sides, server field errors next to the
// fields, and for a stale edit (a teammate saved first) a conflict message with a button that reloads their
// version. Create submits the create schema's fields; edit adds id + version (optimistic concurrency).
import { useRouter } from "next/navigation";
import { useState } from "react";
import type { UseFormReturn } from "react-hook-form";
import { fieldsOf, FormInput, FormSelect, FormTextarea } from "@/components/forms/fields";
import { FormDialog } from "@/components/forms/form-dialog";
import { FormError } from "@/components/forms/form-error";
import { memberOptions, type MemberOption } from "@/components/forms/member-options";
import { Button } from "@/components/ui";
import { createContactAction } from "@/lib/modules/crm/actions/create-contact";
import { updateContactAction } from "@/lib/modules/crm/actions/update-contact";
import {
  CONTACT_STATUS_LABELS,
  CONTACT_STATUSES,
  createContactSchema,
  updateContactSchema,
  type CreateContactInput,
  type UpdateContactInput,
} from "@/lib/modules/crm/schemas";
import type { ContactDetail } from "@/lib/modules/crm";

export type AssigneeOption = MemberOption;

export type EditableContact = Pick<
  ContactDetail,
  | "id"
  | "version"
  | "name"
  | "email"
  | "phone"
  | "company"
  | "status"
  | "source"
  | "notes"
  | "nextFollowUp"
  | "assignee"
>;

interface ContactDialogProps {
  open: boolean;
  onClose: () => void;
  organization: string;
  assignees: AssigneeOption[];
  onSaved?: () => void;
}

/** ISO instant → the value of <input type="datetime-local"> in the browser's time zone. */
export function toLocalInput(iso: string | null): string {
  if (!iso) return "";
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The form's values for the contact's own fields (empty for a new contact). */
function contactValues(organization: string, contact?: EditableContact): CreateContactInput {
  return {
    organization,
    name: contact?.name ?? "",
    email: contact?.email ?? "",
    phone: contact?.phone ?? "",
    company: contact?.company ?? "",
    status: contact?.status ?? "LEAD",
    source: contact?.source ?? "",
    assignedTo: contact?.assignee?.id ?? "",
    nextFollowUp: toLocalInput(contact?.nextFollowUp ?? null),
    notes: contact?.notes ?? "",
  };
}

const STATUS_OPTIONS = CONTACT_STATUSES.map((s) => ({ value: s, label: CONTACT_STATUS_LABELS[s] }));

function ContactFields<T extends CreateContactInput>({
  form: wide,
  assignees,
}: {
  form: UseFormReturn<T>;
  assignees: AssigneeOption[];
}) {
  const form = fieldsOf<CreateContactInput, T>(wide);
  return (
    <>
      <FormInput form={form} name="name" label="Name" required autoComplete="off" />
      <div className="grid gap-3 sm:grid-cols-2">
        <FormInput form={form} name="email" label="Email" type="email" autoComplete="off" />
        <FormInput form={form} name="phone" label="Phone" type="tel" autoComplete="off" />
        <FormInput form={form} name="company" label="Company" />
        <FormInput
          form={form}
          name="source"
          label="Source"
          hint="Where the lead came from, e.g. Zillow, referral"
        />
        <FormSelect form={form} name="status" label="Status" options={STATUS_OPTIONS} />
        <FormSelect
          form={form}
          name="assignedTo"
          label="Assigned to"
          options={memberOptions(assignees)}
          placeholder="Nobody"
        />
        <FormInput
          form={form}
          name="nextFollowUp"
          label="Next follow-up"
          type="datetime-local"
          className="sm:col-span-2"
        />
      </div>
      <FormTextarea form={form} name="notes" label="Notes" rows={3} />
    </>
  );
}

/** `me`: the signed-in user; a new contact is theirs by default when they can be assigned work. */
export function NewContactDialog({
  open,
  onClose,
  organization,
  assignees,
  onSaved,
  me,
}: ContactDialogProps & { me: string }) {
  const assignedTo = assignees.some((a) => a.id === me) ? me : "";
  return (
    <FormDialog
      open={open}
      onClose={onClose}
      title="New contact"
      description="Only the name is required."
      submitLabel="Add contact"
      schema={createContactSchema}
      action={createContactAction}
      defaultValues={{ ...contactValues(organization), assignedTo }}
      successMessage={(d) => `Added ${d.name}`}
      onSuccess={onSaved}
    >
      {(form) => <ContactFields form={form} assignees={assignees} />}
    </FormDialog>
  );
}

export function EditContactDialog({
  contact,
  open,
  onClose,
  organization,
  assignees,
  onSaved,
}: ContactDialogProps & { contact: EditableContact }) {
  const router = useRouter();
  const [stale, setStale] = useState(false);
  const defaults: UpdateContactInput = {
    ...contactValues(organization, contact),
    id: contact.id,
    version: contact.version,
  };
  return (
    <FormDialog
      open={open}
      onClose={onClose}
      title={`Edit ${contact.name}`}
      formLabel="Edit contact"
      submitLabel="Save changes"
      // "Reload their changes" refreshes the page: the new version starts the form over with their values.
      formKey={contact.version}
      schema={updateContactSchema}
      action={async (values) => {
        setStale(false);
        const result = await updateContactAction(values);
        if (!result.ok && result.error.details?.reason === "stale_version") setStale(true);
        return result;
      }}
      defaultValues={defaults}
      successMessage={(d) => `Saved ${d.name}`}
      onSuccess={onSaved}
      renderFormError={(message) =>
        stale ? (
          <div
            role="alert"
            className="flex flex-col gap-2 rounded-md border border-danger/40 bg-danger/5 px-3 py-2 text-sm text-danger"
          >
            <p>{message}</p>
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
          <FormError message={message} />
        )
      }
    >
      {(form) => <ContactFields form={form} assignees={assignees} />}
    </FormDialog>
  );
}
