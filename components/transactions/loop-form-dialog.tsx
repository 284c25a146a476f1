"use client";
// Create or edit a transaction loop in a dialog: address, type, listing price, expected closing.
import { useRouter } from "next/navigation";
import type { UseFormReturn } from "react-hook-form";
import { fieldsOf, FormInput, FormSelect } from "@/components/forms/fields";
import { FormDialog } from "@/components/forms/form-dialog";
import { DialogButton } from "@/components/ui";
import { createLoopAction } from "@/lib/modules/transactions/actions/create-loop";
import { startLoopFromDealAction } from "@/lib/modules/transactions/actions/start-loop-from-deal";
import { updateLoopAction } from "@/lib/modules/transactions/actions/update-loop";
import {
  createLoopSchema,
  startLoopFromDealSchema,
  TRANSACTION_TYPE_LABELS,
  TRANSACTION_TYPES,
  updateLoopSchema,
  type CreateLoopInput,
} from "@/lib/modules/transactions/schemas";

const TYPE_OPTIONS = TRANSACTION_TYPES.map((t) => ({ value: t, label: TRANSACTION_TYPE_LABELS[t] }));

export interface LoopFormValues {
  propertyAddress: string;
  transactionType: (typeof TRANSACTION_TYPES)[number];
  listingPrice: string;
  expectedClosing: string;
}

/** The loop fields, shared by create and edit (the edit form's values contain them). */
function LoopFields<T extends CreateLoopInput>({ form: wide }: { form: UseFormReturn<T> }) {
  const form = fieldsOf<CreateLoopInput, T>(wide);
  return (
    <div className="grid gap-3 sm:grid-cols-2">
      <FormInput
        form={form}
        name="propertyAddress"
        label="Property address"
        required
        autoComplete="off"
        className="sm:col-span-2"
      />
      <FormSelect
        form={form}
        name="transactionType"
        label="Transaction type"
        required
        options={TYPE_OPTIONS}
      />
      <FormInput
        form={form}
        name="listingPrice"
        label="Listing price"
        inputMode="decimal"
        placeholder="450000"
        hint="In dollars; optional"
      />
      <FormInput form={form} name="expectedClosing" label="Expected closing" type="date" />
    </div>
  );
}

export function CreateLoopButton({
  organization,
  label = "New transaction",
}: {
  organization: string;
  label?: string;
}) {
  const router = useRouter();
  return (
    <DialogButton
      dialog={(state) => (
        <FormDialog
          {...state}
          title="New transaction"
          description="It starts as a draft with its type's checklist: the tasks, key dates and documents it needs. You are its agent."
          submitLabel="Create transaction"
          schema={createLoopSchema}
          action={createLoopAction}
          defaultValues={{
            organization,
            propertyAddress: "",
            transactionType: "LISTING",
            listingPrice: "",
            expectedClosing: "",
          }}
          successMessage="Transaction created with its starter tasks"
          onSuccess={(d) => router.push(`/${organization}/transactions/${d.id}`)}
        >
          {(form) => <LoopFields form={form} />}
        </FormDialog>
      )}
    >
      {label}
    </DialogButton>
  );
}

export function EditLoopButton({
  organization,
  loopId,
  values,
}: {
  organization: string;
  loopId: string;
  values: LoopFormValues;
}) {
  const router = useRouter();
  return (
    <DialogButton
      variant="secondary"
      dialog={(state) => (
        <FormDialog
          {...state}
          title="Edit transaction"
          submitLabel="Save changes"
          schema={updateLoopSchema}
          action={updateLoopAction}
          defaultValues={{ organization, loopId, ...values }}
          successMessage="Transaction updated"
          onSuccess={() => router.refresh()}
        >
          {(form) => <LoopFields form={form} />}
        </FormDialog>
      )}
    >
      Edit
    </DialogButton>
  );
}

/** "Start a transaction from this deal": the loop's fields prefilled from the deal; the deal then links to it. */
export function StartLoopFromDealButton({
  organization,
  deal,
}: {
  organization: string;
  deal: { id: string; title: string; value: string; expectedClose: string | null };
}) {
  const router = useRouter();
  return (
    <DialogButton
      variant="secondary"
      dialog={(state) => (
        <FormDialog
          {...state}
          title="Start a transaction from this deal"
          description="A draft transaction with its type's checklist, linked to this deal. You are its agent."
          submitLabel="Start transaction"
          schema={startLoopFromDealSchema}
          action={startLoopFromDealAction}
          defaultValues={{
            organization,
            dealId: deal.id,
            propertyAddress: deal.title,
            transactionType: "PURCHASE",
            listingPrice: Number(deal.value) > 0 ? deal.value : "",
            expectedClosing: deal.expectedClose ?? "",
          }}
          successMessage="Transaction started from the deal"
          onSuccess={(d) => router.push(`/${organization}/transactions/${d.id}`)}
        >
          {(form) => <LoopFields form={form} />}
        </FormDialog>
      )}
    >
      Start a transaction
    </DialogButton>
  );
}
