"use client";
import { useState, type ChangeEvent } from "react";
import { ActionForm } from "@/components/forms/action-form";
import { FormInput, FormSelect } from "@/components/forms/fields";
import { FormError } from "@/components/forms/form-error";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui";
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

/** `baseUrl`: where Hearth is served (e.g. https://app.example.com), for the preview of the team's web address. */
export function CreateOrganizationForm({ baseUrl }: { baseUrl: string }) {
  const [slugTouched, setSlugTouched] = useState(false);
  const { form, onSubmit, formError, pending } = useActionForm<CreateOrganizationInput, never>({
    schema: createOrganizationSchema,
    action: createOrganizationAction,
    defaultValues: { name: "", slug: "", tier: "GROWTH" },
  });
  const slug = form.watch("slug");
  return (
    <ActionForm
      form={form}
      onSubmit={onSubmit}
      label="Create your organization"
      className="flex flex-col gap-4"
    >
      <FormError message={formError} />
      <FormInput
        form={form}
        name="name"
        label="Organization name"
        required
        autoComplete="organization"
        registerOptions={{
          onChange: (e: ChangeEvent<HTMLInputElement>) => {
            if (!slugTouched)
              form.setValue("slug", slugify(e.target.value), { shouldValidate: form.formState.isSubmitted });
          },
        }}
      />
      <FormInput
        form={form}
        name="slug"
        label="Web address"
        required
        hint={`Your team's link: ${baseUrl}/${slug || "your-team"} — lowercase letters, numbers and dashes.`}
        registerOptions={{ onChange: () => setSlugTouched(true) }}
      />
      <FormSelect form={form} name="tier" label="Plan" options={PLANS} />
      <Button type="submit" pending={pending}>
        Create organization
      </Button>
    </ActionForm>
  );
}
