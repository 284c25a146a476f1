import "server-only";
// Deal mutations inside the caller's tenant transaction, each with its audit entry. A deal's contact and
// assignee must belong to the caller's organization (an id from elsewhere behaves as not found).
import { auditChanges, recordAudit } from "@/lib/audit/record";
import type { TenantTx } from "@/lib/database/tenant";
import { AppError } from "@/lib/errors";
import {
  createDealSchema,
  deleteDealSchema,
  moveDealStageSchema,
  updateDealSchema,
  type DealFields,
} from "../schemas";
import { assertAssignee } from "@/lib/modules/organizations";
import { tenantService } from "@/lib/service";

const DEAL_NOT_FOUND = "That deal doesn't exist (it may have been deleted).";

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

function dealData(input: DealFields) {
  return {
    title: input.title,
    value: input.value.toFixed(2),
    stage: input.stage,
    expectedClose: input.expectedClose ? new Date(`${input.expectedClose}T00:00:00Z`) : null,
    contactId: input.contactId,
    assignedTo: input.assignedTo,
  };
}

const auditable = (d: ReturnType<typeof dealData>) => ({
  title: d.title,
  value: d.value,
  stage: d.stage,
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
    data: { ...data, organizationId: orgId, createdBy: ctx.user.id },
    select: { id: true, title: true },
  });
  await recordAudit(tx, ctx, {
    action: "deal.created",
    entityType: "deal",
    entityId: deal.id,
    newValues: auditable(data),
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
      stage: true,
      expectedClose: true,
      contactId: true,
      assignedTo: true,
    },
  });
  if (!current) throw new AppError("NOT_FOUND", DEAL_NOT_FOUND);
  if (current.contactId !== input.contactId) await assertContact(tx, orgId, input.contactId);
  if (current.assignedTo !== input.assignedTo) await assertAssignee(tx, orgId, input.assignedTo);
  const data = dealData(input);
  const res = await tx.deal.updateMany({ where: { id: input.id, organizationId: orgId }, data });
  if (res.count !== 1) throw new AppError("NOT_FOUND", DEAL_NOT_FOUND);
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
  return { id: input.id, title: input.title };
});

export const moveDealStage = tenantService(moveDealStageSchema, async (tx, input, ctx) => {
  const orgId = ctx.organization.id;
  const current = await tx.deal.findFirst({
    where: { id: input.id, organizationId: orgId },
    select: { stage: true, title: true },
  });
  if (!current) throw new AppError("NOT_FOUND", DEAL_NOT_FOUND);
  if (current.stage === input.stage) return { id: input.id, title: current.title, stage: input.stage };
  await tx.deal.updateMany({
    where: { id: input.id, organizationId: orgId },
    data: { stage: input.stage },
  });
  await recordAudit(tx, ctx, {
    action: "deal.stage_changed",
    entityType: "deal",
    entityId: input.id,
    oldValues: { stage: current.stage },
    newValues: { title: current.title, stage: input.stage },
  });
  return { id: input.id, title: current.title, stage: input.stage };
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
