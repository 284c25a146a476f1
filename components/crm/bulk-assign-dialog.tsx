"use client";
// Assign (or unassign) the selected contacts in one all-or-nothing action.
import { useRouter } from "next/navigation";
import { useId, useState, useTransition, type ReactNode } from "react";
import { FormError } from "@/components/forms/form-error";
import { memberOptions } from "@/components/forms/member-options";
import { Button, Dialog, Select, useToast } from "@/components/ui";
import { personName, plural } from "@/components/ui/format";
import { bulkAssignContactsAction } from "@/lib/modules/crm/actions/bulk-assign-contacts";
import type { BulkAssignInput } from "@/lib/modules/crm/schemas";
import type { AssigneeOption } from "./contact-form";

export type BulkSelection = BulkAssignInput["selection"];

const NOBODY = "__nobody__";

export function BulkAssignDialog({
  open,
  onClose,
  onDone,
  organization,
  assignees,
  selection,
  count,
}: {
  open: boolean;
  onClose: () => void;
  onDone: () => void;
  organization: string;
  assignees: AssigneeOption[];
  selection: BulkSelection;
  count: number;
}) {
  const router = useRouter();
  const toast = useToast();
  const [assignee, setAssignee] = useState("");
  const [error, setError] = useState<string | undefined>();
  const [pending, start] = useTransition();

  const submit = () =>
    start(async () => {
      setError(undefined);
      if (!assignee) {
        setError("Choose who gets these contacts.");
        return;
      }
      const assigneeId = assignee === NOBODY ? null : assignee;
      const result = await bulkAssignContactsAction({ organization, assigneeId, selection });
      if (!result.ok) {
        setError(result.fieldErrors?.assigneeId?.[0] ?? result.error.message);
        toast.error(result.error.message);
        return;
      }
      const who = assigneeId ? personName(assignees.find((a) => a.id === assigneeId)) : "nobody";
      toast.success(`Assigned ${plural(result.data.count, "contact")} to ${who}`);
      setAssignee("");
      onClose();
      onDone();
      router.refresh();
    });

  return (
    <BulkDialog
      open={open}
      onClose={onClose}
      title={`Assign ${plural(count, "contact")}`}
      description="All of them change together, or none do."
      submitLabel="Assign"
      pending={pending}
      error={error}
      onSubmit={submit}
    >
      <Select
        label="Assign to"
        placeholder="Choose a member"
        options={[...memberOptions(assignees), { value: NOBODY, label: "Nobody (unassign)" }]}
        value={assignee}
        onChange={(e) => setAssignee(e.target.value)}
      />
    </BulkDialog>
  );
}

/** The dialog of a bulk action on the selection: its field(s), the error, Cancel and the action's button. */
export function BulkDialog({
  open,
  onClose,
  title,
  description,
  submitLabel,
  pending,
  error,
  onSubmit,
  children,
}: {
  open: boolean;
  onClose: () => void;
  title: string;
  description: string;
  submitLabel: string;
  pending: boolean;
  error?: string;
  onSubmit: () => void;
  children: ReactNode;
}) {
  const formId = useId();
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={title}
      description={description}
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" form={formId} pending={pending}>
            {submitLabel}
          </Button>
        </>
      }
    >
      <form
        id={formId}
        onSubmit={(e) => {
          e.preventDefault();
          onSubmit();
        }}
        className="flex flex-col gap-3"
      >
        {children}
        <FormError message={error} />
      </form>
    </Dialog>
  );
}
