import "server-only";
// Reads of the organization's checklist templates: one per transaction type, with its task items and document
// items in order, and who changed it last. One tenant transaction.
import type { AuthContext } from "@/lib/auth/authorize";
import type { Prisma } from "@/lib/database/generated/prisma/client";
import { withTenantContext } from "@/lib/database/tenant";
import { PERSON_SELECT, type Person } from "@/lib/people";
import type { TemplateItem } from "../checklist";
import {
  TRANSACTION_TYPES,
  type ParticipantRole,
  type StandardKeyDateKind,
  type TaskCategory,
  type TransactionType,
} from "../schemas";

export interface TemplateItemView extends TemplateItem {
  id: string;
  category: TaskCategory | null;
  assigneeRole: ParticipantRole | null;
  keyDateKind: StandardKeyDateKind | null;
  sortOrder: number;
}

export interface TemplateView {
  id: string;
  transactionType: TransactionType;
  name: string;
  updatedAt: string;
  editor: Person | null;
  tasks: TemplateItemView[];
  documents: TemplateItemView[];
}

export const TEMPLATE_ITEM_SELECT = {
  id: true,
  kind: true,
  title: true,
  category: true,
  assigneeRole: true,
  keyDateKind: true,
  offsetDays: true,
  required: true,
  sortOrder: true,
} as const satisfies Prisma.ChecklistTemplateItemSelect;

/** A template's items in its order (ties by id, so the order is stable). */
export const TEMPLATE_ITEM_ORDER = [
  { sortOrder: "asc" },
  { id: "asc" },
] as const satisfies Prisma.ChecklistTemplateItemOrderByWithRelationInput[];

export function toTemplateItemView(
  row: Prisma.ChecklistTemplateItemGetPayload<{ select: typeof TEMPLATE_ITEM_SELECT }>,
): TemplateItemView {
  // The database refuses CUSTOM as an item's key date (checklist_template_items_due_rule).
  return { ...row, keyDateKind: row.keyDateKind === "CUSTOM" ? null : row.keyDateKind };
}

/** The four templates (Purchase, Listing, Dual, Lease) in that order. */
export async function listTemplates(ctx: AuthContext): Promise<TemplateView[]> {
  const rows = await withTenantContext(ctx, (tx) =>
    tx.checklistTemplate.findMany({
      where: { organizationId: ctx.organization.id },
      select: {
        id: true,
        transactionType: true,
        name: true,
        updatedAt: true,
        editor: { select: PERSON_SELECT },
        items: { select: TEMPLATE_ITEM_SELECT, orderBy: [...TEMPLATE_ITEM_ORDER] },
      },
    }),
  );
  return rows
    .sort(
      (a, b) => TRANSACTION_TYPES.indexOf(a.transactionType) - TRANSACTION_TYPES.indexOf(b.transactionType),
    )
    .map(({ items, updatedAt, ...t }) => {
      const views = items.map(toTemplateItemView);
      return {
        ...t,
        updatedAt: updatedAt.toISOString(),
        tasks: views.filter((i) => i.kind === "TASK"),
        documents: views.filter((i) => i.kind === "DOCUMENT"),
      };
    });
}
