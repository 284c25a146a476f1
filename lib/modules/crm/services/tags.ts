import "server-only";
// Tags on contacts: typed while tagging (a name the organization hasn't used yet becomes a tag on the spot, one per
// name case-insensitively), removed from one contact, or put on a whole selection of the contacts list in one
// transaction with one grouped audit entry, like bulk assign.
import { recordAudit } from "@/lib/audit/record";
import type { AuthContext } from "@/lib/auth/authorize";
import type { TenantTx } from "@/lib/database/tenant";
import { AppError } from "@/lib/errors";
import { tenantService } from "@/lib/service";
import { bulkTagSchema, tagContactSchema, untagContactSchema, type TagOption } from "../schemas";
import { lockSelection, namedInEntry } from "./bulk-assign";

/** The organization's tag with this name (any case), created if there is none. */
async function ensureTag(
  tx: TenantTx,
  ctx: AuthContext,
  name: string,
): Promise<TagOption & { created: boolean }> {
  const orgId = ctx.organization.id;
  const created = await tx.$queryRaw<TagOption[]>`
    insert into public.tags (organization_id, name, created_by)
    values (${orgId}::uuid, ${name}, ${ctx.user.id}::uuid)
    on conflict (organization_id, lower(name)) do nothing
    returning id, name`;
  if (created[0]) return { ...created[0], created: true };
  const existing = await tx.$queryRaw<TagOption[]>`
    select id, name from public.tags where organization_id = ${orgId}::uuid and lower(name) = lower(${name})`;
  if (!existing[0]) throw new AppError("CONFLICT", "That tag was just removed. Please try again.");
  return { ...existing[0], created: false };
}

export const tagContact = tenantService(tagContactSchema, async (tx, input, ctx) => {
  const orgId = ctx.organization.id;
  const contact = await tx.contact.findFirst({
    where: { id: input.contactId, organizationId: orgId },
    select: { id: true, name: true },
  });
  if (!contact) throw new AppError("NOT_FOUND", "That contact doesn't exist (it may have been deleted).");
  const tag = await ensureTag(tx, ctx, input.name);
  const added = await tx.$executeRaw`
    insert into public.contact_tags (organization_id, contact_id, tag_id, created_by)
    values (${orgId}::uuid, ${contact.id}::uuid, ${tag.id}::uuid, ${ctx.user.id}::uuid)
    on conflict do nothing`;
  if (added === 1)
    await recordAudit(tx, ctx, {
      action: "contact.tagged",
      entityType: "contact",
      entityId: contact.id,
      newValues: { name: contact.name, tagId: tag.id, tag: tag.name, newTag: tag.created },
    });
  return { tag: { id: tag.id, name: tag.name }, added: added === 1 };
});

export const untagContact = tenantService(untagContactSchema, async (tx, input, ctx) => {
  const orgId = ctx.organization.id;
  const rows = await tx.$queryRaw<Array<{ contact: string; tag: string }>>`
    delete from public.contact_tags ct
     using public.contacts c, public.tags t
     where ct.organization_id = ${orgId}::uuid and ct.contact_id = ${input.contactId}::uuid
       and ct.tag_id = ${input.tagId}::uuid and c.id = ct.contact_id and t.id = ct.tag_id
    returning c.name as contact, t.name as tag`;
  const row = rows[0];
  if (!row) throw new AppError("NOT_FOUND", "That contact doesn't have this tag (any more).");
  await recordAudit(tx, ctx, {
    action: "contact.untagged",
    entityType: "contact",
    entityId: input.contactId,
    oldValues: { name: row.contact, tagId: input.tagId, tag: row.tag },
  });
  return { removed: true };
});

export const bulkTagContacts = tenantService(
  bulkTagSchema,
  async (tx, input, ctx): Promise<{ count: number; tag: TagOption }> => {
    const orgId = ctx.organization.id;
    const targets = await lockSelection(tx, ctx, input.selection);
    const tag = await ensureTag(tx, ctx, input.name);
    if (targets.length === 0) return { count: 0, tag: { id: tag.id, name: tag.name } };
    const ids = targets.map((t) => t.id);
    const added = await tx.$queryRaw<Array<{ contact_id: string }>>`
      insert into public.contact_tags (organization_id, contact_id, tag_id, created_by)
      select ${orgId}::uuid, id, ${tag.id}::uuid, ${ctx.user.id}::uuid from unnest(${ids}::uuid[]) as id
      on conflict do nothing
      returning contact_id`;
    const addedIds = added.map((r) => r.contact_id);
    if (addedIds.length > 0)
      await recordAudit(tx, ctx, {
        action: "contact.bulk_tagged",
        entityType: "contact_tagging",
        entityId: null,
        newValues: {
          tagId: tag.id,
          tag: tag.name,
          newTag: tag.created,
          count: addedIds.length,
          alreadyTagged: ids.length - addedIds.length,
          contacts: await namedInEntry(tx, orgId, addedIds),
          contactIds: addedIds,
        },
      });
    return { count: addedIds.length, tag: { id: tag.id, name: tag.name } };
  },
  { timeoutMs: 120_000 },
);
