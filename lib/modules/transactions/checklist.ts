// How a new loop's checklist comes from its type's template: the key dates its task items count from (and
// closing), its tasks with the due dates those key dates give, and its document slots. Pure, so createLoop and the
// demo seed build loops the same way; tests/unit/transactions-checklist.test.ts pins the rules.
import type {
  KeyDateKind,
  ParticipantRole,
  StandardKeyDateKind,
  TaskCategory,
  TransactionType,
} from "./schemas";
import { KEY_DATE_KINDS } from "./schemas";

/** The roles the person who creates a loop takes in it. */
export const CREATOR_ROLES: Record<TransactionType, readonly ParticipantRole[]> = {
  PURCHASE: ["BUYERS_AGENT"],
  LISTING: ["LISTING_AGENT"],
  DUAL: ["LISTING_AGENT", "BUYERS_AGENT"],
  LEASE: ["LISTING_AGENT"],
};

/** A template item as stored (checklist_template_items), in the template's order. */
export interface TemplateItem {
  kind: "TASK" | "DOCUMENT";
  title: string;
  category: TaskCategory | null;
  assigneeRole: ParticipantRole | null;
  keyDateKind: KeyDateKind | null;
  offsetDays: number | null;
  required: boolean;
}

export interface PlannedTask {
  title: string;
  category: TaskCategory;
  sortOrder: number;
  keyDateKind: StandardKeyDateKind | null;
  dueOffsetDays: number | null;
  /** "YYYY-MM-DD", or null while its key date has none. */
  dueDate: string | null;
  assigneeId: string | null;
}

export interface LoopChecklist {
  keyDates: Array<{ kind: StandardKeyDateKind; date: string | null }>;
  tasks: PlannedTask[];
  slots: Array<{ title: string; required: boolean; sortOrder: number }>;
}

const DAY_MS = 86_400_000;

/** "2027-03-31" plus n days (n may be negative), in calendar days. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** A task's due date from its key date's date and its offset: none while either is missing. */
export function dueDateFor(keyDate: string | null, offsetDays: number | null): string | null {
  return keyDate === null || offsetDays === null ? null : addDays(keyDate, offsetDays);
}

const isStandard = (kind: KeyDateKind | null): kind is StandardKeyDateKind =>
  kind !== null && kind !== "CUSTOM";

/**
 * The checklist a loop starts with: a key date for every standard kind the task items count from, plus closing
 * (dated from `dates`, otherwise empty); one task per task item, due `offsetDays` from its key date when that has a
 * date, assigned to the teammate holding the item's role when there is one (`people`); one slot per document item.
 */
export function planChecklist(
  items: readonly TemplateItem[],
  opts: {
    dates?: Partial<Record<StandardKeyDateKind, string | null>>;
    people?: Partial<Record<ParticipantRole, string>>;
  } = {},
): LoopChecklist {
  const dates = opts.dates ?? {};
  const people = opts.people ?? {};
  const taskItems = items.filter((i) => i.kind === "TASK");
  const kinds = new Set<StandardKeyDateKind>(["CLOSING"]);
  for (const item of taskItems) if (isStandard(item.keyDateKind)) kinds.add(item.keyDateKind);
  return {
    keyDates: KEY_DATE_KINDS.filter((k) => kinds.has(k)).map((kind) => ({ kind, date: dates[kind] ?? null })),
    tasks: taskItems.map((item, sortOrder) => {
      const keyDateKind = isStandard(item.keyDateKind) ? item.keyDateKind : null;
      const dueOffsetDays = keyDateKind ? (item.offsetDays ?? 0) : null;
      return {
        title: item.title,
        category: item.category ?? "OTHER",
        sortOrder,
        keyDateKind,
        dueOffsetDays,
        dueDate: keyDateKind ? dueDateFor(dates[keyDateKind] ?? null, dueOffsetDays) : null,
        assigneeId: (item.assigneeRole && people[item.assigneeRole]) ?? null,
      };
    }),
    slots: items
      .filter((i) => i.kind === "DOCUMENT")
      .map((item, sortOrder) => ({ title: item.title, required: item.required, sortOrder })),
  };
}
