// The deals pipeline: one column per stage with its count and value, the newest deals as cards; a card's
// stage menu moves the deal.
import Link from "next/link";
import { formatCount, formatMoney, personName, plural } from "@/components/ui/format";
import { DEAL_STAGE_LABELS, type PipelineColumn, type PipelineDeal } from "@/lib/modules/crm/schemas";
import type { AssigneeOption } from "./contact-form";
import { DealActions, DealStageSelect } from "./deal-dialogs";
import { LocalTime } from "./local-time";

export type BoardDeal = PipelineDeal;
export type BoardColumn = PipelineColumn;

export function PipelineBoard({
  organization,
  columns,
  canWrite,
  assignees,
}: {
  organization: string;
  columns: BoardColumn[];
  canWrite: boolean;
  assignees: AssigneeOption[];
}) {
  return (
    <div className="-mx-4 overflow-x-auto px-4 pb-2 md:mx-0 md:px-0">
      <ol className="grid auto-cols-[minmax(16rem,1fr)] grid-flow-col gap-3" aria-label="Pipeline stages">
        {columns.map((col) => (
          <li
            key={col.stage}
            className="flex min-w-0 flex-col gap-2 rounded-lg border border-border bg-surface-muted/60 p-2"
          >
            <section aria-labelledby={`stage-${col.stage}`}>
              <header className="mb-2 px-1">
                <h2 id={`stage-${col.stage}`} className="text-sm font-semibold">
                  {DEAL_STAGE_LABELS[col.stage]}
                </h2>
                <p className="text-xs text-fg-muted">
                  {plural(col.count, "deal")} · {formatMoney(col.sum)}
                </p>
              </header>
              {col.deals.length === 0 ? (
                <p className="rounded-md border border-dashed border-border px-2 py-4 text-center text-xs text-fg-muted">
                  No deals
                </p>
              ) : (
                <ul className="flex flex-col gap-2">
                  {col.deals.map((d) => (
                    <li
                      key={d.id}
                      className="flex flex-col gap-1.5 rounded-md border border-border bg-surface p-2 text-sm shadow-sm"
                    >
                      <p className="font-medium break-words">{d.title}</p>
                      <p className="text-lg font-semibold tabular-nums">{formatMoney(d.value)}</p>
                      <p className="text-xs text-fg-muted">
                        <Link
                          href={`/${organization}/crm/contacts/${d.contact.id}`}
                          className="underline-offset-2 hover:underline"
                        >
                          {d.contact.name}
                        </Link>
                        {" · "}
                        {personName(d.assignee)}
                        {d.expectedClose && (
                          <>
                            {" · closes "}
                            <LocalTime iso={`${d.expectedClose}T12:00:00Z`} withTime={false} />
                          </>
                        )}
                      </p>
                      {canWrite && (
                        <>
                          <DealStageSelect organization={organization} deal={d} />
                          <DealActions organization={organization} assignees={assignees} deal={d} />
                        </>
                      )}
                    </li>
                  ))}
                </ul>
              )}
              {col.count > col.deals.length && (
                <p className="mt-2 px-1 text-xs text-fg-muted">
                  and {formatCount(col.count - col.deals.length)} older deals
                </p>
              )}
            </section>
          </li>
        ))}
      </ol>
    </div>
  );
}
