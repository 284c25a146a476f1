"use client";
// "Open read-only" on the support page: asks for the reason (it goes into the organization's audit log), then the
// action opens the organization and takes support staff to its dashboard.
import { FormDialog } from "@/components/forms/form-dialog";
import { FormTextarea } from "@/components/forms/fields";
import { DialogButton } from "@/components/ui";
import { openSupportAccessAction } from "@/lib/modules/support/actions/open-support-access";
import { openSupportAccessSchema, type OpenSupportAccessInput } from "@/lib/modules/support/schemas";

export function OpenOrganizationButton({ organization }: { organization: { id: string; name: string } }) {
  return (
    <DialogButton
      variant="secondary"
      aria-label={`Open ${organization.name} read-only`}
      dialog={({ open, onClose }) => (
        <FormDialog<OpenSupportAccessInput, never>
          open={open}
          onClose={onClose}
          title={`Open ${organization.name} read-only`}
          description="For one hour you can read everything an admin reads and change nothing. The organization's owners see this entry and your reason in their audit log."
          submitLabel="Open read-only"
          schema={openSupportAccessSchema}
          action={openSupportAccessAction}
          defaultValues={{ organizationId: organization.id, reason: "" }}
        >
          {(form) => (
            <FormTextarea
              form={form}
              name="reason"
              label="Reason"
              hint="The ticket and what you need to look at, e.g. “#4512: contacts import fails”."
              required
              rows={3}
            />
          )}
        </FormDialog>
      )}
    >
      Open read-only
    </DialogButton>
  );
}
