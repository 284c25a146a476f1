"use client";
import { useRouter } from "next/navigation";
import { ActionForm } from "@/components/forms/action-form";
import { FormInput } from "@/components/forms/fields";
import { FormError } from "@/components/forms/form-error";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui";
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
    <ActionForm
      form={form}
      onSubmit={onSubmit}
      label="Organization settings"
      className="flex max-w-md flex-col gap-4"
    >
      <FormError message={formError} />
      <FormInput form={form} name="name" label="Organization name" required disabled={!canEdit} />
      {canEdit && (
        <Button type="submit" pending={pending} className="self-start">
          Save
        </Button>
      )}
    </ActionForm>
  );
}
