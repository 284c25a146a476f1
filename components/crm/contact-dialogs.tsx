"use client";
// The contact's buttons and their dialogs: new, edit (the form starts over on a new version after "reload"),
// and delete with a confirmation that says its deals go too.
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button, ConfirmDialog, DialogButton, useToast } from "@/components/ui";
import { plural } from "@/components/ui/format";
import { deleteContactAction } from "@/lib/modules/crm/actions/delete-contact";
import {
  EditContactDialog,
  NewContactDialog,
  type AssigneeOption,
  type EditableContact,
} from "./contact-form";

export function NewContactButton({
  organization,
  assignees,
  me,
  label = "New contact",
}: {
  organization: string;
  assignees: AssigneeOption[];
  /** The signed-in user: the new contact's assignee by default when they're in `assignees`. */
  me: string;
  label?: string;
}) {
  const router = useRouter();
  return (
    <DialogButton
      dialog={(state) => (
        <NewContactDialog
          {...state}
          organization={organization}
          assignees={assignees}
          me={me}
          onSaved={() => router.refresh()}
        />
      )}
    >
      {label}
    </DialogButton>
  );
}

export function EditContactButton({
  organization,
  assignees,
  contact,
}: {
  organization: string;
  assignees: AssigneeOption[];
  contact: EditableContact;
}) {
  const router = useRouter();
  return (
    <DialogButton
      variant="secondary"
      dialog={(state) => (
        <EditContactDialog
          {...state}
          organization={organization}
          assignees={assignees}
          contact={contact}
          onSaved={() => router.refresh()}
        />
      )}
    >
      Edit
    </DialogButton>
  );
}

export function DeleteContactButton({
  organization,
  contact,
  dealCount,
}: {
  organization: string;
  contact: { id: string; name: string };
  dealCount: number;
}) {
  const router = useRouter();
  const toast = useToast();
  const [open, setOpen] = useState(false);
  const [pending, start] = useTransition();
  const remove = () =>
    start(async () => {
      const result = await deleteContactAction({ organization, id: contact.id });
      if (result.ok) {
        toast.success(
          `Deleted ${contact.name}${result.data.deletedDeals ? ` and ${plural(result.data.deletedDeals, "deal")}` : ""}`,
        );
        setOpen(false);
        router.push(`/${organization}/crm/contacts`);
      } else {
        toast.error(result.error.message);
        setOpen(false);
      }
    });
  return (
    <>
      <Button variant="ghost" onClick={() => setOpen(true)}>
        Delete
      </Button>
      <ConfirmDialog
        open={open}
        onClose={() => setOpen(false)}
        title={`Delete ${contact.name}?`}
        description="This can't be undone."
        confirmLabel={dealCount > 0 ? `Delete contact and ${plural(dealCount, "deal")}` : "Delete contact"}
        pending={pending}
        onConfirm={remove}
      >
        <p className="text-sm">
          {dealCount > 0
            ? `Deleting this contact also deletes their ${plural(dealCount, "deal")}. Its history stays in the audit log.`
            : "Deleting this contact also deletes any deals linked to it. Its history stays in the audit log."}
        </p>
      </ConfirmDialog>
    </>
  );
}
