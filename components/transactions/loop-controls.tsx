"use client";
// The loop's status (only the moves the transition table allows are offered) and its deletion.
import { useRouter } from "next/navigation";
import { useId, useState, useTransition } from "react";
import { Button, ConfirmDialog, controlClasses, useToast } from "@/components/ui";
import { useRunAction } from "@/components/forms/use-run-action";
import { plural } from "@/components/ui/format";
import { changeLoopStatusAction } from "@/lib/modules/transactions/actions/change-loop-status";
import { deleteLoopAction } from "@/lib/modules/transactions/actions/delete-loop";
import { nextStatuses } from "@/lib/modules/transactions/schemas";
import { LOOP_STATUS_LABELS, type LoopStatus } from "@/lib/modules/transactions/schemas";
import { LoopStatusBadge } from "./status-badge";

export function LoopStatusControl({
  organization,
  loopId,
  status,
}: {
  organization: string;
  loopId: string;
  status: LoopStatus;
}) {
  const id = useId();
  const { run, pending } = useRunAction();
  const next = nextStatuses(status);
  const [target, setTarget] = useState<LoopStatus | "">("");
  if (next.length === 0) {
    return (
      <p className="text-sm text-fg-muted">
        Status: <LoopStatusBadge status={status} /> <span className="sr-only">(final)</span>
      </p>
    );
  }
  // A select plus a button (not change-on-select): arrowing through a closed select must not move the loop.
  return (
    <form
      className="flex items-center gap-2"
      aria-label="Change status"
      onSubmit={(e) => {
        e.preventDefault();
        if (!target) return;
        run(() => changeLoopStatusAction({ organization, loopId, status: target }), {
          success: `Moved to ${LOOP_STATUS_LABELS[target].toLowerCase()}`,
          after: (ok) => ok && setTarget(""),
        });
      }}
    >
      <label htmlFor={id} className="text-sm font-medium">
        Status
      </label>
      <select
        id={id}
        value={target}
        disabled={pending}
        className={controlClasses(false, "h-9 w-auto")}
        onChange={(e) => setTarget(e.target.value as LoopStatus | "")}
      >
        <option value="">{LOOP_STATUS_LABELS[status]} (current)</option>
        {next.map((s) => (
          <option key={s} value={s}>
            Move to {LOOP_STATUS_LABELS[s].toLowerCase()}
          </option>
        ))}
      </select>
      <Button type="submit" variant="secondary" size="sm" disabled={!target} pending={pending}>
        Change
      </Button>
    </form>
  );
}

export function DeleteLoopButton({
  organization,
  loopId,
  address,
  documentCount,
}: {
  organization: string;
  loopId: string;
  address: string;
  documentCount: number;
}) {
  const router = useRouter();
  const toast = useToast();
  const [open, setOpen] = useState(false);
  const [pending, start] = useTransition();
  return (
    <>
      <Button variant="ghost" onClick={() => setOpen(true)}>
        Delete
      </Button>
      <ConfirmDialog
        open={open}
        onClose={() => setOpen(false)}
        title="Delete this transaction?"
        description={`${address} and all of its tasks will be removed.`}
        confirmLabel="Delete transaction"
        cancelLabel="Keep it"
        pending={pending}
        onConfirm={() =>
          start(async () => {
            const result = await deleteLoopAction({ organization, loopId });
            if (result.ok) {
              setOpen(false);
              toast.success("Transaction deleted");
              router.push(`/${organization}/transactions`);
            } else toast.error(result.error.message);
          })
        }
      >
        <p className="text-sm">
          {documentCount > 0
            ? `Its ${plural(documentCount, "document")} will be destroyed and can't be recovered. `
            : ""}
          To keep a record instead, set the status to Cancelled.
        </p>
      </ConfirmDialog>
    </>
  );
}
