"use client";
// The buttons at the end of a row in an ordered list (a loop's tasks, a template's items): move up, move down, edit
// and remove, each named for its row so a screen reader says which one.
import { Button } from "@/components/ui";

/** The ids in their new order after moving the one at `index` by `delta`. */
export function moveId(ids: readonly string[], index: number, delta: -1 | 1): string[] {
  const next = [...ids];
  const [moved] = next.splice(index, 1);
  next.splice(index + delta, 0, moved!);
  return next;
}

export function RowActions({
  name,
  index,
  count,
  disabled,
  onMove,
  onEdit,
  onRemove,
  removeLabel,
}: {
  name: string;
  index: number;
  count: number;
  disabled: boolean;
  onMove: (delta: -1 | 1) => void;
  onEdit: () => void;
  onRemove: () => void;
  /** "Delete" or "Remove", as the list says it. */
  removeLabel: string;
}) {
  return (
    <div className="flex w-full items-center justify-end gap-1 sm:w-auto">
      <Button
        variant="ghost"
        size="sm"
        disabled={index === 0 || disabled}
        aria-label={`Move up: ${name}`}
        onClick={() => onMove(-1)}
      >
        ↑
      </Button>
      <Button
        variant="ghost"
        size="sm"
        disabled={index === count - 1 || disabled}
        aria-label={`Move down: ${name}`}
        onClick={() => onMove(1)}
      >
        ↓
      </Button>
      <Button variant="ghost" size="sm" aria-label={`Edit: ${name}`} onClick={onEdit}>
        Edit
      </Button>
      <Button variant="ghost" size="sm" aria-label={`${removeLabel}: ${name}`} onClick={onRemove}>
        {removeLabel}
      </Button>
    </div>
  );
}
