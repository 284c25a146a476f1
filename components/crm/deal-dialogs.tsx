"use client";
// New / edit / delete deal dialogs (moving a deal between stages is deal-stage-move.tsx).
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button, ConfirmDialog, DialogButton } from "@/components/ui";
import { useRunAction } from "@/components/forms/use-run-action";
import { deleteDealAction } from "@/lib/modules/crm/actions/delete-deal";
import type { AssigneeOption } from "./contact-form";
import { EditDealDialog, NewDealDialog, type EditableDeal } from "./deal-form";

export function NewDealButton({
  organization,
  assignees,
  contact,
  label = "New deal",
  variant = "primary",
}: {
  organization: string;
  assignees: AssigneeOption[];
  contact?: { id: string; name: string };
  label?: string;
  variant?: "primary" | "secondary";
}) {
  const router = useRouter();
  return (
    <DialogButton
      variant={variant}
      size={variant === "secondary" ? "sm" : "md"}
      dialog={(state) => (
        <NewDealDialog
          {...state}
          organization={organization}
          assignees={assignees}
          contact={contact}
          onSaved={() => router.refresh()}
        />
      )}
    >
      {label}
    </DialogButton>
  );
}

export function DealActions({
  organization,
  assignees,
  deal,
  afterDeleteHref,
}: {
  organization: string;
  assignees: AssigneeOption[];
  deal: EditableDeal;
  /** Where to go once the deal is deleted (its own page can't stay open). */
  afterDeleteHref?: string;
}) {
  const router = useRouter();
  const [deleting, setDeleting] = useState(false);
  const { run, pending } = useRunAction();
  return (
    <div className="flex gap-1">
      <DialogButton
        variant="ghost"
        size="sm"
        aria-label={`Edit ${deal.title}`}
        dialog={(state) => (
          <EditDealDialog
            {...state}
            organization={organization}
            assignees={assignees}
            deal={deal}
            onSaved={() => router.refresh()}
          />
        )}
      >
        Edit
      </DialogButton>
      <Button variant="ghost" size="sm" onClick={() => setDeleting(true)} aria-label={`Delete ${deal.title}`}>
        Delete
      </Button>
      <ConfirmDialog
        open={deleting}
        onClose={() => setDeleting(false)}
        title={`Delete ${deal.title}?`}
        description="The deal is removed from the pipeline. Its history stays in the audit log."
        confirmLabel="Delete deal"
        pending={pending}
        onConfirm={() =>
          run(() => deleteDealAction({ organization, id: deal.id }), {
            success: `Deleted ${deal.title}`,
            after: (ok) => {
              setDeleting(false);
              if (ok && afterDeleteHref) router.push(afterDeleteHref);
            },
          })
        }
      >
        <p className="text-sm">This can&apos;t be undone.</p>
      </ConfirmDialog>
    </div>
  );
}
