"use client";
// The contact's dialogs: new, edit (re-mounted on a new version after "reload"), and delete with a
// confirmation that says its deals go too.
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button, ConfirmDialog, Dialog, useToast } from "@/components/ui";
import { plural } from "@/components/ui/format";
import { deleteContactAction } from "@/lib/modules/crm/actions/delete-contact";
import { ContactForm, type AssigneeOption, type EditableContact } from "./contact-form";

export function NewContactButton({
  organization,
  assignees,
  label = "New contact",
}: {
  organization: string;
  assignees: AssigneeOption[];
  label?: string;
}) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button onClick={() => setOpen(true)}>{label}</Button>
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        title="New contact"
        description="Only the name is required."
      >
        <ContactForm
          organization={organization}
          assignees={assignees}
          onCancel={() => setOpen(false)}
          onDone={() => {
            setOpen(false);
            router.refresh();
          }}
        />
      </Dialog>
    </>
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
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant="secondary" onClick={() => setOpen(true)}>
        Edit
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} title={`Edit ${contact.name}`}>
        <ContactForm
          key={contact.version}
          organization={organization}
          assignees={assignees}
          contact={contact}
          onCancel={() => setOpen(false)}
          onDone={() => {
            setOpen(false);
            router.refresh();
          }}
        />
      </Dialog>
    </>
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
