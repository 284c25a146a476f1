import "server-only";
// Compliance review of a loop's documents. An agent files documents in the checklist's slots and submits the loop:
// every filed, unsubmitted document goes to review (PENDING) and the reviewers are told. A reviewer approves a
// document or returns it with a note, and its uploader and the loop's teammates are told. Each document's change
// commits with its audit entry (the database refuses a document change without one) and its notifications. Only a
// reviewer approves or returns, stamped as themself — the database holds that too (private.guard_document_change).
import { recordAudit, recordAuditMany } from "@/lib/audit/record";
import type { AuthContext } from "@/lib/auth/authorize";
import { ORG_ROLE_PERMISSIONS } from "@/lib/auth/permissions";
import type { OrgRole } from "@/lib/database/generated/prisma/enums";
import type { TenantTx } from "@/lib/database/tenant";
import { AppError } from "@/lib/errors";
import { notify } from "@/lib/modules/notifications";
import { tenantService } from "@/lib/service";
import { isUuid } from "@/lib/validation";
import { documentNotFound, slotNotFound } from "../queries/documents";
import {
  approveDocumentSchema,
  fileDocumentSchema,
  returnDocumentSchema,
  submitForReviewSchema,
  type ReviewStatus,
} from "../schemas";

const loopNotFound = () => new AppError("NOT_FOUND", "We couldn't find that transaction.");

const loopLink = (ctx: AuthContext, loopId: string) => `/${ctx.organization.slug}/transactions/${loopId}`;

/** A live document of this organization with what its review needs (NOT_FOUND otherwise). */
async function findDocument(tx: TenantTx, ctx: AuthContext, documentId: string) {
  if (!isUuid(documentId)) throw documentNotFound();
  const doc = await tx.transactionDocument.findFirst({
    where: { id: documentId, organizationId: ctx.organization.id, deletedAt: null },
    select: {
      id: true,
      loopId: true,
      fileName: true,
      slotId: true,
      reviewStatus: true,
      uploadedBy: true,
      slot: { select: { title: true } },
    },
  });
  if (!doc) throw documentNotFound();
  return doc;
}

/** Files a document in one of its loop's slots, or takes it out (slotId null). Its review starts over. */
export const fileDocument = tenantService(fileDocumentSchema, async (tx, input, ctx) => {
  const doc = await findDocument(tx, ctx, input.documentId);
  if (doc.slotId === input.slotId) return { id: doc.id, slotId: doc.slotId };
  const slot = input.slotId
    ? await tx.loopDocumentSlot.findFirst({
        where: { id: input.slotId, organizationId: ctx.organization.id, loopId: doc.loopId },
        select: { title: true },
      })
    : null;
  if (input.slotId && !slot) throw slotNotFound();
  await tx.transactionDocument.update({
    where: { id: doc.id },
    data: {
      slotId: input.slotId,
      reviewStatus: "NOT_SUBMITTED",
      reviewNote: null,
      reviewedBy: null,
      reviewedAt: null,
      submittedAt: null,
    },
    select: { id: true },
  });
  await recordAudit(tx, ctx, {
    action: "document.filed",
    entityType: "transaction_document",
    entityId: doc.id,
    oldValues: { slot: doc.slot?.title ?? null, reviewStatus: doc.reviewStatus },
    newValues: { loopId: doc.loopId, fileName: doc.fileName, slot: slot?.title ?? null },
  });
  return { id: doc.id, slotId: input.slotId };
});

/** Organization roles that review (the reviewer flag adds members one by one). */
const REVIEWER_ROLES = (Object.keys(ORG_ROLE_PERMISSIONS) as OrgRole[]).filter((r) =>
  ORG_ROLE_PERMISSIONS[r].includes("reviews:manage"),
);

/** Submits every filed document not yet reviewed for review, and tells the reviewers. */
export const submitLoopForReview = tenantService(submitForReviewSchema, async (tx, input, ctx) => {
  const organizationId = ctx.organization.id;
  // One statement: the loop, its filed documents not yet reviewed (submitted), the loop marked as asking for review
  // when there are any, and who reviews here (roles with reviews:manage, and members given the reviewer flag).
  const [loop] = await tx.$queryRaw<
    Array<{
      id: string;
      propertyAddress: string;
      docs: Array<{ id: string; fileName: string; slot: string | null }> | null;
      reviewers: string[] | null;
    }>
  >`
    with loop as (
      select l.id, l.property_address from public.transaction_loops l
       where l.id = ${input.loopId}::uuid and l.organization_id = ${organizationId}::uuid
    ), docs as (
      select d.id, d.file_name, s.title as slot, d.created_at
        from public.transaction_documents d
        left join public.loop_document_slots s on s.id = d.slot_id
       where d.organization_id = ${organizationId}::uuid and d.loop_id = (select id from loop)
         and d.deleted_at is null and d.slot_id is not null and d.review_status = 'NOT_SUBMITTED'
    ), submitted as (
      update public.transaction_documents d
         set review_status = 'PENDING', submitted_at = now()
        from docs
       where d.id = docs.id and d.organization_id = ${organizationId}::uuid
    ), requested as (
      update public.transaction_loops l
         set review_requested_at = now(), review_requested_by = ${ctx.user.id}::uuid
        from loop
       where l.id = loop.id and l.organization_id = ${organizationId}::uuid and exists (select 1 from docs)
    )
    select loop.id::text as id, loop.property_address as "propertyAddress",
           (select json_agg(json_build_object('id', docs.id, 'fileName', docs.file_name, 'slot', docs.slot)
                            order by docs.created_at) from docs) as docs,
           (select array_agg(m.user_id::text) from public.organization_members m
             where m.organization_id = ${organizationId}::uuid
               and (m.role::text = any(${REVIEWER_ROLES}::text[]) or 'reviews:manage' = any(m.grants))) as reviewers
      from loop`;
  if (!loop) throw loopNotFound();
  const docs = loop.docs ?? [];
  if (docs.length === 0) {
    throw new AppError(
      "CONFLICT",
      "There is nothing new to submit: file documents in the checklist's slots first.",
    );
  }
  await recordAuditMany(tx, ctx, [
    ...docs.map((d) => ({
      action: "document.submitted",
      entityType: "transaction_document",
      entityId: d.id,
      newValues: { loopId: loop.id, fileName: d.fileName, slot: d.slot },
    })),
    {
      action: "review.submitted",
      entityType: "transaction_loop",
      entityId: loop.id,
      newValues: { propertyAddress: loop.propertyAddress, documents: docs.length },
    },
  ]);
  await notify(tx, ctx, {
    userIds: loop.reviewers ?? [],
    kind: "REVIEW_REQUESTED",
    title: `Review requested: ${loop.propertyAddress}`,
    body: `${ctx.user.name ?? ctx.user.email} submitted ${docs.length === 1 ? "1 document" : `${docs.length} documents`}: ${docs.map((d) => d.slot ?? d.fileName).join(", ")}.`,
    link: loopLink(ctx, loop.id),
    entity: { type: "transaction_loop", id: loop.id },
  });
  return { loopId: loop.id, submitted: docs.length };
});

/** Records a reviewer's decision on a document waiting for review, and tells its uploader and the loop's team. */
async function decide(
  tx: TenantTx,
  ctx: AuthContext,
  documentId: string,
  decision: { status: Extract<ReviewStatus, "APPROVED" | "RETURNED">; note: string | null },
) {
  const doc = await findDocument(tx, ctx, documentId);
  if (doc.reviewStatus !== "PENDING") {
    throw new AppError(
      "CONFLICT",
      doc.reviewStatus === "NOT_SUBMITTED"
        ? "This document hasn't been submitted for review."
        : `This document was already ${doc.reviewStatus === "APPROVED" ? "approved" : "returned"}.`,
      { details: { reviewStatus: doc.reviewStatus } },
    );
  }
  await tx.transactionDocument.update({
    where: { id: doc.id },
    data: {
      reviewStatus: decision.status,
      reviewNote: decision.note,
      reviewedBy: ctx.user.id,
      reviewedAt: new Date(),
    },
    select: { id: true },
  });
  const approved = decision.status === "APPROVED";
  const what = doc.slot?.title ?? doc.fileName;
  await recordAudit(tx, ctx, {
    action: approved ? "document.approved" : "document.returned",
    entityType: "transaction_document",
    entityId: doc.id,
    oldValues: { reviewStatus: doc.reviewStatus },
    newValues: {
      loopId: doc.loopId,
      fileName: doc.fileName,
      slot: doc.slot?.title ?? null,
      ...(approved ? {} : { note: decision.note }),
    },
  });
  const loop = await tx.transactionLoop.findFirstOrThrow({
    where: { id: doc.loopId, organizationId: ctx.organization.id },
    select: { propertyAddress: true },
  });
  const team = await tx.loopParticipant.findMany({
    where: { organizationId: ctx.organization.id, loopId: doc.loopId, userId: { not: null } },
    select: { userId: true },
  });
  await notify(tx, ctx, {
    userIds: [doc.uploadedBy, ...team.map((p) => p.userId)],
    kind: approved ? "DOCUMENT_APPROVED" : "DOCUMENT_RETURNED",
    title: `${what} ${approved ? "approved" : "returned"}: ${loop.propertyAddress}`,
    body: approved
      ? `${ctx.user.name ?? ctx.user.email} approved ${doc.fileName}.`
      : `${ctx.user.name ?? ctx.user.email} returned ${doc.fileName}: ${decision.note}`,
    link: loopLink(ctx, doc.loopId),
    entity: { type: "transaction_document", id: doc.id },
  });
  return { id: doc.id, loopId: doc.loopId, reviewStatus: decision.status };
}

export const approveDocument = tenantService(approveDocumentSchema, (tx, input, ctx) =>
  decide(tx, ctx, input.documentId, { status: "APPROVED", note: null }),
);

/** Returns a document to its uploader with a note saying what needs to change (required). */
export const returnDocument = tenantService(returnDocumentSchema, (tx, input, ctx) =>
  decide(tx, ctx, input.documentId, { status: "RETURNED", note: input.note }),
);
