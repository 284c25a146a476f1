"use client";
import Link from "next/link";
import { FormError } from "@/components/forms/form-error";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button, Input } from "@/components/ui";
import { loginAction } from "@/lib/modules/account/actions/login";
import { loginSchema, type LoginInput } from "@/lib/modules/account/schemas";

export function LoginForm({ next }: { next?: string }) {
  const { form, onSubmit, formError, pending } = useActionForm<LoginInput, never>({
    schema: loginSchema,
    action: loginAction,
    defaultValues: { email: "", password: "", next },
  });
  const { errors } = form.formState;
  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4" aria-label="Log in">
      <FormError message={formError} />
      <Input
        label="Email"
        type="email"
        autoComplete="email"
        required
        error={errors.email?.message}
        {...form.register("email")}
      />
      <Input
        label="Password"
        type="password"
        autoComplete="current-password"
        required
        error={errors.password?.message}
        {...form.register("password")}
      />
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
    </form>
  );
}
