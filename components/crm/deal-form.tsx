"use client";
// Create or edit a deal in a dialog. The contact is fixed when the dialog opens from a contact's page;
// otherwise a search picks one (the organization may have 100,000 contacts, so no giant dropdown).
import { Controller, type UseFormReturn } from "react-hook-form";
import { fieldsOf, FormInput, FormSelect } from "@/components/forms/fields";
import { FormDialog } from "@/components/forms/form-dialog";
import { createDealAction } from "@/lib/modules/crm/actions/create-deal";
import { updateDealAction } from "@/lib/modules/crm/actions/update-deal";
import {
  DEAL_STAGE_LABELS,
  DEAL_STAGES,
  isClosedStage,
  updateDealSchema,
  createDealSchema,
  type CreateDealInput,
  type DealStage,
  type UpdateDealInput,
} from "@/lib/modules/crm/schemas";
import type { AssigneeOption } from "./contact-form";
import { personName } from "@/components/ui/format";
import type { PipelineDeal } from "@/lib/modules/crm";
import { ContactPicker } from "./contact-picker";

export type EditableDeal = PipelineDeal;

// A new deal starts in an open stage; closing it (Lost needs a reason) is a move on the board or the deal page.
const STAGE_OPTIONS = DEAL_STAGES.filter((s) => !isClosedStage(s)).map((s) => ({
  value: s,
  label: DEAL_STAGE_LABELS[s],
}));
type DealFieldValues = Omit<CreateDealInput, "stage">;

interface DealDialogProps {
  open: boolean;
  onClose: () => void;
  organization: string;
  assignees: AssigneeOption[];
  onSaved?: () => void;
}

/** The form's values for the deal's own fields (empty for a new deal). */
function dealValues(
  organization: string,
  deal: EditableDeal | undefined,
  contact: { id: string } | undefined,
): DealFieldValues {
  return {
    organization,
    title: deal?.title ?? "",
    value: deal?.value ?? "",
    expectedClose: deal?.expectedClose ?? "",
    contactId: contact?.id ?? "",
    assignedTo: deal?.assignee?.id ?? "",
  };
}

function DealFields<T extends DealFieldValues>({
  form: wide,
  organization,
  assignees,
  contact,
  initialContact,
  stageField,
}: {
  form: UseFormReturn<T>;
  /** The stage select (new deals only: an edit keeps the stage). */
  stageField?: React.ReactNode;
  organization: string;
  assignees: AssigneeOption[];
  /** A fixed contact (the form opened from their page): shown, not picked. */
  contact?: { id: string; name: string };
  /** The contact the picker starts with (the deal's, when editing). */
  initialContact?: { id: string; name: string };
}) {
  const form = fieldsOf<DealFieldValues, T>(wide);
  return (
    <>
      <FormInput form={form} name="title" label="Title" required placeholder="e.g. 12 Elm St — purchase" />
      <div className="grid gap-3 sm:grid-cols-2">
        <FormInput form={form} name="value" label="Value (USD)" inputMode="decimal" placeholder="350000" />
        {stageField}
        <FormInput form={form} name="expectedClose" label="Expected close" type="date" />
        <FormSelect
          form={form}
          name="assignedTo"
          label="Assigned to"
          placeholder="Nobody"
          options={assignees.map((a) => ({ value: a.id, label: personName(a) }))}
        />
      </div>
      {contact ? (
        <p className="text-sm">
          Contact: <strong>{contact.name}</strong>
        </p>
      ) : (
        <Controller
          control={form.control}
          name="contactId"
          render={({ field, fieldState }) => (
            <ContactPicker
              organization={organization}
              label="Contact for this deal"
              initial={initialContact}
              value={field.value ?? ""}
              onChange={field.onChange}
              error={fieldState.error?.message}
            />
          )}
        />
      )}
    </>
  );
}

export function NewDealDialog({
  open,
  onClose,
  organization,
  assignees,
  contact,
  defaultStage = "LEAD",
  onSaved,
}: DealDialogProps & {
  /** A fixed contact (the dialog opened from their page). */
  contact?: { id: string; name: string };
  defaultStage?: DealStage;
}) {
  return (
    <FormDialog
      open={open}
      onClose={onClose}
      title={contact ? `New deal for ${contact.name}` : "New deal"}
      formLabel="New deal"
      submitLabel="Add deal"
      schema={createDealSchema}
      action={createDealAction}
      defaultValues={{ ...dealValues(organization, undefined, contact), stage: defaultStage }}
      successMessage={(d) => `Added ${d.title}`}
      onSuccess={onSaved}
    >
      {(form) => (
        <DealFields
          form={form}
          organization={organization}
          assignees={assignees}
          contact={contact}
          stageField={<FormSelect form={form} name="stage" label="Stage" options={STAGE_OPTIONS} />}
        />
      )}
    </FormDialog>
  );
}

export function EditDealDialog({
  open,
  onClose,
  organization,
  assignees,
  deal,
  onSaved,
}: DealDialogProps & { deal: EditableDeal }) {
  const defaults: UpdateDealInput = {
    ...dealValues(organization, deal, deal.contact),
    id: deal.id,
    version: deal.version,
  };
  return (
    <FormDialog
      open={open}
      onClose={onClose}
      title={`Edit ${deal.title}`}
      formLabel="Edit deal"
      submitLabel="Save deal"
      schema={updateDealSchema}
      action={updateDealAction}
      defaultValues={defaults}
      successMessage={(d) => `Saved ${d.title}`}
      onSuccess={onSaved}
    >
      {(form) => (
        <DealFields
          form={form}
          organization={organization}
          assignees={assignees}
          initialContact={deal.contact}
        />
      )}
    </FormDialog>
  );
}
