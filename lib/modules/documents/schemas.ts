// Client-safe zod schemas, labels and rules for a loop's documents, their slots and their compliance review (forms,
// actions, route handlers and queries share them).
import { z } from "zod";
import type {
  DocumentType as DbDocumentType,
  ReviewStatus as DbReviewStatus,
} from "@/lib/database/generated/prisma/enums";
import { organizationRef as orgRef, text } from "@/lib/validation";

export const DOCUMENT_TYPES = [
  "PURCHASE_AGREEMENT",
  "LISTING_AGREEMENT",
  "DISCLOSURE",
  "INSPECTION",
  "APPRAISAL",
  "TITLE",
  "CLOSING",
  "IDENTIFICATION",
  "OTHER",
] as const satisfies readonly DbDocumentType[];
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

export const DOCUMENT_TYPE_LABELS: Record<DocumentType, string> = {
  PURCHASE_AGREEMENT: "Purchase agreement",
  LISTING_AGREEMENT: "Listing agreement",
  DISCLOSURE: "Disclosure",
  INSPECTION: "Inspection",
  APPRAISAL: "Appraisal",
  TITLE: "Title",
  CLOSING: "Closing",
  IDENTIFICATION: "Identification",
  OTHER: "Other",
};

/** The document type a client sends (an unknown value is "Other"). */
export const documentTypeSchema = z.enum(DOCUMENT_TYPES).catch("OTHER");
export const deleteDocumentSchema = z.object({ organization: orgRef, documentId: z.uuid() });
export const createDocumentLinkSchema = z.object({ organization: orgRef, documentId: z.uuid() });

// ---------------------------------------------------------------------------------------------------
// Reading documents in the browser: PDFs (drawn by pdf.js in the app's viewer) and the raster images every
// browser decodes open in the viewer; anything else (Office files, text, HEIC/TIFF scans) is only downloaded.
// The viewer reads the verified bytes from the view route (GET …/files/<id>/view), which serves only these
// types; no document is ever shown as a page of the app's origin. docs/decisions/0010-inline-document-viewer.md
// ---------------------------------------------------------------------------------------------------
export type ViewerKind = "pdf" | "image";

export const VIEWABLE_DOCUMENT_TYPES: Readonly<Record<string, ViewerKind>> = {
  "application/pdf": "pdf",
  "image/jpeg": "image",
  "image/png": "image",
  "image/gif": "image",
  "image/webp": "image",
  "image/avif": "image",
};

/** How the viewer shows a document of this (sniffed) type, or null: download only. */
export function viewerKind(sniffedType: string): ViewerKind | null {
  return Object.hasOwn(VIEWABLE_DOCUMENT_TYPES, sniffedType) ? VIEWABLE_DOCUMENT_TYPES[sniffedType]! : null;
}

const fileUrl = (organization: string, documentId: string) =>
  `/api/documents/${encodeURIComponent(organization)}/files/${encodeURIComponent(documentId)}`;
/** The document as a download (an attachment). */
export const documentDownloadUrl = fileUrl;
/** The document's bytes for the viewer (PDFs and images only). */
export const documentViewUrl = (organization: string, documentId: string) =>
  `${fileUrl(organization, documentId)}/view`;

// ---------------------------------------------------------------------------------------------------
// Document slots and compliance review. A loop's checklist has slots ("Purchase agreement", required or not);
// documents are filed in them and reviewed: submitted (PENDING), then approved or returned with a note.
// ---------------------------------------------------------------------------------------------------
export const REVIEW_STATUSES = [
  "NOT_SUBMITTED",
  "PENDING",
  "RETURNED",
  "APPROVED",
] as const satisfies readonly DbReviewStatus[];
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

export const REVIEW_STATUS_LABELS: Record<ReviewStatus, string> = {
  NOT_SUBMITTED: "Not submitted",
  PENDING: "Pending review",
  RETURNED: "Returned",
  APPROVED: "Approved",
};

/** Where a slot stands: nothing filed, or its document's review. */
export type SlotState = "MISSING" | "UPLOADED" | "PENDING" | "RETURNED" | "APPROVED";
export const SLOT_STATE_LABELS: Record<SlotState, string> = {
  MISSING: "Missing",
  UPLOADED: "Uploaded, not submitted",
  PENDING: "Pending review",
  RETURNED: "Returned",
  APPROVED: "Approved",
};

/**
 * A slot holding an approved document is approved (as the database's closing check counts it:
 * private.assert_closable); otherwise it stands where its newest document stands. A document uploaded again after
 * a return is a new, unsubmitted document in the same slot.
 */
export function slotState(
  documents: ReadonlyArray<{ reviewStatus: ReviewStatus; createdAt: string }>,
): SlotState {
  if (documents.length === 0) return "MISSING";
  if (documents.some((d) => d.reviewStatus === "APPROVED")) return "APPROVED";
  const newest = documents.reduce((a, b) => (b.createdAt > a.createdAt ? b : a));
  return newest.reviewStatus === "NOT_SUBMITTED" ? "UPLOADED" : newest.reviewStatus;
}

/** A loop's compliance, from its required slots: the state that needs attention first, and the counts. */
export type ComplianceState = "NONE" | "RETURNED" | "MISSING" | "UPLOADED" | "PENDING" | "APPROVED";
export const COMPLIANCE_STATE_LABELS: Record<ComplianceState, string> = {
  NONE: "No required documents",
  RETURNED: "Returned for changes",
  MISSING: "Documents missing",
  UPLOADED: "Ready to submit",
  PENDING: "Pending review",
  APPROVED: "Approved",
};

export interface ComplianceSummary {
  state: ComplianceState;
  required: number;
  missing: number;
  uploaded: number;
  pending: number;
  returned: number;
  approved: number;
}

export function complianceOf(requiredSlots: readonly SlotState[]): ComplianceSummary {
  const count = (s: SlotState) => requiredSlots.filter((x) => x === s).length;
  const summary = {
    required: requiredSlots.length,
    missing: count("MISSING"),
    uploaded: count("UPLOADED"),
    pending: count("PENDING"),
    returned: count("RETURNED"),
    approved: count("APPROVED"),
  };
  const state: ComplianceState =
    summary.required === 0
      ? "NONE"
      : summary.returned > 0
        ? "RETURNED"
        : summary.missing > 0
          ? "MISSING"
          : summary.uploaded > 0
            ? "UPLOADED"
            : summary.pending > 0
              ? "PENDING"
              : "APPROVED";
  return { state, ...summary };
}

/** Why a loop can't close yet (the app names the slots; the database's refusal maps to the first sentence). */
export function closingRefusedMessage(notApproved: readonly string[] = []): string {
  const first = "Every required document must be approved before this transaction can close.";
  return notApproved.length === 0 ? first : `${first} Not approved yet: ${notApproved.join(", ")}.`;
}

const slotTitle = text().min(1, "Name the document").max(200, "Use at most 200 characters");

export const fileDocumentSchema = z.object({
  organization: orgRef,
  documentId: z.uuid(),
  /** The slot to file it in; null takes it out of its slot. */
  slotId: z
    .union([z.literal(""), z.uuid()])
    .nullable()
    .transform((v) => v || null),
});
export const submitForReviewSchema = z.object({ organization: orgRef, loopId: z.uuid() });
export const approveDocumentSchema = z.object({ organization: orgRef, documentId: z.uuid() });
export const returnDocumentSchema = z.object({
  organization: orgRef,
  documentId: z.uuid(),
  note: text({ multiline: true }).min(1, "Say what needs to change").max(2000, "Use at most 2000 characters"),
});
export type ReturnDocumentInput = z.input<typeof returnDocumentSchema>;
export const addSlotSchema = z.object({
  organization: orgRef,
  loopId: z.uuid(),
  title: slotTitle,
  required: z.boolean().default(true),
});
export type AddSlotInput = z.input<typeof addSlotSchema>;
export const removeSlotSchema = z.object({ organization: orgRef, slotId: z.uuid() });
