"use client";
// A form in a dialog, for every create/edit dialog: title and description, the fields, the action's
// form-level error, Cancel and a submit button that is disabled and busy while the action runs. It closes
// itself when the action succeeds (then calls onSuccess) and starts from its default values each time it
// opens, because the form lives only while the dialog is open. Enter submits, Escape closes, focus goes
// back to the button that opened it.
import type { Key, ReactNode } from "react";
import type { FieldValues, UseFormReturn } from "react-hook-form";
import { Button, Dialog } from "@/components/ui";
import { ActionForm } from "./action-form";
import { FormError } from "./form-error";
import { useActionForm, type UseActionFormOptions } from "./use-action-form";

export interface FormDialogProps<TIn extends FieldValues, TOut> extends UseActionFormOptions<TIn, TOut> {
  open: boolean;
  onClose: () => void;
  title: string;
  description?: string;
  /** The form's accessible name; the title when not given. */
  formLabel?: string;
  submitLabel: string;
  cancelLabel?: string;
  /** Starts the form over from the (new) default values when this changes while the dialog is open. */
  formKey?: Key;
  /** Shows the form-level error differently (e.g. with a way out of a conflict); FormError by default. */
  renderFormError?: (message: string) => ReactNode;
  /** The fields, bound to the dialog's form. */
  children: (form: UseFormReturn<TIn>) => ReactNode;
}

export function FormDialog<TIn extends FieldValues, TOut>({
  open,
  onClose,
  title,
  description,
  formKey,
  ...body
}: FormDialogProps<TIn, TOut>) {
  return (
    <Dialog open={open} onClose={onClose} title={title} description={description}>
      <FormDialogBody key={formKey} {...body} formLabel={body.formLabel ?? title} onClose={onClose} />
    </Dialog>
  );
}

function FormDialogBody<TIn extends FieldValues, TOut>({
  onClose,
  formLabel,
  submitLabel,
  cancelLabel = "Cancel",
  renderFormError = (message) => <FormError message={message} />,
  children,
  onSuccess,
  ...options
}: Omit<FormDialogProps<TIn, TOut>, "open" | "title" | "description" | "formKey"> & { formLabel: string }) {
  const { form, onSubmit, formError, pending } = useActionForm<TIn, TOut>({
    ...options,
    onSuccess: (data) => {
      onClose();
      onSuccess?.(data);
    },
  });
  return (
    <ActionForm form={form} onSubmit={onSubmit} label={formLabel} className="flex flex-col gap-3">
      {children(form)}
      {formError && renderFormError(formError)}
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onClose}>
          {cancelLabel}
        </Button>
        <Button type="submit" pending={pending}>
          {submitLabel}
        </Button>
      </div>
    </ActionForm>
  );
}
