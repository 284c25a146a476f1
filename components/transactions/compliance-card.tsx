"use client";
// The loop's compliance review at a glance: where its required documents stand, who submitted it last, whether
// closing waits for approval, and the agent's "Submit for review".
import { useRunAction } from "@/components/forms/use-run-action";
import { Button, Card } from "@/components/ui";
import { formatDate, personName } from "@/components/ui/format";
import type { ComplianceSummary } from "@/lib/modules/documents";
import { submitForReviewAction } from "@/lib/modules/documents/actions/submit-for-review";
import { ComplianceBadge, complianceSentence } from "./compliance-badge";

export function ComplianceCard({
  organization,
  loopId,
  compliance,
  reviewRequested,
  toSubmit,
  closingNeedsApproval,
  canSubmit,
}: {
  organization: string;
  loopId: string;
  compliance: ComplianceSummary;
  reviewRequested: { at: string; by: { name: string | null; email: string | null } | null } | null;
  /** Filed documents not yet submitted. */
  toSubmit: number;
  closingNeedsApproval: boolean;
  canSubmit: boolean;
}) {
  const { run, pending } = useRunAction();
  return (
    <Card aria-labelledby="compliance-heading">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="flex flex-col gap-1">
          <div className="flex flex-wrap items-center gap-2">
            <h2 id="compliance-heading" className="text-base font-semibold">
              Compliance review
            </h2>
            <ComplianceBadge compliance={compliance} />
          </div>
          <p className="text-sm">{complianceSentence(compliance)}</p>
          <p className="text-xs text-fg-muted">
            {reviewRequested
              ? `Last submitted for review by ${personName(reviewRequested.by, "a former member")} on ${formatDate(reviewRequested.at)}. `
              : "Not submitted for review yet. "}
            {closingNeedsApproval
              ? "Closing needs every required document approved."
              : "Your organization lets transactions close without approval."}
          </p>
        </div>
        {canSubmit && (
          <div className="flex flex-col items-start gap-1 sm:items-end">
            <Button
              disabled={toSubmit === 0}
              aria-describedby="submit-hint"
              pending={pending}
              onClick={() =>
                run(() => submitForReviewAction({ organization, loopId }), {
                  success: `${toSubmit === 1 ? "1 document" : `${toSubmit} documents`} submitted for review`,
                })
              }
            >
              Submit for review{toSubmit > 0 ? ` (${toSubmit})` : ""}
            </Button>
            <p id="submit-hint" className="text-xs text-fg-muted">
              {toSubmit === 0
                ? "Nothing new to submit: upload into the checklist first."
                : "Reviewers are notified."}
            </p>
          </div>
        )}
      </div>
    </Card>
  );
}
