import "server-only";
// Bulk assign: every target contact is checked (and locked) inside the caller's organization first, the
// assignee must be an accepted member, then one updateMany and one audit entry per contact (one createMany),
// all in one transaction — all change or none do — and one notification for the new assignee. The selection is
// either explicit ids (ticked rows, up to BULK_ASSIGN_MAX) or "all matching this filter", which the server
// resolves itself inside the transaction so the browser never has to ship 10,000 ids and the set can't drift
// between pages.
import { recordAuditMany } from "@/lib/audit/record";
import { Prisma } from "@/lib/database/generated/prisma/client";
import { AppError } from "@/lib/errors";
import { contactFilterConditions } from "../queries/contact-list";
import { BULK_ASSIGN_MAX, bulkAssignSchema } from "../schemas";
import { notify } from "@/lib/modules/notifications";
import { assertAssignee } from "@/lib/modules/organizations";
import { tenantService } from "@/lib/service";

const AUDIT_CHUNK = 2_000;

interface Target {
  id: string;
  assigned_to: string | null;
}

export const bulkAssignContacts = tenantService(
  bulkAssignSchema,
  async (tx, input, ctx): Promise<{ count: number }> => {
    const orgId = ctx.organization.id;
    await assertAssignee(tx, orgId, input.assigneeId, "assigneeId");
    let targets: Target[];
    if (input.selection.kind === "ids") {
      const ids = [...new Set(input.selection.ids.map((id) => id.toLowerCase()))];
      targets = await tx.$queryRaw<Target[]>`
      select id, assigned_to from public.contacts
       where organization_id = ${orgId}::uuid and id = any(${ids}::uuid[])
       order by id
         for update`;
      if (targets.length !== ids.length) {
        const missing = ids.length - targets.length;
        throw new AppError(
          "NOT_FOUND",
          `${missing === 1 ? "One of the selected contacts doesn't" : `${missing} of the selected contacts don't`} exist in this organization (deleted, or never here). Nothing was changed.`,
          { details: { missing } },
        );
      }
    } else {
      const conds = contactFilterConditions(ctx, input.selection.filter);
      targets = await tx.$queryRaw<Target[]>`
      select c.id, c.assigned_to from public.contacts c
       where ${Prisma.join(conds, " and ")}
       order by c.id
       limit ${BULK_ASSIGN_MAX + 1}
         for update`;
      if (targets.length > BULK_ASSIGN_MAX) {
        throw new AppError(
          "VALIDATION",
          `More than ${BULK_ASSIGN_MAX.toLocaleString("en-US")} contacts match. Narrow the filter and assign them in parts.`,
          { details: { max: BULK_ASSIGN_MAX } },
        );
      }
      if (targets.length === 0) return { count: 0 };
    }
    const ids = targets.map((t) => t.id);
    const res = await tx.contact.updateMany({
      where: { organizationId: orgId, id: { in: ids } },
      data: { assignedTo: input.assigneeId, version: { increment: 1 } },
    });
    // The rows are locked, so this only differs if something is badly wrong; never commit a partial change.
    if (res.count !== ids.length)
      throw new AppError(
        "CONFLICT",
        "Some contacts changed while assigning. Nothing was changed; please try again.",
      );
    // In chunks that stay under Postgres' bind-parameter limit, one after another (Prisma would otherwise
    // split one huge createMany and send the parts concurrently on the transaction's single connection).
    for (let i = 0; i < targets.length; i += AUDIT_CHUNK) {
      await recordAuditMany(
        tx,
        ctx,
        targets.slice(i, i + AUDIT_CHUNK).map((t) => ({
          action: "contact.assigned",
          entityType: "contact",
          entityId: t.id,
          oldValues: { assignedTo: t.assigned_to },
          newValues: { assignedTo: input.assigneeId, bulk: true },
        })),
      );
    }
    // One notification for the whole batch, not one per contact.
    const reassigned = targets.filter((t) => t.assigned_to !== input.assigneeId);
    if (input.assigneeId && reassigned.length > 0) {
      const one = reassigned.length === 1 ? reassigned[0]! : null;
      await notify(tx, ctx, {
        userIds: [input.assigneeId],
        kind: "CONTACT_ASSIGNED",
        title: one
          ? "A contact was assigned to you"
          : `${reassigned.length.toLocaleString("en-US")} contacts were assigned to you`,
        body: `${ctx.user.name ?? ctx.user.email} assigned ${one ? "it" : "them"} to you.`,
        link: one
          ? `/${ctx.organization.slug}/crm/contacts/${one.id}`
          : `/${ctx.organization.slug}/crm/contacts?assignee=me`,
        entity: one ? { type: "contact", id: one.id } : null,
      });
    }
    return { count: res.count };
  },
  { timeoutMs: 120_000 },
);
