"use client";
// The deals pipeline: one column per stage with its count and value, the newest deals as cards. A card moves by
// dragging it onto another column (native HTML5 drag and drop, decision 0024) or with its "Move to…" menu; the
// card moves at once and goes back, with the reason, if the server refuses (a teammate changed the deal, say).
// Won and lost are collapsed into narrow columns until opened, so open work keeps the screen.
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, type DragEvent } from "react";
import { cn, useToast } from "@/components/ui";
import { formatCount, formatMoney, personName, plural } from "@/components/ui/format";
import { moveDealStageAction } from "@/lib/modules/crm/actions/move-deal-stage";
import {
  DEAL_STAGE_LABELS,
  isClosedStage,
  type DealStage,
  type PipelineColumn,
  type PipelineDeal,
} from "@/lib/modules/crm/schemas";
import type { AssigneeOption } from "./contact-form";
import { DealActions } from "./deal-dialogs";
import { MoveToMenu, useDealMove, type CommitMove } from "./deal-stage-move";
import { LocalTime } from "./local-time";

export type BoardDeal = PipelineDeal;
export type BoardColumn = PipelineColumn;

const DRAG_TYPE = "application/x-hearth-deal";

/** The columns with one deal moved to `stage` (first in its new column), counts and sums kept right. */
export function moveCard(columns: BoardColumn[], deal: BoardDeal, stage: DealStage): BoardColumn[] {
  const amount = Number(deal.value);
  return columns.map((c) => {
    if (c.stage === deal.stage && c.stage !== stage)
      return {
        ...c,
        count: c.count - 1,
        sum: String(Number(c.sum) - amount),
        deals: c.deals.filter((d) => d.id !== deal.id),
      };
    if (c.stage === stage && c.stage !== deal.stage)
      return {
        ...c,
        count: c.count + 1,
        sum: String(Number(c.sum) + amount),
        deals: [{ ...deal, stage }, ...c.deals],
      };
    return c;
  });
}

export function PipelineBoard({
  organization,
  columns: serverColumns,
  canWrite,
  assignees,
}: {
  organization: string;
  columns: BoardColumn[];
  canWrite: boolean;
  assignees: AssigneeOption[];
}) {
  const router = useRouter();
  const toast = useToast();
  // The server's columns win whenever they change (after a refresh); moves in between are shown optimistically.
  const [shown, setShown] = useState({ from: serverColumns, columns: serverColumns });
  if (shown.from !== serverColumns) setShown({ from: serverColumns, columns: serverColumns });
  const columns = shown.columns;
  const setColumns = (f: (c: BoardColumn[]) => BoardColumn[]) =>
    setShown((s) => ({ ...s, columns: f(s.columns) }));

  const [expanded, setExpanded] = useState<Set<DealStage>>(new Set());
  const [dragging, setDragging] = useState<string | null>(null);
  const [over, setOver] = useState<DealStage | null>(null);

  // A card moved from its menu is a new element in another column: focus follows it there.
  const refocus = useRef<string | null>(null);
  useEffect(() => {
    if (!refocus.current) return;
    document
      .querySelector<HTMLElement>(`[data-deal="${refocus.current}"] button[aria-haspopup="menu"]`)
      ?.focus();
    refocus.current = null;
  });

  const findDeal = (id: string) => columns.flatMap((c) => c.deals).find((d) => d.id === id);

  const commit: CommitMove = async (deal, input) => {
    const card = findDeal(deal.id);
    if (!card) return { ok: false, error: { code: "NOT_FOUND", message: "That deal isn't on the board." } };
    const lostReason = input.stage === "CLOSED_LOST" ? (input.lostReason ?? null) : null;
    setColumns((cols) => moveCard(cols, { ...card, lostReason }, input.stage));
    const result = await moveDealStageAction(input).catch(() => ({
      ok: false as const,
      error: {
        code: "INTERNAL" as const,
        message: "We couldn't reach the server. Check your connection and try again.",
      },
    }));
    if (result.ok) {
      setColumns((cols) =>
        cols.map((c) => ({
          ...c,
          deals: c.deals.map((d) => (d.id === deal.id ? { ...d, version: result.data.version } : d)),
        })),
      );
      router.refresh();
    } else {
      // Back where it was; the dialogs show their own error, a direct move says it here.
      setColumns((cols) => moveCard(cols, { ...card, lostReason, stage: input.stage }, card.stage));
      if (!isClosedStage(input.stage))
        toast.error(`${card.title} stayed in ${DEAL_STAGE_LABELS[card.stage]}: ${result.error.message}`);
    }
    if (result.ok && !isClosedStage(input.stage))
      toast.success(`${card.title} moved to ${DEAL_STAGE_LABELS[input.stage]}`);
    return result;
  };
  const { request, dialogs } = useDealMove(organization, commit);

  const dropProps = (stage: DealStage) =>
    canWrite
      ? {
          onDragOver: (e: DragEvent) => {
            // The card's own type on the drag, not only the state: the first dragover can come before React has
            // rendered the dragstart's state (a quick drag straight onto a far column), and without preventDefault
            // here the drop never fires.
            if (!dragging && !e.dataTransfer?.types.includes(DRAG_TYPE)) return;
            e.preventDefault();
            if (e.dataTransfer) e.dataTransfer.dropEffect = "move";
            if (over !== stage) setOver(stage);
          },
          onDragLeave: (e: DragEvent) => {
            if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setOver(null);
          },
          onDrop: (e: DragEvent) => {
            e.preventDefault();
            const id = e.dataTransfer?.getData(DRAG_TYPE) || dragging;
            setOver(null);
            setDragging(null);
            const deal = id ? findDeal(id) : undefined;
            if (deal && deal.stage !== stage) request(deal, stage);
          },
        }
      : {};

  const toggle = (stage: DealStage) =>
    setExpanded((s) => {
      const next = new Set(s);
      if (next.has(stage)) next.delete(stage);
      else next.add(stage);
      return next;
    });

  return (
    <div className="-mx-4 overflow-x-auto px-4 pb-2 md:mx-0 md:px-0">
      <ol className="flex gap-3" aria-label="Pipeline stages">
        {columns.map((col) => {
          const label = DEAL_STAGE_LABELS[col.stage];
          const summary = `${plural(col.count, "deal")} · ${formatMoney(col.sum)}`;
          const collapsed = isClosedStage(col.stage) && !expanded.has(col.stage);
          const target = over === col.stage;
          if (collapsed)
            return (
              <li
                key={col.stage}
                {...dropProps(col.stage)}
                data-stage={col.stage}
                className={cn(
                  "flex w-14 shrink-0 flex-col items-center gap-2 rounded-lg border border-border bg-surface-muted/60 p-1 py-2",
                  target && "border-accent ring-2 ring-accent",
                )}
              >
                <section aria-label={`${label}: ${summary}`} className="flex flex-col items-center gap-2">
                  <button
                    type="button"
                    aria-expanded={false}
                    onClick={() => toggle(col.stage)}
                    className="rounded px-1 text-xs font-semibold underline-offset-2 hover:underline"
                    aria-label={`Show ${label} (${summary})`}
                  >
                    Show
                  </button>
                  <p className="text-sm font-semibold tabular-nums">{formatCount(col.count)}</p>
                  <h2 className="text-xs font-semibold [writing-mode:vertical-rl]">{label}</h2>
                </section>
              </li>
            );
          return (
            <li
              key={col.stage}
              {...dropProps(col.stage)}
              data-stage={col.stage}
              className={cn(
                "flex w-64 min-w-64 shrink-0 grow basis-64 flex-col gap-2 rounded-lg border border-border bg-surface-muted/60 p-2",
                target && "border-accent ring-2 ring-accent",
              )}
            >
              <section aria-labelledby={`stage-${col.stage}`}>
                <header className="mb-2 flex items-start justify-between gap-2 px-1">
                  <div>
                    <h2 id={`stage-${col.stage}`} className="text-sm font-semibold">
                      {label}
                    </h2>
                    <p className="text-xs text-fg-muted">{summary}</p>
                  </div>
                  {isClosedStage(col.stage) && (
                    <button
                      type="button"
                      aria-expanded
                      onClick={() => toggle(col.stage)}
                      className="rounded px-1 text-xs underline-offset-2 hover:underline"
                      aria-label={`Hide ${label}`}
                    >
                      Hide
                    </button>
                  )}
                </header>
                {col.deals.length === 0 ? (
                  <p className="rounded-md border border-dashed border-border px-2 py-4 text-center text-xs text-fg-muted">
                    {canWrite ? "No deals — drag one here" : "No deals"}
                  </p>
                ) : (
                  <ul className="flex flex-col gap-2" aria-label={`Deals in ${label}`}>
                    {col.deals.map((d) => (
                      <li
                        key={d.id}
                        draggable={canWrite}
                        onDragStart={(e) => {
                          e.dataTransfer?.setData(DRAG_TYPE, d.id);
                          e.dataTransfer?.setData("text/plain", d.title);
                          if (e.dataTransfer) e.dataTransfer.effectAllowed = "move";
                          setDragging(d.id);
                        }}
                        onDragEnd={() => {
                          setDragging(null);
                          setOver(null);
                        }}
                        aria-label={d.title}
                        data-deal={d.id}
                        className={cn(
                          "flex flex-col gap-1.5 rounded-md border border-border bg-surface p-2 text-sm shadow-sm",
                          canWrite && "cursor-grab active:cursor-grabbing",
                          dragging === d.id && "opacity-50",
                        )}
                      >
                        <Link
                          href={`/${organization}/crm/deals/${d.id}`}
                          draggable={false}
                          className="font-medium break-words underline-offset-2 hover:underline"
                        >
                          {d.title}
                        </Link>
                        <p className="text-lg font-semibold tabular-nums">{formatMoney(d.value)}</p>
                        <p className="text-xs text-fg-muted">
                          <Link
                            href={`/${organization}/crm/contacts/${d.contact.id}`}
                            draggable={false}
                            className="underline-offset-2 hover:underline"
                          >
                            {d.contact.name}
                          </Link>
                          {" · "}
                          {personName(d.assignee)}
                          {d.stage === "CLOSED_WON" && d.closedAt ? (
                            <>
                              {" · won "}
                              <LocalTime iso={d.closedAt} withTime={false} />
                            </>
                          ) : (
                            d.expectedClose && (
                              <>
                                {" · closes "}
                                <LocalTime iso={`${d.expectedClose}T12:00:00Z`} withTime={false} />
                              </>
                            )
                          )}
                        </p>
                        {d.stage === "CLOSED_LOST" && d.lostReason && (
                          <p className="text-xs text-fg-muted">Lost: {d.lostReason}</p>
                        )}
                        {canWrite && (
                          <>
                            <MoveToMenu
                              deal={d}
                              onPick={(stage) => {
                                refocus.current = d.id;
                                request(d, stage);
                              }}
                            />
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
          );
        })}
      </ol>
      {dialogs}
    </div>
  );
}
