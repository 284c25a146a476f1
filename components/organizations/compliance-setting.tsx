"use client";
// The organization's closing rule: a switch that saves at once (organization:update), read-only for others.
import { useState } from "react";
import { useRunAction } from "@/components/forms/use-run-action";
import { Checkbox } from "@/components/ui";
import { updateOrganizationAction } from "@/lib/modules/organizations/actions/update-organization";

export function ComplianceSetting({
  organization,
  requireApprovalToClose,
  canEdit,
}: {
  organization: string;
  requireApprovalToClose: boolean;
  canEdit: boolean;
}) {
  const { run, pending } = useRunAction();
  // Shown at once; back to what the server has if the change fails.
  const [checked, setChecked] = useState(requireApprovalToClose);
  return (
    <Checkbox
      switch
      label="Closing needs every required document approved"
      hint="A transaction moves to Closed only when each required document of its checklist was approved in compliance review."
      checked={checked}
      disabled={!canEdit || pending}
      onChange={(e) => {
        const next = e.target.checked;
        setChecked(next);
        run(() => updateOrganizationAction({ organization, requireApprovalToClose: next }), {
          success: next
            ? "Transactions now close only with every required document approved"
            : "Transactions can now close without approval",
          after: (ok) => ok || setChecked(requireApprovalToClose),
        });
      }}
    />
  );
}
