"use client";
// Files a document in one of the loop's checklist slots, or takes it out: a select plus a button (not
// change-on-select, so arrowing through the list doesn't move the document).
import { useId, useState } from "react";
import { useRunAction } from "@/components/forms/use-run-action";
import { Button, controlClasses } from "@/components/ui";
import { fileDocumentAction } from "@/lib/modules/documents/actions/file-document";

export interface SlotChoice {
  id: string;
  title: string;
}

export function FileInSlot({
  organization,
  document,
  slots,
  currentSlotId,
}: {
  organization: string;
  document: { id: string; fileName: string };
  slots: SlotChoice[];
  currentSlotId: string | null;
}) {
  const id = useId();
  const { run, pending } = useRunAction();
  const [target, setTarget] = useState("");
  const choices = slots.filter((s) => s.id !== currentSlotId);
  if (choices.length === 0 && currentSlotId === null) return null;
  return (
    <form
      className="flex items-center gap-1"
      aria-label={`File ${document.fileName}`}
      onSubmit={(e) => {
        e.preventDefault();
        if (!target) return;
        const slotId = target === "none" ? null : target;
        const title = slots.find((s) => s.id === slotId)?.title;
        run(() => fileDocumentAction({ organization, documentId: document.id, slotId }), {
          success: title
            ? `${document.fileName} filed as ${title}`
            : `${document.fileName} taken out of its slot`,
          after: (ok) => ok && setTarget(""),
        });
      }}
    >
      <label htmlFor={id} className="sr-only">
        {currentSlotId ? `Move ${document.fileName} to` : `File ${document.fileName} as`}
      </label>
      <select
        id={id}
        value={target}
        disabled={pending}
        className={controlClasses(false, "h-8 w-auto max-w-48")}
        onChange={(e) => setTarget(e.target.value)}
      >
        <option value="">{currentSlotId ? "Move to…" : "File as…"}</option>
        {choices.map((s) => (
          <option key={s.id} value={s.id}>
            {s.title}
          </option>
        ))}
        {currentSlotId && <option value="none">Out of the checklist</option>}
      </select>
      <Button type="submit" variant="secondary" size="sm" disabled={!target} pending={pending}>
        {currentSlotId ? "Move" : "File"}
      </Button>
    </form>
  );
}
