import "server-only";
// Merging two contacts into one, in ONE transaction: both are locked (a contact the caller may not edit can't be
// locked under RLS), the versions the user compared must still be current, then private.merge_contacts() moves
// every row that references the removed contact — deals, loop participations, tags, and whatever table references
// contacts later — to the kept one and deletes the removed one (docs/decisions/0022-*), the kept contact takes
// the values the user picked per field, and one audit entry names both contacts, the fields taken from the removed
// one and what moved. Any failure leaves both contacts exactly as they were.
import { auditValues, recordAudit } from "@/lib/audit/record";
import { AppError } from "@/lib/errors";
import { assertAssignee } from "@/lib/modules/organizations";
import { tenantService } from "@/lib/service";
import { CONTACT_FIELDS, mergeContactsSchema, type MergeField } from "../schemas";
import { CONTACT_FIELDS_SELECT } from "./contacts";

export const MERGE_GONE_MESSAGE =
  "One of these contacts no longer exists (deleted, already merged, or not in this organization). Nothing was changed.";
export const MERGE_STALE_MESSAGE =
  "One of these contacts changed while you were comparing them. Reload to see the latest values, then merge again.";

export type MergeMoved = Record<string, { moved: number; dropped: number }>;

export const mergeContacts = tenantService(mergeContactsSchema, async (tx, input, ctx) => {
  const orgId = ctx.organization.id;
  const keepId = input.keepId.toLowerCase();
  const removeId = input.removeId.toLowerCase();
  // Locked in id order (two merges of the same pair can't deadlock); FOR UPDATE needs the right to edit both.
  const locked = await tx.$queryRaw<Array<{ id: string }>>`
    select id from public.contacts
     where organization_id = ${orgId}::uuid and id in (${keepId}::uuid, ${removeId}::uuid)
     order by id
       for update`;
  if (locked.length !== 2) throw new AppError("NOT_FOUND", MERGE_GONE_MESSAGE);
  const both = await tx.contact.findMany({
    where: { organizationId: orgId, id: { in: [keepId, removeId] } },
    select: CONTACT_FIELDS_SELECT,
  });
  const keep = both.find((c) => c.id === keepId)!;
  const remove = both.find((c) => c.id === removeId)!;
  if (keep.version !== input.keepVersion || remove.version !== input.removeVersion)
    throw new AppError("CONFLICT", MERGE_STALE_MESSAGE, { details: { reason: "stale_version" } });

  const fromRemoved: MergeField[] = CONTACT_FIELDS.filter((f) => input.fields[f] === "remove");
  const values = Object.fromEntries(
    CONTACT_FIELDS.map((f) => [f, (fromRemoved.includes(f) ? remove : keep)[f]]),
  ) as Pick<typeof keep, MergeField>;
  if (values.assignedTo !== keep.assignedTo) await assertAssignee(tx, orgId, values.assignedTo);

  const [{ moved }] = (await tx.$queryRaw<Array<{ moved: MergeMoved }>>`
    select private.merge_contacts(${orgId}::uuid, ${keepId}::uuid, ${removeId}::uuid) as moved`) as [
    { moved: MergeMoved },
  ];
  // The removed contact is gone, so its email is free for the kept one.
  const res = await tx.contact.updateMany({
    where: { id: keepId, organizationId: orgId, version: keep.version },
    data: { ...values, version: { increment: 1 } },
  });
  if (res.count !== 1) throw new AppError("CONFLICT", MERGE_STALE_MESSAGE);
  const { id: _k, version: _kv, ...keptBefore } = keep;
  const { version: _rv, ...removed } = remove;
  await recordAudit(tx, ctx, {
    action: "contact.merged",
    entityType: "contact",
    entityId: keepId,
    oldValues: { kept: auditValues(keptBefore), removed: auditValues(removed) },
    newValues: {
      name: values.name,
      removedId: removeId,
      removedName: remove.name,
      fieldsFromRemoved: fromRemoved,
      values: auditValues(values),
      moved,
    },
  });
  return { id: keepId, name: values.name, version: keep.version + 1, moved };
});
