"use client";
// New / edit / delete deal dialogs, and the stage menu that moves a deal along the pipeline.
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button, ConfirmDialog, DialogButton } from "@/components/ui";
import { useRunAction } from "@/components/forms/use-run-action";
import { deleteDealAction } from "@/lib/modules/crm/actions/delete-deal";
import { moveDealStageAction } from "@/lib/modules/crm/actions/move-deal-stage";
import { DEAL_STAGE_LABELS, DEAL_STAGES, type DealStage } from "@/lib/modules/crm/schemas";
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
}: {
  organization: string;
  assignees: AssigneeOption[];
  deal: EditableDeal;
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
            after: () => setDeleting(false),
          })
        }
      >
        <p className="text-sm">This can&apos;t be undone.</p>
      </ConfirmDialog>
    </div>
  );
}

/** Moves a deal to another stage straight from its card. */
export function DealStageSelect({
  organization,
  deal,
  disabled,
}: {
  organization: string;
  deal: { id: string; title: string; stage: DealStage };
  disabled?: boolean;
}) {
  const { run, pending } = useRunAction();
  return (
    <select
      aria-label={`Stage of ${deal.title}`}
      value={deal.stage}
      disabled={disabled || pending}
      onChange={(e) => {
        const stage = e.target.value as DealStage;
        run(() => moveDealStageAction({ organization, id: deal.id, stage }), {
          success: `${deal.title} moved to ${DEAL_STAGE_LABELS[stage]}`,
        });
      }}
      className="h-8 w-full rounded-md border border-border bg-surface px-2 text-sm"
    >
      {DEAL_STAGES.map((s) => (
        <option key={s} value={s}>
          {DEAL_STAGE_LABELS[s]}
        </option>
      ))}
    </select>
  );
}
