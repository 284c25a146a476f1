"use client";
import { ActionForm } from "@/components/forms/action-form";
import { FormError } from "@/components/forms/form-error";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui";
import { resetPasswordAction } from "@/lib/modules/account/actions/reset-password";
import { resetPasswordSchema, type ResetPasswordInput } from "@/lib/modules/account/schemas";
import { NewPasswordFields } from "./new-password-fields";

export function ResetPasswordForm() {
  const { form, onSubmit, formError, pending } = useActionForm<ResetPasswordInput, never>({
    schema: resetPasswordSchema,
    action: resetPasswordAction,
    defaultValues: { password: "", confirmPassword: "" },
  });
  return (
    <ActionForm form={form} onSubmit={onSubmit} label="Choose a new password" className="flex flex-col gap-4">
      <FormError message={formError} />
      <NewPasswordFields form={form} />
      <Button type="submit" pending={pending}>
        Save the new password
      </Button>
    </ActionForm>
  );
}
