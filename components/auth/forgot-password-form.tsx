"use client";
import Link from "next/link";
import { useState } from "react";
import { ActionForm } from "@/components/forms/action-form";
import { FormInput } from "@/components/forms/fields";
import { FormError } from "@/components/forms/form-error";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui";
import { requestPasswordResetAction } from "@/lib/modules/account/actions/request-password-reset";
import { forgotPasswordSchema, type ForgotPasswordInput } from "@/lib/modules/account/schemas";

/** Asks for a recovery link; says the same thing whether or not the address has an account. */
export function ForgotPasswordForm() {
  const [sentTo, setSentTo] = useState<string | null>(null);
  const { form, onSubmit, formError, pending } = useActionForm<ForgotPasswordInput, { sent: true }>({
    schema: forgotPasswordSchema,
    action: requestPasswordResetAction,
    defaultValues: { email: "" },
    onSuccess: () => setSentTo(form.getValues("email")),
  });
  if (sentTo) {
    return (
      <p role="status" className="rounded-md border border-border bg-surface-muted p-4 text-sm">
        If an account uses {sentTo}, we&apos;ve sent it a link to choose a new password. Open it in this
        browser within the hour. Nothing arrived? Check the spam folder, or ask again in a minute.
      </p>
    );
  }
  return (
    <ActionForm form={form} onSubmit={onSubmit} label="Reset your password" className="flex flex-col gap-4">
      <FormError message={formError} />
      <FormInput form={form} name="email" label="Email" type="email" autoComplete="email" required />
      <Button type="submit" pending={pending}>
        Send me a link
      </Button>
      <p className="text-center text-sm text-fg-muted">
        Remembered it?{" "}
        <Link className="font-medium text-accent underline-offset-2 hover:underline" href="/login">
          Log in
        </Link>
      </p>
    </ActionForm>
  );
}
