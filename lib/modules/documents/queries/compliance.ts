import "server-only";
// A loop's documents as its checklist shows them — its slots (required first) each with the documents filed in it
// and where it stands, the documents in no slot, and the loop's compliance — and the same compliance for a page of
// loops or one loop about to close. They run inside the caller's transaction (the loop page's, the loop list's,
// the status change's), so a read stays one transaction (docs/decisions/0009-one-transaction-per-read.md).
import type { TenantTx } from "@/lib/database/tenant";
import {
  complianceOf,
  slotState,
  type ComplianceSummary,
  type ReviewStatus,
  type SlotState,
} from "../schemas";
import { DOCUMENT_VIEW_SELECT, toDocumentViews, type DocumentView } from "./documents";

export interface SlotView {
  id: string;
  title: string;
  required: boolean;
  state: SlotState;
  /** The document that decides the state: the approved one, else the newest. */
  current: DocumentView | null;
  /** Everything filed in it, newest first (earlier versions after a return). */
  documents: DocumentView[];
}

export interface LoopDocuments {
  /** Every live document of the loop, newest first. */
  documents: DocumentView[];
  slots: SlotView[];
  /** Documents in no slot, newest first. */
  unfiled: DocumentView[];
  compliance: ComplianceSummary;
}

const SLOT_ORDER = [
  { required: "desc" as const },
  { sortOrder: "asc" as const },
  { createdAt: "asc" as const },
];

export async function loopDocumentsIn(
  tx: TenantTx,
  organizationId: string,
  loopId: string,
): Promise<LoopDocuments> {
  const slots = await tx.loopDocumentSlot.findMany({
    where: { organizationId, loopId },
    orderBy: SLOT_ORDER,
    select: { id: true, title: true, required: true },
  });
  const documents = await toDocumentViews(
    tx,
    await tx.transactionDocument.findMany({
      where: { organizationId, loopId, deletedAt: null },
      select: DOCUMENT_VIEW_SELECT,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    }),
  );
  const slotIds = new Set(slots.map((s) => s.id));
  const views = slots.map((slot): SlotView => {
    const filed = documents.filter((d) => d.slotId === slot.id);
    const state = slotState(filed);
    return {
      ...slot,
      state,
      current: (state === "APPROVED" ? filed.find((d) => d.reviewStatus === "APPROVED") : filed[0]) ?? null,
      documents: filed,
    };
  });
  return {
    documents,
    slots: views,
    unfiled: documents.filter((d) => d.slotId === null || !slotIds.has(d.slotId)),
    compliance: complianceOf(views.filter((s) => s.required).map((s) => s.state)),
  };
}

/** The required slots of these loops and the review of what is filed in them. */
async function requiredSlots(tx: TenantTx, organizationId: string, loopIds: string[]) {
  const rows = await tx.loopDocumentSlot.findMany({
    where: { organizationId, loopId: { in: loopIds }, required: true },
    orderBy: SLOT_ORDER,
    select: {
      loopId: true,
      title: true,
      documents: {
        where: { deletedAt: null },
        select: { reviewStatus: true, createdAt: true },
      },
    },
  });
  return rows.map((r) => ({
    loopId: r.loopId,
    title: r.title,
    state: slotState(
      r.documents.map((d) => ({
        reviewStatus: d.reviewStatus as ReviewStatus,
        createdAt: d.createdAt.toISOString(),
      })),
    ),
  }));
}

/** Compliance of each loop (loops without required slots: state NONE). */
export async function complianceByLoop(
  tx: TenantTx,
  organizationId: string,
  loopIds: string[],
): Promise<Map<string, ComplianceSummary>> {
  const slots = loopIds.length > 0 ? await requiredSlots(tx, organizationId, loopIds) : [];
  return new Map(
    loopIds.map((id) => [id, complianceOf(slots.filter((s) => s.loopId === id).map((s) => s.state))]),
  );
}

/** The titles of the loop's required slots without an approved document (empty: it may close). */
export async function unapprovedRequiredSlots(
  tx: TenantTx,
  organizationId: string,
  loopId: string,
): Promise<string[]> {
  const slots = await requiredSlots(tx, organizationId, [loopId]);
  return slots.filter((s) => s.state !== "APPROVED").map((s) => s.title);
}
