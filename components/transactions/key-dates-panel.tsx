"use client";
// A loop's key dates and contingencies: the six standard ones (always listed, dated or not) and custom ones with a
// name. Set or clear a date and change its status in a dialog; add and remove custom dates. Tasks due relative to a
// key date move with it on the server; the toast says how many.
import { useRouter } from "next/navigation";
import { useState } from "react";
import { FormInput, FormSelect } from "@/components/forms/fields";
import { FormDialog } from "@/components/forms/form-dialog";
import { useRunAction } from "@/components/forms/use-run-action";
import { Badge, Button, ConfirmDialog, DialogButton, cn } from "@/components/ui";
import { formatDate, isOverdue, plural } from "@/components/ui/format";
import { removeKeyDateAction } from "@/lib/modules/transactions/actions/remove-key-date";
import { saveKeyDateAction } from "@/lib/modules/transactions/actions/save-key-date";
import {
  KEY_DATE_KIND_LABELS,
  KEY_DATE_KINDS,
  KEY_DATE_STATUS_LABELS,
  KEY_DATE_STATUSES,
  saveKeyDateSchema,
  type KeyDateKind,
  type KeyDateStatus,
} from "@/lib/modules/transactions/schemas";

export interface KeyDateRow {
  /** Null for a standard key date the loop has no row for yet. */
  id: string | null;
  kind: KeyDateKind;
  label: string | null;
  date: string | null;
  status: KeyDateStatus;
}

const STATUS_OPTIONS = KEY_DATE_STATUSES.map((s) => ({ value: s, label: KEY_DATE_STATUS_LABELS[s] }));
const STATUS_TONES = { PENDING: "neutral", MET: "success", WAIVED: "warning" } as const;

const nameOf = (k: KeyDateRow) =>
  k.kind === "CUSTOM" ? (k.label ?? "Custom date") : KEY_DATE_KIND_LABELS[k.kind];

/** Every standard key date in a transaction's order, then the custom ones by date. */
function rowsOf(keyDates: readonly KeyDateRow[]): KeyDateRow[] {
  const standard = KEY_DATE_KINDS.map(
    (kind) =>
      keyDates.find((k) => k.kind === kind) ?? {
        id: null,
        kind,
        label: null,
        date: null,
        status: "PENDING" as const,
      },
  );
  const custom = keyDates
    .filter((k) => k.kind === "CUSTOM")
    .sort((a, b) => (a.date ?? "9999").localeCompare(b.date ?? "9999"));
  return [...standard, ...custom];
}

function KeyDateDialog({
  organization,
  loopId,
  keyDate,
  open,
  onClose,
}: {
  organization: string;
  loopId: string;
  /** Null: a new custom date. */
  keyDate: KeyDateRow | null;
  open: boolean;
  onClose: () => void;
}) {
  const router = useRouter();
  const kind = keyDate?.kind ?? "CUSTOM";
  const custom = kind === "CUSTOM";
  const hint =
    kind === "CLOSING"
      ? "This is also the transaction's expected closing. Tasks due relative to it move with it."
      : custom
        ? undefined
        : `Tasks due relative to ${KEY_DATE_KIND_LABELS[kind].toLowerCase()} move with it, unless someone set their date by hand.`;
  return (
    <FormDialog
      open={open}
      onClose={onClose}
      title={keyDate ? `${nameOf(keyDate)} date` : "Add a custom date"}
      submitLabel={keyDate ? "Save date" : "Add date"}
      schema={saveKeyDateSchema}
      action={saveKeyDateAction}
      defaultValues={{
        organization,
        loopId,
        kind,
        keyDateId: keyDate?.id ?? "",
        label: keyDate?.label ?? "",
        date: keyDate?.date ?? "",
        status: keyDate?.status ?? "PENDING",
      }}
      successMessage={(r) =>
        r.movedTasks > 0 ? `Date saved; ${plural(r.movedTasks, "task")} moved with it` : "Date saved"
      }
      onSuccess={() => router.refresh()}
    >
      {(form) => (
        <>
          {custom && (
            <FormInput form={form} name="label" label="Name" required placeholder="HOA documents review" />
          )}
          <div className="grid gap-3 sm:grid-cols-2">
            <FormInput
              form={form}
              name="date"
              label="Date"
              type="date"
              hint={hint ?? "Leave empty to clear it."}
            />
            <FormSelect form={form} name="status" label="Status" options={STATUS_OPTIONS} />
          </div>
        </>
      )}
    </FormDialog>
  );
}

export function KeyDatesPanel({
  organization,
  loopId,
  keyDates,
  canWrite,
}: {
  organization: string;
  loopId: string;
  keyDates: KeyDateRow[];
  canWrite: boolean;
}) {
  const { run, pending } = useRunAction();
  const [editing, setEditing] = useState<KeyDateRow | null>(null);
  const [removing, setRemoving] = useState<KeyDateRow | null>(null);
  return (
    <section aria-labelledby="key-dates-heading" className="flex flex-col gap-3">
      <div className="flex items-center justify-between gap-2">
        <div>
          <h2 id="key-dates-heading" className="text-base font-semibold">
            Key dates
          </h2>
          <p className="text-sm text-fg-muted">
            Deadlines and contingencies. Tasks follow the dates they count from.
          </p>
        </div>
        {canWrite && (
          <DialogButton
            variant="secondary"
            size="sm"
            className="shrink-0"
            dialog={(state) => (
              <KeyDateDialog {...state} organization={organization} loopId={loopId} keyDate={null} />
            )}
          >
            Add a date
          </DialogButton>
        )}
      </div>
      <ul
        className="grid divide-y divide-border rounded-lg border border-border bg-surface sm:grid-cols-2 sm:divide-y-0"
        aria-label="Key dates"
      >
        {rowsOf(keyDates).map((k) => {
          const name = nameOf(k);
          const passed = k.status === "PENDING" && isOverdue(k.date);
          return (
            <li
              key={k.id ?? k.kind}
              className="flex items-center gap-3 px-3 py-2 sm:border-b sm:border-border"
            >
              <div className="min-w-0 flex-1">
                <p className="truncate text-sm font-medium">{name}</p>
                <p className={cn("text-xs text-fg-muted", passed && "font-medium text-danger")}>
                  {k.date ? formatDate(k.date) : "No date yet"}
                  {passed && " (passed)"}
                </p>
              </div>
              <Badge tone={STATUS_TONES[k.status]}>{KEY_DATE_STATUS_LABELS[k.status]}</Badge>
              {canWrite && (
                <div className="flex items-center gap-1">
                  <Button
                    variant="ghost"
                    size="sm"
                    aria-label={`Edit: ${name}`}
                    onClick={() => setEditing(k)}
                  >
                    Edit
                  </Button>
                  {k.kind === "CUSTOM" && (
                    <Button
                      variant="ghost"
                      size="sm"
                      aria-label={`Remove: ${name}`}
                      disabled={pending}
                      onClick={() => setRemoving(k)}
                    >
                      Remove
                    </Button>
                  )}
                </div>
              )}
            </li>
          );
        })}
      </ul>
      {editing && (
        <KeyDateDialog
          open
          onClose={() => setEditing(null)}
          organization={organization}
          loopId={loopId}
          keyDate={editing}
        />
      )}
      <ConfirmDialog
        open={removing !== null}
        onClose={() => setRemoving(null)}
        title="Remove this date?"
        description={removing ? `“${nameOf(removing)}” will be removed from this transaction.` : undefined}
        confirmLabel="Remove date"
        pending={pending}
        onConfirm={() => {
          const k = removing!;
          setRemoving(null);
          run(() => removeKeyDateAction({ organization, keyDateId: k.id! }), { success: "Date removed" });
        }}
      />
    </section>
  );
}
