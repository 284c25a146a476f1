"use client";
import { useState } from "react";
import { FormError } from "@/components/forms/form-error";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button, Input, Select } from "@/components/ui";
import { createOrganizationAction } from "@/lib/modules/organizations/actions/create-organization";
import { createOrganizationSchema, type CreateOrganizationInput } from "@/lib/modules/organizations/schemas";

const PLANS = [
  { value: "FREE", label: "Free — organization and members only" },
  { value: "STARTER", label: "Starter — CRM (14-day trial)" },
  { value: "GROWTH", label: "Growth — CRM, transactions, documents, live dashboard (14-day trial)" },
  { value: "ELITE", label: "Elite — everything in Growth plus audit export (14-day trial)" },
] as const;

function slugify(name: string) {
  return name
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 48);
}

export function CreateOrganizationForm() {
  const [slugTouched, setSlugTouched] = useState(false);
  const { form, onSubmit, formError, pending } = useActionForm<CreateOrganizationInput, never>({
    schema: createOrganizationSchema,
    action: createOrganizationAction,
    defaultValues: { name: "", slug: "", tier: "GROWTH" },
  });
  const { errors } = form.formState;
  const nameField = form.register("name", {
    onChange: (e) => {
      if (!slugTouched)
        form.setValue("slug", slugify(e.target.value), { shouldValidate: form.formState.isSubmitted });
    },
  });
  return (
    <form
      onSubmit={onSubmit}
      noValidate
      className="flex flex-col gap-4"
      aria-label="Create your organization"
    >
      <FormError message={formError} />
      <Input
        label="Organization name"
        required
        autoComplete="organization"
        error={errors.name?.message}
        {...nameField}
      />
      <Input
        label="Address"
        required
        hint="Your team's URL: hearth/<address>. Lowercase letters, numbers and dashes."
        error={errors.slug?.message}
        {...form.register("slug", { onChange: () => setSlugTouched(true) })}
      />
      <Select label="Plan" options={PLANS} error={errors.tier?.message} {...form.register("tier")} />
      <Button type="submit" pending={pending}>
        Create organization
      </Button>
    </form>
  );
}
