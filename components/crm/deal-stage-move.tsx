"use client";
// Moving a deal between stages, shared by the board (drag and drop or the menu) and the deal page: the keyboard
// "Move to…" menu, and the questions closing asks — Lost needs a reason, Won confirms the value and the day it
// closed. The caller decides how a move is committed (the board moves the card first and puts it back if the
// server refuses).
import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from "react";
import { FormInput, FormTextarea } from "@/components/forms/fields";
import { FormDialog } from "@/components/forms/form-dialog";
import { Button } from "@/components/ui";
import type { ActionResult } from "@/lib/errors";
import {
  DEAL_STAGE_LABELS,
  DEAL_STAGES,
  LOST_REASONS,
  moveDealStageSchema,
  type DealStage,
  type MoveDealStageInput,
} from "@/lib/modules/crm/schemas";

export interface MovableDeal {
  id: string;
  title: string;
  stage: DealStage;
  version: number;
  value: string;
}

export type MoveResult = { id: string; title: string; stage: DealStage; version: number };
export type CommitMove = (deal: MovableDeal, input: MoveDealStageInput) => Promise<ActionResult<MoveResult>>;

/** "Move to…": a button opening a menu of the other stages; arrows move through it, Escape closes it. */
export function MoveToMenu({
  deal,
  onPick,
  disabled,
}: {
  deal: { title: string; stage: DealStage };
  onPick: (stage: DealStage) => void;
  disabled?: boolean;
}) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLUListElement>(null);
  const menuId = useId();
  const stages = DEAL_STAGES.filter((s) => s !== deal.stage);

  useEffect(() => {
    if (open) menu.current?.querySelector<HTMLElement>("[role=menuitem]")?.focus();
  }, [open]);

  const close = (refocus = true) => {
    setOpen(false);
    if (refocus) button.current?.focus();
  };
  const onKeyDown = (e: KeyboardEvent<HTMLUListElement>) => {
    const items = [...(menu.current?.querySelectorAll<HTMLElement>("[role=menuitem]") ?? [])];
    const at = items.indexOf(document.activeElement as HTMLElement);
    const go = (i: number) => items[(i + items.length) % items.length]?.focus();
    if (e.key === "ArrowDown") go(at + 1);
    else if (e.key === "ArrowUp") go(at - 1);
    else if (e.key === "Home") go(0);
    else if (e.key === "End") go(items.length - 1);
    else if (e.key === "Escape") close();
    else if (e.key === "Tab") close(false);
    else return;
    e.preventDefault();
  };

  return (
    <div
      className="relative"
      onBlur={(e) => {
        if (open && !e.currentTarget.contains(e.relatedTarget as Node | null)) setOpen(false);
      }}
    >
      <Button
        ref={button}
        variant="secondary"
        size="sm"
        className="w-full"
        disabled={disabled}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        aria-label={`Move ${deal.title} to…`}
        onClick={() => setOpen((o) => !o)}
        onKeyDown={(e) => {
          if (e.key === "ArrowDown" && !open) {
            e.preventDefault();
            setOpen(true);
          }
        }}
      >
        Move to…
      </Button>
      {open && (
        <ul
          ref={menu}
          id={menuId}
          role="menu"
          aria-label={`Move ${deal.title} to`}
          onKeyDown={onKeyDown}
          className="absolute left-0 right-0 z-20 mt-1 flex flex-col rounded-md border border-border bg-surface p-1 shadow-lg"
        >
          {stages.map((s) => (
            <li key={s} role="none">
              <button
                type="button"
                role="menuitem"
                tabIndex={-1}
                className="w-full rounded px-2 py-1.5 text-left text-sm hover:bg-surface-muted focus:bg-surface-muted focus:outline-none"
                onClick={() => {
                  close();
                  onPick(s);
                }}
              >
                {DEAL_STAGE_LABELS[s]}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

const today = () => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
};

/** Asks why a deal was lost (a common reason in one click, or their own words), then commits the move. */
interface CloseDialogProps {
  organization: string;
  deal: MovableDeal;
  onClose: () => void;
  commit: CommitMove;
}

function LostDialog({ organization, deal, onClose, commit }: CloseDialogProps) {
  return (
    <FormDialog
      open
      onClose={onClose}
      title={`Why was ${deal.title} lost?`}
      description="The reason is kept with the deal and shown in the team's activity."
      submitLabel="Mark as lost"
      schema={moveDealStageSchema}
      action={(input) => commit(deal, input)}
      defaultValues={{
        organization,
        id: deal.id,
        stage: "CLOSED_LOST",
        version: deal.version,
        lostReason: "",
      }}
      successMessage={(d) => `${d.title} marked lost`}
    >
      {(form) => (
        <>
          <fieldset className="flex flex-col gap-2">
            <legend className="mb-1 text-sm font-medium">Common reasons</legend>
            <div className="flex flex-wrap gap-1.5">
              {LOST_REASONS.map((r) => (
                <Button
                  key={r}
                  variant="secondary"
                  size="sm"
                  onClick={() => form.setValue("lostReason", r, { shouldValidate: true })}
                >
                  {r}
                </Button>
              ))}
            </div>
          </fieldset>
          <FormTextarea
            form={form}
            name="lostReason"
            label="Reason"
            required
            rows={2}
            hint="Pick one above or write your own."
          />
        </>
      )}
    </FormDialog>
  );
}

/** Confirms what a won deal closed at: its value (prefilled) and the day (today unless changed). */
function WonDialog({ organization, deal, onClose, commit }: CloseDialogProps) {
  return (
    <FormDialog
      open
      onClose={onClose}
      title={`Mark ${deal.title} as won`}
      description="Confirm what it closed at; the team's totals count this value on this day."
      submitLabel="Mark as won"
      schema={moveDealStageSchema}
      action={(input) => commit(deal, input)}
      defaultValues={{
        organization,
        id: deal.id,
        stage: "CLOSED_WON",
        version: deal.version,
        closedValue: deal.value,
        closedOn: today(),
      }}
      successMessage={(d) => `${d.title} marked won`}
    >
      {(form) => (
        <div className="grid gap-3 sm:grid-cols-2">
          <FormInput form={form} name="closedValue" label="Closed value (USD)" inputMode="decimal" />
          <FormInput form={form} name="closedOn" label="Closed on" type="date" required />
        </div>
      )}
    </FormDialog>
  );
}

/**
 * `request(deal, stage)` moves a deal: straight away to an open stage, through the Lost or Won question to a closed
 * one. Render `dialogs` once where the mover is used.
 */
export function useDealMove(organization: string, commit: CommitMove) {
  const [asking, setAsking] = useState<{ deal: MovableDeal; stage: "CLOSED_WON" | "CLOSED_LOST" } | null>(
    null,
  );
  const request = (deal: MovableDeal, stage: DealStage) => {
    if (stage === "CLOSED_LOST" || stage === "CLOSED_WON") setAsking({ deal, stage });
    else if (stage !== deal.stage)
      void commit(deal, { organization, id: deal.id, stage, version: deal.version });
  };
  const close = () => setAsking(null);
  let dialogs: ReactNode = null;
  if (asking?.stage === "CLOSED_LOST")
    dialogs = <LostDialog organization={organization} deal={asking.deal} onClose={close} commit={commit} />;
  else if (asking?.stage === "CLOSED_WON")
    dialogs = <WonDialog organization={organization} deal={asking.deal} onClose={close} commit={commit} />;
  return { request, dialogs };
}
