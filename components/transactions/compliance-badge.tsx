import { Badge, type BadgeTone } from "@/components/ui";
import {
  COMPLIANCE_STATE_LABELS,
  SLOT_STATE_LABELS,
  type ComplianceState,
  type ComplianceSummary,
  type SlotState,
} from "@/lib/modules/documents/schemas";

const COMPLIANCE_TONES: Record<ComplianceState, BadgeTone> = {
  NONE: "neutral",
  RETURNED: "danger",
  MISSING: "warning",
  UPLOADED: "accent",
  PENDING: "accent",
  APPROVED: "success",
};

const SLOT_TONES: Record<SlotState, BadgeTone> = {
  MISSING: "warning",
  UPLOADED: "neutral",
  PENDING: "accent",
  RETURNED: "danger",
  APPROVED: "success",
};

/** Where a loop's required documents stand, in one badge ("2 of 5 approved" for screen readers too). */
export function ComplianceBadge({ compliance }: { compliance: ComplianceSummary }) {
  const detail =
    compliance.required > 0
      ? `${compliance.approved} of ${compliance.required} required approved`
      : undefined;
  return (
    <Badge tone={COMPLIANCE_TONES[compliance.state]} title={detail}>
      {COMPLIANCE_STATE_LABELS[compliance.state]}
      {detail && <span className="sr-only">, {detail}</span>}
    </Badge>
  );
}

export function SlotStateBadge({ state }: { state: SlotState }) {
  return <Badge tone={SLOT_TONES[state]}>{SLOT_STATE_LABELS[state]}</Badge>;
}

/** "1 missing · 2 pending review · 1 returned · 1 of 5 approved": what's left, in words. */
export function complianceSentence(c: ComplianceSummary): string {
  if (c.required === 0) return "This transaction has no required documents.";
  const parts = [
    c.missing > 0 ? `${c.missing} missing` : null,
    c.uploaded > 0 ? `${c.uploaded} not yet submitted` : null,
    c.pending > 0 ? `${c.pending} pending review` : null,
    c.returned > 0 ? `${c.returned} returned` : null,
    `${c.approved} of ${c.required} required approved`,
  ].filter(Boolean);
  return parts.join(" · ");
}
