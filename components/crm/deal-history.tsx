// A deal's stage history in words: who moved it from what to what, when, and why it closed.
import { EmptyState } from "@/components/ui";
import { formatMoney, personName } from "@/components/ui/format";
import { DEAL_STAGE_LABELS } from "@/lib/modules/crm/schemas";
import type { StageChange } from "@/lib/modules/crm";
import { LocalTime } from "./local-time";

/** "moved it from Showing to Offer", "marked it lost — went with another agent", "marked it won at $500,000". */
export function describeStageChange(c: StageChange): string {
  if (c.from === null) return `added it in ${DEAL_STAGE_LABELS[c.to]}`;
  if (c.to === "CLOSED_LOST") return `marked it lost${c.reason ? ` — ${c.reason}` : ""}`;
  if (c.to === "CLOSED_WON") return `marked it won${c.value ? ` at ${formatMoney(c.value)}` : ""}`;
  if (c.from === "CLOSED_WON" || c.from === "CLOSED_LOST")
    return `reopened it in ${DEAL_STAGE_LABELS[c.to]} (was ${DEAL_STAGE_LABELS[c.from]})`;
  return `moved it from ${DEAL_STAGE_LABELS[c.from]} to ${DEAL_STAGE_LABELS[c.to]}`;
}

export function DealHistory({ items }: { items: StageChange[] }) {
  if (items.length === 0)
    return (
      <EmptyState title="No stage changes yet" description="Moves between stages will be listed here." />
    );
  return (
    <ol className="flex flex-col gap-3" aria-label="Stage history">
      {items.map((c) => (
        <li key={c.id} className="flex flex-col gap-0.5 border-l-2 border-border pl-3 text-sm">
          <p>
            <strong className="font-medium">{personName(c.actor, "A former member")}</strong>{" "}
            {describeStageChange(c)}
          </p>
          <p className="text-xs text-fg-muted">
            <LocalTime iso={c.at} />
            {c.closedOn && (
              <>
                {" · closed on "}
                <LocalTime iso={`${c.closedOn}T12:00:00Z`} withTime={false} />
              </>
            )}
          </p>
        </li>
      ))}
    </ol>
  );
}
