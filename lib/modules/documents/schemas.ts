// Client-safe zod schemas and labels for a loop's documents (forms, actions and route handlers share them).
import { z } from "zod";
import type { DocumentType as DbDocumentType } from "@/lib/database/generated/prisma/enums";
import { organizationRef as orgRef } from "@/lib/validation";

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
