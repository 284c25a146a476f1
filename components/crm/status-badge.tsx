import { Badge } from "@/components/ui";
import {
  CONTACT_STATUS_LABELS,
  DEAL_STAGE_LABELS,
  type ContactStatus,
  type DealStage,
} from "@/lib/modules/crm/schemas";

const STATUS_TONES: Record<ContactStatus, "neutral" | "accent" | "success" | "danger" | "warning"> = {
  LEAD: "neutral",
  PROSPECT: "warning",
  ACTIVE: "accent",
  CLIENT: "success",
  PAST_CLIENT: "neutral",
  LOST: "danger",
};

export function ContactStatusBadge({ status }: { status: ContactStatus }) {
  return <Badge tone={STATUS_TONES[status]}>{CONTACT_STATUS_LABELS[status]}</Badge>;
}

export function DealStageBadge({ stage }: { stage: DealStage }) {
  return (
    <Badge tone={stage === "CLOSED_WON" ? "success" : stage === "CLOSED_LOST" ? "danger" : "accent"}>
      {DEAL_STAGE_LABELS[stage]}
    </Badge>
  );
}
