"use client";
// Create or edit a transaction loop in a dialog: address, type, listing price, expected closing.
import { useRouter } from "next/navigation";
import { useState } from "react";
import type { UseFormReturn } from "react-hook-form";
import { FormError } from "@/components/forms/form-error";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button, Dialog, Input, Select } from "@/components/ui";
import { createLoopAction } from "@/lib/modules/transactions/actions/create-loop";
import { updateLoopAction } from "@/lib/modules/transactions/actions/update-loop";
import {
  createLoopSchema,
  TRANSACTION_TYPE_LABELS,
  TRANSACTION_TYPES,
  updateLoopSchema,
  type CreateLoopInput,
  type UpdateLoopInput,
} from "@/lib/modules/transactions/schemas";

const TYPE_OPTIONS = TRANSACTION_TYPES.map((t) => ({ value: t, label: TRANSACTION_TYPE_LABELS[t] }));

export interface LoopFormValues {
  propertyAddress: string;
  transactionType: (typeof TRANSACTION_TYPES)[number];
  listingPrice: string;
  expectedClosing: string;
}

/** The loop fields, shared by create and edit (both forms' values contain them). */
function LoopFields<T extends CreateLoopInput>({ form: typed }: { form: UseFormReturn<T> }) {
  const form = typed as unknown as UseFormReturn<CreateLoopInput>;
  const { errors } = form.formState;
  return (
    <div className="grid gap-3 sm:grid-cols-2">
      <Input
        label="Property address"
        required
        autoComplete="off"
        className="sm:col-span-2"
        error={errors.propertyAddress?.message}
        {...form.register("propertyAddress")}
      />
      <Select
        label="Transaction type"
        required
        options={TYPE_OPTIONS}
        error={errors.transactionType?.message}
        {...form.register("transactionType")}
      />
      <Input
        label="Listing price"
        inputMode="decimal"
        placeholder="450000"
        hint="In dollars; optional"
        error={errors.listingPrice?.message}
        {...form.register("listingPrice")}
      />
      <Input
        label="Expected closing"
        type="date"
        error={errors.expectedClosing?.message}
        {...form.register("expectedClosing")}
      />
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
  const [open, setOpen] = useState(false);
  const empty: CreateLoopInput = {
    organization,
    propertyAddress: "",
    transactionType: "LISTING",
    listingPrice: "",
    expectedClosing: "",
  };
  const { form, onSubmit, formError, pending } = useActionForm<CreateLoopInput, { id: string }>({
    schema: createLoopSchema,
    action: createLoopAction,
    defaultValues: empty,
    successMessage: "Transaction created with its starter tasks",
    onSuccess: (d) => {
      setOpen(false);
      form.reset(empty);
      router.push(`/${organization}/transactions/${d.id}`);
    },
  });
  return (
    <>
      <Button onClick={() => setOpen(true)}>{label}</Button>
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        title="New transaction"
        description="It starts as a draft with one task for each stage."
      >
        <form onSubmit={onSubmit} noValidate aria-label="New transaction" className="flex flex-col gap-4">
          <LoopFields form={form} />
          <FormError message={formError} />
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button type="submit" pending={pending}>
              Create transaction
            </Button>
          </div>
        </form>
      </Dialog>
    </>
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
  const [open, setOpen] = useState(false);
  const defaults: UpdateLoopInput = { organization, loopId, ...values };
  const { form, onSubmit, formError, pending } = useActionForm<UpdateLoopInput, { id: string }>({
    schema: updateLoopSchema,
    action: updateLoopAction,
    defaultValues: defaults,
    successMessage: "Transaction updated",
    onSuccess: () => {
      setOpen(false);
      router.refresh();
    },
  });
  return (
    <>
      <Button variant="secondary" onClick={() => (form.reset(defaults), setOpen(true))}>
        Edit
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} title="Edit transaction">
        <form onSubmit={onSubmit} noValidate aria-label="Edit transaction" className="flex flex-col gap-4">
          <LoopFields form={form} />
          <FormError message={formError} />
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button type="submit" pending={pending}>
              Save changes
            </Button>
          </div>
        </form>
      </Dialog>
    </>
  );
}
