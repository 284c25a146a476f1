import "server-only";
// "Not a duplicate": the pair is remembered (once, smaller id first) so the duplicates page stops offering it.
import { recordAudit } from "@/lib/audit/record";
import { AppError } from "@/lib/errors";
import { tenantService } from "@/lib/service";
import { dismissDuplicateSchema } from "../schemas";

export const dismissDuplicate = tenantService(dismissDuplicateSchema, async (tx, input, ctx) => {
  const orgId = ctx.organization.id;
  const [a, b] = [input.a.toLowerCase(), input.b.toLowerCase()].sort() as [string, string];
  const pair = await tx.contact.findMany({
    where: { organizationId: orgId, id: { in: [a, b] } },
    select: { id: true, name: true },
  });
  if (pair.length !== 2)
    throw new AppError("NOT_FOUND", "One of these contacts no longer exists (deleted or merged).");
  const added = await tx.$executeRaw`
    insert into public.contact_duplicate_dismissals (organization_id, contact_a, contact_b, dismissed_by)
    values (${orgId}::uuid, ${a}::uuid, ${b}::uuid, ${ctx.user.id}::uuid)
    on conflict do nothing`;
  if (added === 1)
    await recordAudit(tx, ctx, {
      action: "contact.duplicate_dismissed",
      entityType: "contact",
      entityId: a,
      newValues: {
        name: pair.find((c) => c.id === a)!.name,
        otherId: b,
        otherName: pair.find((c) => c.id === b)!.name,
      },
    });
  return { dismissed: true };
});
