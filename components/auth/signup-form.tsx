"use client";
import Link from "next/link";
import { useState } from "react";
import { ActionForm } from "@/components/forms/action-form";
import { FormInput } from "@/components/forms/fields";
import { FormError } from "@/components/forms/form-error";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui";
import { signupAction } from "@/lib/modules/account/actions/signup";
import { signupSchema, type SignupInput } from "@/lib/modules/account/schemas";

/** `email`: prefilled when the person arrives from an invitation to that address. */
export function SignupForm({ next, email = "" }: { next?: string; email?: string }) {
  const [confirm, setConfirm] = useState(false);
  const { form, onSubmit, formError, pending } = useActionForm<SignupInput, { confirmationRequired: true }>({
    schema: signupSchema,
    action: signupAction,
    defaultValues: { name: "", email, password: "", next },
    onSuccess: () => setConfirm(true),
  });
  if (confirm) {
    return (
      <p role="status" className="rounded-md border border-border bg-surface-muted p-4 text-sm">
        Check your inbox: we sent a link to confirm your email address. Then log in.
      </p>
    );
  }
  return (
    <ActionForm form={form} onSubmit={onSubmit} label="Create your account" className="flex flex-col gap-4">
      <FormError message={formError} />
      <FormInput form={form} name="name" label="Your name" autoComplete="name" required />
      <FormInput form={form} name="email" label="Work email" type="email" autoComplete="email" required />
      <FormInput
        form={form}
        name="password"
        label="Password"
        type="password"
        autoComplete="new-password"
        required
        hint="At least 8 characters."
      />
      <Button type="submit" pending={pending}>
        Create account
      </Button>
      <p className="text-center text-sm text-fg-muted">
        Already have an account?{" "}
        <Link
          className="font-medium text-accent underline-offset-2 hover:underline"
          href={next ? `/login?next=${encodeURIComponent(next)}` : "/login"}
        >
          Log in
        </Link>
      </p>
    </ActionForm>
  );
}
