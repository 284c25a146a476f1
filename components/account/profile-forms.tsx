"use client";
// The profile page's three forms: the display name, the email address (changed when the link mailed to the new
// address is opened) and the password (the current one re-checked).
import { useRouter } from "next/navigation";
import { useState } from "react";
import { NewPasswordFields } from "@/components/auth/new-password-fields";
import { ActionForm } from "@/components/forms/action-form";
import { FormInput } from "@/components/forms/fields";
import { FormError } from "@/components/forms/form-error";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui";
import { changeEmailAction } from "@/lib/modules/account/actions/change-email";
import { changePasswordAction } from "@/lib/modules/account/actions/change-password";
import { updateProfileAction } from "@/lib/modules/account/actions/update-profile";
import {
  changeEmailSchema,
  changePasswordSchema,
  updateProfileSchema,
  type ChangeEmailInput,
  type ChangePasswordInput,
  type UpdateProfileInput,
} from "@/lib/modules/account/schemas";

export function ProfileNameForm({ name }: { name: string }) {
  const router = useRouter();
  const { form, onSubmit, formError, pending } = useActionForm<UpdateProfileInput, unknown>({
    schema: updateProfileSchema,
    action: updateProfileAction,
    defaultValues: { name },
    successMessage: "Name saved",
    onSuccess: () => router.refresh(),
  });
  return (
    <ActionForm form={form} onSubmit={onSubmit} label="Your name" className="flex flex-col gap-3">
      <FormError message={formError} />
      <FormInput form={form} name="name" label="Name" autoComplete="name" required />
      <div>
        <Button type="submit" pending={pending}>
          Save name
        </Button>
      </div>
    </ActionForm>
  );
}

export function ChangeEmailForm({ email, back }: { email: string; back: string }) {
  const [pendingEmail, setPendingEmail] = useState<string | null>(null);
  const { form, onSubmit, formError, pending } = useActionForm<ChangeEmailInput, { pendingEmail: string }>({
    schema: changeEmailSchema,
    action: changeEmailAction,
    defaultValues: { email: "", next: back },
    onSuccess: (data) => setPendingEmail(data.pendingEmail),
  });
  return (
    <ActionForm form={form} onSubmit={onSubmit} label="Change your email" className="flex flex-col gap-3">
      <p className="text-sm text-fg-muted">
        You sign in with <strong className="text-fg">{email}</strong>.
      </p>
      {pendingEmail && (
        <p role="status" className="rounded-md border border-border bg-surface-muted px-3 py-2 text-sm">
          We sent a confirmation link to {pendingEmail}. Your address changes when you open it.
        </p>
      )}
      <FormError message={formError} />
      <FormInput form={form} name="email" label="New email" type="email" autoComplete="email" required />
      <div>
        <Button type="submit" pending={pending}>
          Send confirmation link
        </Button>
      </div>
    </ActionForm>
  );
}

export function ChangePasswordForm() {
  const { form, onSubmit, formError, pending } = useActionForm<ChangePasswordInput, { changed: true }>({
    schema: changePasswordSchema,
    action: changePasswordAction,
    defaultValues: { currentPassword: "", password: "", confirmPassword: "" },
    successMessage: "Password changed — you were signed out on your other devices",
    onSuccess: () => form.reset(),
  });
  return (
    <ActionForm form={form} onSubmit={onSubmit} label="Change your password" className="flex flex-col gap-3">
      <FormError message={formError} />
      <FormInput
        form={form}
        name="currentPassword"
        label="Current password"
        type="password"
        autoComplete="current-password"
        required
      />
      <NewPasswordFields form={form} />
      <div>
        <Button type="submit" pending={pending}>
          Change password
        </Button>
      </div>
    </ActionForm>
  );
}
