import "server-only";
// A loop's document slots beyond those its template gave it: add one ("HOA documents", required or not), or remove
// one nothing is filed in. Entries are about the loop (its slots have no page of their own), naming the slot.
import { recordAudit } from "@/lib/audit/record";
import { AppError } from "@/lib/errors";
import { tenantService } from "@/lib/service";
import { addSlotSchema, removeSlotSchema } from "../schemas";
import { slotNotFound } from "../queries/documents";

export const addSlot = tenantService(addSlotSchema, async (tx, input, ctx) => {
  const organizationId = ctx.organization.id;
  const loop = await tx.transactionLoop.findFirst({
    where: { id: input.loopId, organizationId },
    select: { id: true, propertyAddress: true },
  });
  if (!loop) throw new AppError("NOT_FOUND", "We couldn't find that transaction.");
  const { _max } = await tx.loopDocumentSlot.aggregate({
    where: { organizationId, loopId: loop.id },
    _max: { sortOrder: true },
  });
  const slot = await tx.loopDocumentSlot.create({
    data: {
      organizationId,
      loopId: loop.id,
      title: input.title,
      required: input.required,
      sortOrder: (_max.sortOrder ?? -1) + 1,
    },
    select: { id: true, title: true, required: true },
  });
  await recordAudit(tx, ctx, {
    action: "slot.added",
    entityType: "transaction_loop",
    entityId: loop.id,
    newValues: { propertyAddress: loop.propertyAddress, slot: slot.title, required: slot.required },
  });
  return slot;
});

export const removeSlot = tenantService(removeSlotSchema, async (tx, input, ctx) => {
  const slot = await tx.loopDocumentSlot.findFirst({
    where: { id: input.slotId, organizationId: ctx.organization.id },
    select: {
      id: true,
      loopId: true,
      title: true,
      required: true,
      loop: { select: { propertyAddress: true } },
      _count: { select: { documents: { where: { deletedAt: null } } } },
    },
  });
  if (!slot) throw slotNotFound();
  if (slot._count.documents > 0) {
    throw new AppError(
      "CONFLICT",
      `Documents are filed in “${slot.title}”. Move them to another slot or out of it first.`,
    );
  }
  await tx.loopDocumentSlot.delete({ where: { id: slot.id }, select: { id: true } });
  await recordAudit(tx, ctx, {
    action: "slot.removed",
    entityType: "transaction_loop",
    entityId: slot.loopId,
    oldValues: { propertyAddress: slot.loop.propertyAddress, slot: slot.title, required: slot.required },
  });
  return { removed: true, loopId: slot.loopId };
});
