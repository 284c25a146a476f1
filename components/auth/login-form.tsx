"use client";
import Link from "next/link";
import { ActionForm } from "@/components/forms/action-form";
import { FormInput } from "@/components/forms/fields";
import { FormError } from "@/components/forms/form-error";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui";
import { loginAction } from "@/lib/modules/account/actions/login";
import { loginSchema, type LoginInput } from "@/lib/modules/account/schemas";

export function LoginForm({ next }: { next?: string }) {
  const { form, onSubmit, formError, pending } = useActionForm<LoginInput, never>({
    schema: loginSchema,
    action: loginAction,
    defaultValues: { email: "", password: "", next },
  });
  return (
    <ActionForm form={form} onSubmit={onSubmit} label="Log in" className="flex flex-col gap-4">
      <FormError message={formError} />
      <FormInput form={form} name="email" label="Email" type="email" autoComplete="email" required />
      <FormInput
        form={form}
        name="password"
        label="Password"
        type="password"
        autoComplete="current-password"
        required
      />
      <p className="-mt-2 text-right text-sm">
        <Link className="text-accent underline-offset-2 hover:underline" href="/forgot-password">
          Forgot password?
        </Link>
      </p>
      <Button type="submit" pending={pending}>
        Log in
      </Button>
      <p className="text-center text-sm text-fg-muted">
        New to Hearth?{" "}
        <Link
          className="font-medium text-accent underline-offset-2 hover:underline"
          href={next ? `/signup?next=${encodeURIComponent(next)}` : "/signup"}
        >
          Create an account
        </Link>
      </p>
    </ActionForm>
  );
}
