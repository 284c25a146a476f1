"use client";
import Link from "next/link";
import { useState } from "react";
import { FormError } from "@/components/forms/form-error";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button, Input } from "@/components/ui";
import { signupAction } from "@/lib/modules/account/actions/signup";
import { signupSchema, type SignupInput } from "@/lib/modules/account/schemas";

export function SignupForm({ next }: { next?: string }) {
  const [confirm, setConfirm] = useState(false);
  const { form, onSubmit, formError, pending } = useActionForm<SignupInput, { confirmationRequired: true }>({
    schema: signupSchema,
    action: signupAction,
    defaultValues: { name: "", email: "", password: "", next },
    onSuccess: () => setConfirm(true),
  });
  const { errors } = form.formState;
  if (confirm) {
    return (
      <p role="status" className="rounded-md border border-border bg-surface-muted p-4 text-sm">
        Check your inbox: we sent a link to confirm your email address. Then log in.
      </p>
    );
  }
  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4" aria-label="Create your account">
      <FormError message={formError} />
      <Input
        label="Your name"
        autoComplete="name"
        required
        error={errors.name?.message}
        {...form.register("name")}
      />
      <Input
        label="Work email"
        type="email"
        autoComplete="email"
        required
        error={errors.email?.message}
        {...form.register("email")}
      />
      <Input
        label="Password"
        type="password"
        autoComplete="new-password"
        required
        hint="At least 8 characters."
        error={errors.password?.message}
        {...form.register("password")}
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
    </form>
  );
}
