import "server-only";
// Deal mutations inside the caller's tenant transaction, each with its audit entry. A deal's contact and
// assignee must belong to the caller's organization (an id from elsewhere behaves as not found).
import { auditChanges, recordAudit } from "@/lib/audit/record";
import type { TenantTx } from "@/lib/database/tenant";
import { AppError } from "@/lib/errors";
import {
  addDealNoteSchema,
  createDealSchema,
  deleteDealSchema,
  moveDealStageSchema,
  updateDealSchema,
  type DealFields,
} from "../schemas";
import { assertAssignee } from "@/lib/modules/organizations";
import { tenantService } from "@/lib/service";

const DEAL_NOT_FOUND = "That deal doesn't exist (it may have been deleted).";
const STALE_DEAL =
  "Someone changed this deal since you opened it. Reload to see their change, then try again.";

const stale = (currentVersion?: number) =>
  new AppError("CONFLICT", STALE_DEAL, { details: { reason: "stale_version", currentVersion } });

async function assertContact(tx: TenantTx, organizationId: string, contactId: string) {
  const contact = await tx.contact.findFirst({
    where: { id: contactId, organizationId },
    select: { id: true },
  });
  if (!contact) {
    throw new AppError("NOT_FOUND", "That contact doesn't exist in this organization.", {
      fieldErrors: { contactId: ["Choose one of your organization's contacts"] },
    });
  }
}

function dealData(input: Omit<DealFields, "stage">) {
  return {
    title: input.title,
    value: input.value.toFixed(2),
    expectedClose: input.expectedClose ? new Date(`${input.expectedClose}T00:00:00Z`) : null,
    contactId: input.contactId,
    assignedTo: input.assignedTo,
  };
}

const auditable = (d: ReturnType<typeof dealData>) => ({
  title: d.title,
  value: d.value,
  expectedClose: d.expectedClose?.toISOString().slice(0, 10) ?? null,
  contactId: d.contactId,
  assignedTo: d.assignedTo,
});

export const createDeal = tenantService(createDealSchema, async (tx, input, ctx) => {
  const orgId = ctx.organization.id;
  await assertContact(tx, orgId, input.contactId);
  await assertAssignee(tx, orgId, input.assignedTo);
  const data = dealData(input);
  const deal = await tx.deal.create({
    data: { ...data, stage: input.stage, organizationId: orgId, createdBy: ctx.user.id },
    select: { id: true, title: true },
  });
  await recordAudit(tx, ctx, {
    action: "deal.created",
    entityType: "deal",
    entityId: deal.id,
    newValues: { ...auditable(data), stage: input.stage },
  });
  return deal;
});

export const updateDeal = tenantService(updateDealSchema, async (tx, input, ctx) => {
  const orgId = ctx.organization.id;
  const current = await tx.deal.findFirst({
    where: { id: input.id, organizationId: orgId },
    select: {
      title: true,
      value: true,
      expectedClose: true,
      contactId: true,
      assignedTo: true,
      version: true,
    },
  });
  if (!current) throw new AppError("NOT_FOUND", DEAL_NOT_FOUND);
  if (current.version !== input.version) throw stale(current.version);
  if (current.contactId !== input.contactId) await assertContact(tx, orgId, input.contactId);
  if (current.assignedTo !== input.assignedTo) await assertAssignee(tx, orgId, input.assignedTo);
  const data = dealData(input);
  // The version check is in the WHERE too: a teammate's write between our read and this one matches nothing.
  const res = await tx.deal.updateMany({
    where: { id: input.id, organizationId: orgId, version: input.version },
    data: { ...data, version: { increment: 1 } },
  });
  if (res.count !== 1) throw stale();
  const { oldValues, newValues } = auditChanges(
    auditable({ ...current, value: current.value.toFixed(2) }),
    auditable(data),
    { keep: ["title"] },
  );
  await recordAudit(tx, ctx, {
    action: "deal.updated",
    entityType: "deal",
    entityId: input.id,
    oldValues,
    newValues,
  });
  return { id: input.id, title: input.title, version: input.version + 1 };
});

/**
 * Moves a deal to another stage. Lost needs a reason; Won may carry the value and the day it closed at. The entry
 * keeps the stage before and after (the deal page's stage history reads these entries) and the closing details.
 */
export const moveDealStage = tenantService(moveDealStageSchema, async (tx, input, ctx) => {
  const orgId = ctx.organization.id;
  const current = await tx.deal.findFirst({
    where: { id: input.id, organizationId: orgId },
    select: { stage: true, title: true, version: true, value: true },
  });
  if (!current) throw new AppError("NOT_FOUND", DEAL_NOT_FOUND);
  if (current.version !== input.version) throw stale(current.version);
  const won = input.stage === "CLOSED_WON";
  const lost = input.stage === "CLOSED_LOST";
  if (current.stage === input.stage && !won && !lost) {
    return { id: input.id, title: current.title, stage: input.stage, version: current.version };
  }
  const value = won && input.closedValue !== undefined ? input.closedValue.toFixed(2) : undefined;
  const closedAt = won && input.closedOn ? new Date(`${input.closedOn}T12:00:00Z`) : undefined;
  const res = await tx.deal.updateMany({
    where: { id: input.id, organizationId: orgId, version: input.version },
    data: {
      stage: input.stage,
      version: { increment: 1 },
      lostReason: lost ? input.lostReason : null,
      ...(value !== undefined && { value }),
      ...(closedAt && { closedAt }),
    },
  });
  if (res.count !== 1) throw stale();
  await recordAudit(tx, ctx, {
    action: "deal.stage_changed",
    entityType: "deal",
    entityId: input.id,
    oldValues: { stage: current.stage, ...(value !== undefined && { value: current.value.toFixed(2) }) },
    newValues: {
      title: current.title,
      stage: input.stage,
      ...(lost && { reason: input.lostReason }),
      ...(value !== undefined && { value }),
      ...(closedAt && { closedOn: input.closedOn }),
    },
  });
  return { id: input.id, title: current.title, stage: input.stage, version: current.version + 1 };
});

/** A note on a deal, by the caller, with its audit entry (the entry names the deal; the note is on the page). */
export const addDealNote = tenantService(addDealNoteSchema, async (tx, input, ctx) => {
  const orgId = ctx.organization.id;
  const deal = await tx.deal.findFirst({
    where: { id: input.dealId, organizationId: orgId },
    select: { title: true },
  });
  if (!deal) throw new AppError("NOT_FOUND", DEAL_NOT_FOUND);
  const note = await tx.dealNote.create({
    data: { organizationId: orgId, dealId: input.dealId, body: input.body, createdBy: ctx.user.id },
    select: { id: true },
  });
  await recordAudit(tx, ctx, {
    action: "deal.note_added",
    entityType: "deal",
    entityId: input.dealId,
    newValues: { title: deal.title, noteId: note.id },
  });
  return { id: note.id };
});

export const deleteDeal = tenantService(deleteDealSchema, async (tx, input, ctx) => {
  const orgId = ctx.organization.id;
  const current = await tx.deal.findFirst({
    where: { id: input.id, organizationId: orgId },
    select: { title: true, value: true, stage: true, contactId: true },
  });
  if (!current) throw new AppError("NOT_FOUND", DEAL_NOT_FOUND);
  await tx.deal.deleteMany({ where: { id: input.id, organizationId: orgId } });
  await recordAudit(tx, ctx, {
    action: "deal.deleted",
    entityType: "deal",
    entityId: input.id,
    oldValues: {
      title: current.title,
      value: current.value.toFixed(2),
      stage: current.stage,
      contactId: current.contactId,
    },
  });
  return { id: input.id, title: current.title };
});
