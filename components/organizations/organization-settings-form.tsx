"use client";
import { useRouter } from "next/navigation";
import { FormError } from "@/components/forms/form-error";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button, Input } from "@/components/ui";
import { updateOrganizationAction } from "@/lib/modules/organizations/actions/update-organization";
import { updateOrganizationSchema, type UpdateOrganizationInput } from "@/lib/modules/organizations/schemas";

export function OrganizationSettingsForm({
  organization,
  name,
  canEdit,
}: {
  organization: string;
  name: string;
  canEdit: boolean;
}) {
  const router = useRouter();
  const { form, onSubmit, formError, pending } = useActionForm<UpdateOrganizationInput, { name: string }>({
    schema: updateOrganizationSchema,
    action: updateOrganizationAction,
    defaultValues: { organization, name },
    successMessage: "Organization updated",
    onSuccess: () => router.refresh(),
  });
  return (
    <form
      onSubmit={onSubmit}
      noValidate
      className="flex max-w-md flex-col gap-4"
      aria-label="Organization settings"
    >
      <FormError message={formError} />
      <Input
        label="Organization name"
        required
        disabled={!canEdit}
        error={form.formState.errors.name?.message}
        {...form.register("name")}
      />
      {canEdit && (
        <Button type="submit" pending={pending} className="self-start">
          Save
        </Button>
      )}
    </form>
  );
}
