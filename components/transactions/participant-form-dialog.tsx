"use client";
// Add a person to a loop: a contact found in the CRM, someone new (saved as a CRM contact too), or a teammate,
// in a role. One form; the fields follow the choice.
import { useRouter } from "next/navigation";
import { Controller, useWatch, type UseFormReturn } from "react-hook-form";
import { ContactPicker } from "@/components/crm/contact-picker";
import { FormInput, FormSelect } from "@/components/forms/fields";
import { FormDialog } from "@/components/forms/form-dialog";
import { memberOptions, type MemberOption } from "@/components/forms/member-options";
import { DialogButton, type ButtonProps } from "@/components/ui";
import { addParticipantAction } from "@/lib/modules/transactions/actions/add-participant";
import {
  addParticipantSchema,
  PARTICIPANT_ROLE_LABELS,
  PARTICIPANT_ROLES,
  type AddParticipantInput,
  type ParticipantKind,
  type ParticipantRole,
  type TransactionType,
} from "@/lib/modules/transactions/schemas";

const ROLE_OPTIONS = PARTICIPANT_ROLES.map((r) => ({ value: r, label: PARTICIPANT_ROLE_LABELS[r] }));

/** The role a new person most likely has on this kind of transaction: the client, or the agent for a teammate. */
function likelyRole(type: TransactionType, kind: ParticipantKind): ParticipantRole {
  if (kind === "member") return type === "PURCHASE" ? "BUYERS_AGENT" : "LISTING_AGENT";
  return ({ PURCHASE: "BUYER", LISTING: "SELLER", DUAL: "BUYER", LEASE: "TENANT" } as const)[type];
}

const KIND_CHOICES: Array<{ kind: ParticipantKind; label: string; hint: string }> = [
  { kind: "contact", label: "A contact", hint: "Someone already in your CRM" },
  { kind: "newContact", label: "Someone new", hint: "Also saved as a CRM contact" },
  { kind: "member", label: "A teammate", hint: "A member of your organization" },
];

function ParticipantFields({
  form,
  organization,
  transactionType,
  teammates,
  canCreateContacts,
}: {
  form: UseFormReturn<AddParticipantInput>;
  organization: string;
  transactionType: TransactionType;
  teammates: MemberOption[];
  canCreateContacts: boolean;
}) {
  const kind = useWatch({ control: form.control, name: "kind" });
  const choices = KIND_CHOICES.filter((c) => c.kind !== "newContact" || canCreateContacts);
  const kindField = form.register("kind", {
    // Until someone picks a role, it follows the kind of person (a teammate is most likely the agent).
    onChange: (e: { target: { value: ParticipantKind } }) => {
      if (!form.getFieldState("role").isDirty)
        form.setValue("role", likelyRole(transactionType, e.target.value));
    },
  });
  return (
    <>
      <fieldset className="flex flex-col gap-2">
        <legend className="mb-1 text-sm font-medium">Who are you adding?</legend>
        <div className="grid gap-2 sm:grid-cols-3">
          {choices.map((c) => (
            <label
              key={c.kind}
              className="flex cursor-pointer items-start gap-2 rounded-md border border-border p-2 text-sm has-[:checked]:border-accent has-[:checked]:bg-accent/5"
            >
              <input type="radio" value={c.kind} className="mt-1" {...kindField} />
              <span>
                <span className="block font-medium">{c.label}</span>
                <span className="block text-xs text-fg-muted">{c.hint}</span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      <FormSelect form={form} name="role" label="Role" required options={ROLE_OPTIONS} />
      {kind === "contact" && (
        <Controller
          control={form.control}
          name="contactId"
          render={({ field, fieldState }) => (
            <ContactPicker
              organization={organization}
              label="Contact"
              value={field.value ?? ""}
              onChange={field.onChange}
              error={fieldState.error?.message}
            />
          )}
        />
      )}
      {kind === "newContact" && (
        <>
          <FormInput form={form} name="name" label="Name" required autoComplete="off" />
          <div className="grid gap-3 sm:grid-cols-2">
            <FormInput form={form} name="email" label="Email" type="email" autoComplete="off" />
            <FormInput form={form} name="phone" label="Phone" type="tel" autoComplete="off" />
          </div>
        </>
      )}
      {kind === "member" && (
        <FormSelect
          form={form}
          name="userId"
          label="Teammate"
          required
          placeholder="Choose a teammate"
          options={memberOptions(teammates)}
        />
      )}
    </>
  );
}

export function AddParticipantButton({
  organization,
  loopId,
  transactionType,
  teammates,
  canCreateContacts,
  label = "Add person",
  variant = "secondary",
}: {
  organization: string;
  loopId: string;
  transactionType: TransactionType;
  teammates: MemberOption[];
  canCreateContacts: boolean;
  label?: string;
  variant?: ButtonProps["variant"];
}) {
  const router = useRouter();
  const defaults: AddParticipantInput = {
    organization,
    loopId,
    kind: "contact",
    role: likelyRole(transactionType, "contact"),
    contactId: "",
    userId: "",
    name: "",
    email: "",
    phone: "",
  };
  return (
    <DialogButton
      variant={variant}
      size="sm"
      dialog={(state) => (
        <FormDialog
          {...state}
          title="Add a person to this transaction"
          formLabel="Add person"
          submitLabel="Add person"
          schema={addParticipantSchema}
          action={addParticipantAction}
          defaultValues={defaults}
          successMessage={(d) => `${d.name} added`}
          onSuccess={() => router.refresh()}
        >
          {(form) => (
            <ParticipantFields
              form={form}
              organization={organization}
              transactionType={transactionType}
              teammates={teammates}
              canCreateContacts={canCreateContacts}
            />
          )}
        </FormDialog>
      )}
    >
      {label}
    </DialogButton>
  );
}
