import "server-only";
// Bulk assign: the assignee must be an accepted member who can work; then one statement locks every target contact
// inside the caller's organization and updates them (only when the selection is whole), then one grouped audit entry
// naming the assignee and the contacts, all in one transaction — all change or none do — and one notification for
// the new assignee. The selection is either explicit ids (ticked rows, up to BULK_ASSIGN_MAX) or "all matching this
// filter", which the server resolves itself inside the transaction so the browser never has to ship 10,000 ids and
// the set can't drift between pages.
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

/** A contact the grouped entry names (a type, not an interface, so it is JSON an entry can hold). */
type Named = { id: string; name: string };

/**
 * The statement that selects the contacts a bulk action applies to, locked in id order inside the caller's
 * organization: the ticked ids (all must exist, or nothing changes) or every contact matching the list's filter (at
 * most BULK_ASSIGN_MAX; one more is read to tell when there are too many). `fits` is how many it may find.
 */
function selectionQuery(ctx: AuthContext, selection: BulkAssignSelection) {
  const orgId = ctx.organization.id;
  if (selection.kind === "ids") {
    const ids = [...new Set(selection.ids.map((id) => id.toLowerCase()))];
    return {
      sql: Prisma.sql`
    select id, assigned_to from public.contacts
     where organization_id = ${orgId}::uuid and id = any(${ids}::uuid[])
     order by id
       for update`,
      fits: { least: ids.length, most: ids.length },
    };
  }
  const conds = contactFilterConditions(ctx, selection.filter);
  return {
    sql: Prisma.sql`
    select c.id, c.assigned_to from public.contacts c
     where ${Prisma.join(conds, " and ")}
     order by c.id
     limit ${BULK_ASSIGN_MAX + 1}
       for update`,
    fits: { least: 0, most: BULK_ASSIGN_MAX },
  };
}

/** Refuses a selection that found fewer contacts than were ticked, or more than a bulk action may change. */
function checkSelection(found: number, fits: { least: number; most: number }) {
  if (found < fits.least) {
    const missing = fits.least - found;
    throw new AppError(
      "NOT_FOUND",
      `${missing === 1 ? "One of the selected contacts doesn't" : `${missing} of the selected contacts don't`} exist in this organization (deleted, or never here). Nothing was changed.`,
      { details: { missing } },
    );
  }
  if (found > fits.most) {
    throw new AppError(
      "VALIDATION",
      `More than ${BULK_ASSIGN_MAX.toLocaleString("en-US")} contacts match. Narrow the filter and assign them in parts.`,
      { details: { max: BULK_ASSIGN_MAX } },
    );
  }
}

/** The contacts a bulk action applies to, locked in id order (see selectionQuery); refused as checkSelection says. */
export async function lockSelection(
  tx: TenantTx,
  ctx: AuthContext,
  selection: BulkAssignSelection,
): Promise<Target[]> {
  const { sql, fits } = selectionQuery(ctx, selection);
  const targets = await tx.$queryRaw<Target[]>(sql);
  checkSelection(targets.length, fits);
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
    const assignee = await assertAssignee(tx, orgId, input.assigneeId, "assigneeId");
    // The selection, locked, and the update of exactly those rows in one statement: the update writes only when the
    // selection fits (so a refused one changes nothing), and returns the names the grouped entry shows.
    const { sql, fits } = selectionQuery(ctx, input.selection);
    const [done] = await tx.$queryRaw<Array<{ targets: Target[]; updated: number; named: Named[] }>>`
    with locked as materialized (${sql}),
    updated as (
      update public.contacts c
         set assigned_to = ${input.assigneeId}::uuid, version = c.version + 1
        from locked
       where c.id = locked.id and c.organization_id = ${orgId}::uuid
         and (select count(*) from locked) between ${fits.least}::int and ${fits.most}::int
      returning c.id, c.name
    )
    select coalesce((select json_agg(json_build_object('id', id, 'assigned_to', assigned_to) order by id)
                       from locked), '[]') as targets,
           (select count(*)::int from updated) as updated,
           coalesce((select json_agg(json_build_object('id', id, 'name', name) order by name, id)
                       from (select id, name from updated order by name, id limit ${NAMED_IN_ENTRY}) n), '[]') as named`;
    const targets = done!.targets;
    checkSelection(targets.length, fits);
    if (targets.length === 0) return { count: 0 };
    const ids = targets.map((t) => t.id);
    // The rows are locked, so this only differs if something is badly wrong; never commit a partial change.
    if (done!.updated !== ids.length)
      throw new AppError(
        "CONFLICT",
        "Some contacts changed while assigning. Nothing was changed; please try again.",
      );
    // One grouped entry for the batch, written like the CSV import's: the feed and the audit log show "assigned
    // 98 contacts to Sam: Amelia Brown, Zoe Haddad, … and 95 more" instead of 98 identical lines, one Realtime
    // event reaches the dashboards, and the entry keeps every id with its previous assignee so nothing is lost.
    const named = done!.named;
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
    return { count: ids.length };
  },
  {
    timeoutMs: 120_000,
    afterCommit: (result, ctx, opts) => analyzeContactsAfterBulkWrite(ctx, result.count, opts),
  },
);
