import { Badge } from "@/components/ui";
import { LOOP_STATUS_LABELS, type LoopStatus } from "@/lib/modules/transactions/schemas";

const TONES: Record<LoopStatus, "neutral" | "accent" | "success" | "danger" | "warning"> = {
  DRAFT: "neutral",
  ACTIVE: "accent",
  UNDER_CONTRACT: "warning",
  CLOSING: "warning",
  CLOSED: "success",
  CANCELLED: "danger",
};

export function LoopStatusBadge({ status }: { status: LoopStatus }) {
  return <Badge tone={TONES[status]}>{LOOP_STATUS_LABELS[status]}</Badge>;
}
