import "server-only";
// Editing the organization's checklist templates (owners and admins: templates:manage): add, edit, remove and
// reorder their task items and document items. A loop copies its template when it is created (createLoop), so
// these edits never touch existing loops. Each change stamps the template's editor and writes a template.updated
// entry naming the template.
import { auditChanges, recordAudit } from "@/lib/audit/record";
import type { AuthContext } from "@/lib/auth/authorize";
import type { TenantTx } from "@/lib/database/tenant";
import { AppError } from "@/lib/errors";
import { tenantService } from "@/lib/service";
import type { z } from "zod";
import {
  TEMPLATE_ITEM_ORDER,
  TEMPLATE_ITEM_SELECT,
  toTemplateItemView,
  type TemplateItemView,
} from "../queries/templates";
import {
  addTemplateItemSchema,
  removeTemplateItemSchema,
  reorderTemplateItemsSchema,
  toOffsetDays,
  updateTemplateItemSchema,
} from "../schemas";
import { sameIds } from "./shared";

const templateNotFound = () => new AppError("NOT_FOUND", "We couldn't find that checklist template.");
const itemNotFound = () => new AppError("NOT_FOUND", "We couldn't find that checklist item.");

/**
 * Locks the template for the rest of the transaction and stamps the caller as its editor. The update is also the
 * check: under RLS only templates:manage may change a template, so a member who can read it is told FORBIDDEN.
 */
async function lockTemplate(tx: TenantTx, ctx: AuthContext, templateId: string) {
  const organizationId = ctx.organization.id;
  const rows = await tx.$queryRaw<Array<{ id: string; name: string }>>`
    update public.checklist_templates set updated_by = ${ctx.user.id}::uuid
     where id = ${templateId}::uuid and organization_id = ${organizationId}::uuid
    returning id::text as id, name`;
  if (rows[0]) return rows[0];
  const readable = await tx.checklistTemplate.count({ where: { id: templateId, organizationId } });
  throw readable
    ? new AppError("FORBIDDEN", "Only owners and admins can change checklist templates.")
    : templateNotFound();
}

/** Finds an item of this organization's templates and locks its template. */
async function lockItem(tx: TenantTx, ctx: AuthContext, itemId: string) {
  const where = { id: itemId, organizationId: ctx.organization.id };
  const found = await tx.checklistTemplateItem.findFirst({ where, select: { templateId: true } });
  if (!found) throw itemNotFound();
  const template = await lockTemplate(tx, ctx, found.templateId);
  const item = await tx.checklistTemplateItem.findFirst({ where, select: TEMPLATE_ITEM_SELECT });
  if (!item) throw itemNotFound();
  return { template, item: toTemplateItemView(item) };
}

type ItemInput = z.output<typeof addTemplateItemSchema> | z.output<typeof updateTemplateItemSchema>;

/** The columns an item's form sets: a task's stage, role and due rule, or a document's "required". */
function itemColumns(input: ItemInput) {
  if (input.kind === "DOCUMENT") {
    return {
      title: input.title,
      category: null,
      assigneeRole: null,
      keyDateKind: null,
      offsetDays: null,
      required: input.required,
    };
  }
  return {
    title: input.title,
    category: input.category,
    assigneeRole: input.assigneeRole,
    keyDateKind: input.keyDateKind,
    offsetDays: input.keyDateKind ? toOffsetDays(input.dueDays, input.dueDirection) : null,
    required: true,
  };
}

export const addTemplateItem = tenantService(
  addTemplateItemSchema,
  async (tx, input, ctx): Promise<TemplateItemView> => {
    const organizationId = ctx.organization.id;
    const template = await lockTemplate(tx, ctx, input.templateId);
    const { _max } = await tx.checklistTemplateItem.aggregate({
      where: { organizationId, templateId: template.id },
      _max: { sortOrder: true },
    });
    const columns = itemColumns(input);
    const item = await tx.checklistTemplateItem.create({
      data: {
        organizationId,
        templateId: template.id,
        kind: input.kind,
        ...columns,
        sortOrder: (_max.sortOrder ?? -1) + 1,
      },
      select: TEMPLATE_ITEM_SELECT,
    });
    await recordAudit(tx, ctx, {
      action: "template.updated",
      entityType: "checklist_template",
      entityId: template.id,
      newValues: { name: template.name, change: "item_added", itemId: item.id, kind: input.kind, ...columns },
    });
    return toTemplateItemView(item);
  },
);

export const updateTemplateItem = tenantService(
  updateTemplateItemSchema,
  async (tx, input, ctx): Promise<TemplateItemView> => {
    const { template, item: before } = await lockItem(tx, ctx, input.itemId);
    if (before.kind !== input.kind) throw itemNotFound();
    const columns = itemColumns(input);
    const item = await tx.checklistTemplateItem.update({
      where: { id: before.id },
      data: columns,
      select: TEMPLATE_ITEM_SELECT,
    });
    const { oldValues, newValues } = auditChanges(before, columns, { keep: ["title"] });
    await recordAudit(tx, ctx, {
      action: "template.updated",
      entityType: "checklist_template",
      entityId: template.id,
      oldValues: { name: template.name, ...oldValues },
      newValues: { name: template.name, change: "item_updated", itemId: item.id, ...newValues },
    });
    return toTemplateItemView(item);
  },
);

export const removeTemplateItem = tenantService(
  removeTemplateItemSchema,
  async (tx, input, ctx): Promise<{ removed: true }> => {
    const { template, item } = await lockItem(tx, ctx, input.itemId);
    await tx.checklistTemplateItem.delete({ where: { id: item.id }, select: { id: true } });
    await recordAudit(tx, ctx, {
      action: "template.updated",
      entityType: "checklist_template",
      entityId: template.id,
      oldValues: { name: template.name, itemId: item.id, kind: item.kind, title: item.title },
      newValues: { name: template.name, change: "item_removed" },
    });
    return { removed: true };
  },
);

/** Sets the order of all of a template's items in one statement; the ids must be exactly the template's items. */
export const reorderTemplateItems = tenantService(
  reorderTemplateItemsSchema,
  async (tx, input, ctx): Promise<{ itemIds: string[] }> => {
    const organizationId = ctx.organization.id;
    const template = await lockTemplate(tx, ctx, input.templateId);
    const current = await tx.checklistTemplateItem.findMany({
      where: { organizationId, templateId: template.id },
      select: { id: true },
      orderBy: [...TEMPLATE_ITEM_ORDER],
    });
    if (!sameIds(current, input.itemIds)) {
      throw new AppError("CONFLICT", "The template changed in the meantime. Reload and try again.");
    }
    await tx.$executeRaw`
      update public.checklist_template_items i
         set sort_order = o.ord - 1
        from unnest(${input.itemIds}::uuid[]) with ordinality as o(id, ord)
       where i.id = o.id and i.organization_id = ${organizationId}::uuid and i.template_id = ${template.id}::uuid`;
    await recordAudit(tx, ctx, {
      action: "template.updated",
      entityType: "checklist_template",
      entityId: template.id,
      oldValues: { name: template.name, order: current.map((i) => i.id) },
      newValues: { name: template.name, change: "items_reordered", order: input.itemIds },
    });
    return { itemIds: input.itemIds };
  },
);
