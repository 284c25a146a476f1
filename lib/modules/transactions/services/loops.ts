import "server-only";
// Writes to transaction loops: created atomically from their type's checklist template with their audit entry,
// edited, moved through the status table (schemas.ts; closing also needs the compliance review done), and deleted.
// Everything runs in the caller's tenant transaction and filters by organization as well (RLS is the backstop).
// Reads are in ../queries/loops.ts.
import { auditChanges, recordAudit, recordAuditMany } from "@/lib/audit/record";
import type { AuthContext } from "@/lib/auth/authorize";
import { databaseHint } from "@/lib/database/errors";
import type { TenantTx } from "@/lib/database/tenant";
import { AppError } from "@/lib/errors";
import {
  closingRefusedMessage,
  removeDocumentObjects,
  unapprovedRequiredSlots,
} from "@/lib/modules/documents";
import { loopBase } from "../queries/loops";
import {
  canTransition,
  changeLoopStatusSchema,
  createLoopSchema,
  deleteLoopSchema,
  LOOP_STATUS_LABELS,
  updateLoopSchema,
  type LoopStatus,
} from "../schemas";
import { CREATOR_ROLES, planChecklist } from "../checklist";
import { TEMPLATE_ITEM_ORDER, TEMPLATE_ITEM_SELECT, toTemplateItemView } from "../queries/templates";
import { movedTasksEntry, setStandardKeyDate } from "./key-dates";
import { fromDateOnly, lockLoop } from "./shared";
import type { z } from "zod";
import { tenantService } from "@/lib/service";

/**
 * Creates the loop from its type's checklist template in one transaction: the creator as the loop's agent
 * (CREATOR_ROLES), its key dates (closing from the expected closing), the template's tasks due relative to them and
 * its document slots, and one loop.created entry. The loop keeps a copy: editing the template later changes nothing
 * here.
 */
export const createLoop = tenantService(createLoopSchema, (tx, input, ctx) => insertLoop(tx, ctx, input));

/**
 * createLoop's work. `fromDeal` (a locked deal without a loop) also points the deal at the new loop in the same
 * statement, with its deal.loop_started entry beside loop.created.
 */
export async function insertLoop(
  tx: TenantTx,
  ctx: AuthContext,
  input: z.output<typeof createLoopSchema>,
  fromDeal?: { id: string; title: string },
): Promise<{ id: string }> {
  const organizationId = ctx.organization.id;
  const template = await tx.checklistTemplate.findFirst({
    where: { organizationId, transactionType: input.transactionType },
    select: { items: { select: TEMPLATE_ITEM_SELECT, orderBy: [...TEMPLATE_ITEM_ORDER] } },
  });
  const roles = CREATOR_ROLES[input.transactionType];
  const checklist = planChecklist((template?.items ?? []).map(toTemplateItemView), {
    dates: { CLOSING: input.expectedClosing },
    people: Object.fromEntries(roles.map((role) => [role, ctx.user.id])),
  });
  // The loop and everything its checklist puts in it, in one statement: each insert reads the new loop's id from
  // the first, so a cut or a refusal anywhere leaves nothing (the foreign keys are checked once all rows exist).
  const [loop] = await tx.$queryRaw<Array<{ id: string }>>`
    with loop as (
      insert into public.transaction_loops
        (organization_id, property_address, transaction_type, listing_price, expected_closing, created_by)
      values (${organizationId}::uuid, ${input.propertyAddress}, ${input.transactionType}::public.transaction_type,
              ${input.listingPrice}::numeric, ${input.expectedClosing}::date, ${ctx.user.id}::uuid)
      returning organization_id, id
    ), participants as (
      insert into public.loop_participants (organization_id, loop_id, role, user_id, created_by)
      select loop.organization_id, loop.id, r.role::public.participant_role, ${ctx.user.id}::uuid, ${ctx.user.id}::uuid
        from loop, unnest(${[...roles]}::text[]) as r(role)
    ), key_dates as (
      insert into public.loop_key_dates (organization_id, loop_id, kind, date)
      select loop.organization_id, loop.id, k.kind::public.key_date_kind, k.date
        from loop, jsonb_to_recordset(${JSON.stringify(checklist.keyDates)}::jsonb) as k(kind text, date date)
    ), tasks as (
      insert into public.transaction_tasks
        (organization_id, loop_id, title, category, sort_order, key_date_kind, due_offset_days, due_date, assignee_id)
      select loop.organization_id, loop.id, t.title, t.category::public.task_category, t."sortOrder",
             t."keyDateKind"::public.key_date_kind, t."dueOffsetDays", t."dueDate", t."assigneeId"
        from loop, jsonb_to_recordset(${JSON.stringify(checklist.tasks)}::jsonb) as t(
               title text, category text, "sortOrder" int, "keyDateKind" text, "dueOffsetDays" int, "dueDate" date,
               "assigneeId" uuid)
    ), slots as (
      insert into public.loop_document_slots (organization_id, loop_id, title, required, sort_order)
      select loop.organization_id, loop.id, s.title, s.required, s."sortOrder"
        from loop, jsonb_to_recordset(${JSON.stringify(checklist.slots)}::jsonb) as s(
               title text, required boolean, "sortOrder" int)
    ), deal as (
      update public.deals d
         set loop_id = loop.id, version = d.version + 1
        from loop
       where d.id = ${fromDeal?.id ?? null}::uuid and d.organization_id = loop.organization_id
    )
    select id::text as id from loop`;
  await recordAuditMany(tx, ctx, [
    {
      action: "loop.created",
      entityType: "transaction_loop",
      entityId: loop!.id,
      newValues: {
        propertyAddress: input.propertyAddress,
        transactionType: input.transactionType,
        listingPrice: input.listingPrice,
        expectedClosing: input.expectedClosing,
        roles: [...roles],
        tasks: checklist.tasks.length,
        slots: checklist.slots.length,
      },
    },
    ...(fromDeal
      ? [
          {
            action: "deal.loop_started",
            entityType: "deal",
            entityId: fromDeal.id,
            newValues: { title: fromDeal.title, loopId: loop!.id, propertyAddress: input.propertyAddress },
          },
        ]
      : []),
  ]);
  return { id: loop!.id };
}

/** Edits the loop's fields; a new expected closing is the closing key date too, and the tasks following it move. */
export const updateLoop = tenantService(updateLoopSchema, async (tx, input, ctx): Promise<{ id: string }> => {
  const organizationId = ctx.organization.id;
  const before = await lockLoop(tx, organizationId, input.loopId);
  const after = {
    propertyAddress: input.propertyAddress,
    transactionType: input.transactionType,
    listingPrice: input.listingPrice,
    expectedClosing: input.expectedClosing,
  };
  await tx.transactionLoop.update({
    where: { id: input.loopId },
    data: { ...after, expectedClosing: fromDateOnly(input.expectedClosing) },
    select: { id: true },
  });
  const { changed, oldValues, newValues } = auditChanges(loopBase(before), after, {
    keep: ["propertyAddress"],
  });
  const moved = changed.includes("expectedClosing")
    ? (await setStandardKeyDate(tx, organizationId, input.loopId, "CLOSING", { date: input.expectedClosing }))
        .moved
    : [];
  await recordAuditMany(tx, ctx, [
    { action: "loop.updated", entityType: "transaction_loop", entityId: input.loopId, oldValues, newValues },
    ...movedTasksEntry({ ...before, propertyAddress: input.propertyAddress }, "CLOSING", moved),
  ]);
  return { id: input.loopId };
});

/**
 * Where the organization asks for it (on by default), a loop closes only when every required document slot holds
 * an approved document; CONFLICT names the slots that don't. The database checks the same (private.assert_closable).
 */
async function assertClosable(tx: TenantTx, organizationId: string, loopId: string): Promise<void> {
  const org = await tx.organization.findUniqueOrThrow({
    where: { id: organizationId },
    select: { requireApprovalToClose: true },
  });
  if (!org.requireApprovalToClose) return;
  const notApproved = await unapprovedRequiredSlots(tx, organizationId, loopId);
  if (notApproved.length > 0) {
    throw new AppError("CONFLICT", closingRefusedMessage(notApproved), {
      details: { reason: "compliance", notApproved },
    });
  }
}

/** The database's refusal to close (a review changed after our check) says what our check says. */
export function closingRefused(err: unknown): unknown {
  return databaseHint(err) === "compliance"
    ? new AppError("CONFLICT", closingRefusedMessage(), { details: { reason: "compliance" }, cause: err })
    : err;
}

/** Moves a loop to another status if the transition table allows it (CONFLICT otherwise). */
export const changeLoopStatus = tenantService(
  changeLoopStatusSchema,
  async (tx, input, ctx): Promise<{ id: string; status: LoopStatus }> => {
    const loop = await lockLoop(tx, ctx.organization.id, input.loopId);
    if (loop.status === input.status) return { id: loop.id, status: loop.status };
    if (!canTransition(loop.status, input.status)) {
      throw new AppError(
        "CONFLICT",
        `A ${LOOP_STATUS_LABELS[loop.status].toLowerCase()} transaction can't be moved to ${LOOP_STATUS_LABELS[input.status].toLowerCase()}.`,
        { details: { from: loop.status, to: input.status } },
      );
    }
    if (input.status === "CLOSED") await assertClosable(tx, ctx.organization.id, loop.id);
    await tx.transactionLoop.update({
      where: { id: loop.id },
      data: { status: input.status },
      select: { id: true },
    });
    await recordAudit(tx, ctx, {
      action: "loop.status_changed",
      entityType: "transaction_loop",
      entityId: loop.id,
      oldValues: { status: loop.status },
      newValues: { propertyAddress: loop.propertyAddress, status: input.status },
    });
    return { id: loop.id, status: input.status };
  },
  { mapError: closingRefused },
);

/**
 * Deletes the loop with its tasks and documents. Deleting the document rows destroys their wrapped data keys
 * (crypto-shredding) in the same transaction; the ciphertext objects are removed afterwards — if that fails,
 * what remains is undecryptable.
 */
export const deleteLoop = tenantService(
  deleteLoopSchema,
  async (tx, input, ctx): Promise<{ deleted: true; storagePaths: string[] }> => {
    const organizationId = ctx.organization.id;
    const loop = await lockLoop(tx, organizationId, input.loopId);
    const { _count, documents } = await tx.transactionLoop.findFirstOrThrow({
      where: { id: input.loopId, organizationId },
      select: {
        _count: { select: { tasks: true } },
        documents: { select: { storagePath: true, deletedAt: true } },
      },
    });
    await tx.transactionLoop.delete({ where: { id: input.loopId }, select: { id: true } });
    await recordAudit(tx, ctx, {
      action: "loop.deleted",
      entityType: "transaction_loop",
      entityId: input.loopId,
      oldValues: {
        propertyAddress: loop.propertyAddress,
        status: loop.status,
        tasks: _count.tasks,
        documents: documents.filter((d) => !d.deletedAt).length,
      },
    });
    return { deleted: true, storagePaths: documents.map((d) => d.storagePath) };
  },
  {
    // Once the rows are gone: their ciphertext (an object left by a failure here is the sweeper's).
    afterCommit: async ({ storagePaths }) => {
      const error = await removeDocumentObjects(storagePaths);
      if (error)
        console.warn(
          `[transactions] loop deleted; ${storagePaths.length} ciphertext objects not removed: ${error.message}`,
        );
    },
  },
);
