"use client";
import type { UseFormReturn } from "react-hook-form";
import { FormInput } from "@/components/forms/fields";

/** The new password typed twice (the reset page and the profile page). */
export function NewPasswordFields<T extends { password: string; confirmPassword: string }>({
  form,
}: {
  form: UseFormReturn<T>;
}) {
  const f = form as unknown as UseFormReturn<{ password: string; confirmPassword: string }>;
  return (
    <>
      <FormInput
        form={f}
        name="password"
        label="New password"
        type="password"
        autoComplete="new-password"
        required
        hint="At least 8 characters."
      />
      <FormInput
        form={f}
        name="confirmPassword"
        label="Repeat the new password"
        type="password"
        autoComplete="new-password"
        required
      />
    </>
  );
}
