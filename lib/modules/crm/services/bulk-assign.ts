import "server-only";
// Bulk assign: every target contact is checked (and locked) inside the caller's organization first, the
// assignee must be an accepted member, then one updateMany and one grouped audit entry naming the assignee and the contacts,
// all in one transaction — all change or none do — and one notification for the new assignee. The selection is
// either explicit ids (ticked rows, up to BULK_ASSIGN_MAX) or "all matching this filter", which the server
// resolves itself inside the transaction so the browser never has to ship 10,000 ids and the set can't drift
// between pages.
import { recordAudit } from "@/lib/audit/record";
import { Prisma } from "@/lib/database/generated/prisma/client";
import { AppError } from "@/lib/errors";
import { contactFilterConditions } from "../queries/contact-list";
import { BULK_ASSIGN_MAX, bulkAssignSchema } from "../schemas";
import { notify } from "@/lib/modules/notifications";
import { assertAssignee } from "@/lib/modules/organizations";
import { tenantService } from "@/lib/service";
import type { AuthContext } from "@/lib/auth/authorize";
import type { TenantTx } from "@/lib/database/tenant";
import type { z } from "zod";
import { analyzeContactsAfterBulkWrite } from "./analyze";

/** How many of the contacts the grouped entry names (the feed shows the first few, then "and N more"). */
const NAMED_IN_ENTRY = 5;

type BulkAssignSelection = z.output<typeof bulkAssignSchema>["selection"];

interface Target {
  id: string;
  assigned_to: string | null;
}

/**
 * The contacts a bulk action applies to, locked in id order inside the caller's organization: the ticked ids (all
 * must exist, or nothing changes) or every contact matching the list's filter (at most BULK_ASSIGN_MAX).
 */
export async function lockSelection(
  tx: TenantTx,
  ctx: AuthContext,
  selection: BulkAssignSelection,
): Promise<Target[]> {
  const orgId = ctx.organization.id;
  let targets: Target[];
  if (selection.kind === "ids") {
    const ids = [...new Set(selection.ids.map((id) => id.toLowerCase()))];
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
    const conds = contactFilterConditions(ctx, selection.filter);
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
  }
  return targets;
}

/** The first few contacts (by name) a grouped entry names; the feed adds "and N more". */
export function namedInEntry(tx: TenantTx, orgId: string, ids: string[]) {
  return tx.contact.findMany({
    where: { organizationId: orgId, id: { in: ids } },
    select: { id: true, name: true },
    orderBy: [{ name: "asc" }, { id: "asc" }],
    take: NAMED_IN_ENTRY,
  });
}

export const bulkAssignContacts = tenantService(
  bulkAssignSchema,
  async (tx, input, ctx): Promise<{ count: number }> => {
    const orgId = ctx.organization.id;
    await assertAssignee(tx, orgId, input.assigneeId, "assigneeId");
    const targets = await lockSelection(tx, ctx, input.selection);
    if (targets.length === 0) return { count: 0 };
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
    // One grouped entry for the batch, written like the CSV import's: the feed and the audit log show "assigned
    // 98 contacts to Sam: Amelia Brown, Zoe Haddad, … and 95 more" instead of 98 identical lines, one Realtime
    // event reaches the dashboards, and the entry keeps every id with its previous assignee so nothing is lost.
    const assignee = input.assigneeId
      ? await tx.user.findUnique({ where: { id: input.assigneeId }, select: { name: true, email: true } })
      : null;
    const named = await namedInEntry(tx, orgId, ids);
    const previous = new Map<string | null, string[]>();
    for (const t of targets) previous.set(t.assigned_to, [...(previous.get(t.assigned_to) ?? []), t.id]);
    await recordAudit(tx, ctx, {
      action: "contact.bulk_assigned",
      entityType: "contact_assignment",
      entityId: null,
      oldValues: {
        previous: [...previous].map(([assignedTo, contactIds]) => ({ assignedTo, contactIds })),
      },
      newValues: {
        assignedTo: input.assigneeId,
        assigneeName: assignee ? (assignee.name ?? assignee.email) : null,
        count: ids.length,
        contacts: named,
        contactIds: ids,
      },
    });
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
  {
    timeoutMs: 120_000,
    afterCommit: (result, ctx, opts) => analyzeContactsAfterBulkWrite(ctx, result.count, opts),
  },
);
