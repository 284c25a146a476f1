import "server-only";
// How a document row is shown (serializable: sizes as numbers, dates as ISO strings). Key material never
// leaves the service layer.
import type { Prisma } from "@/lib/database/generated/prisma/client";
import { ALLOWED_DOCUMENT_TYPES, TEXT_PLAIN } from "@/lib/storage/inspect";
import type { DocumentType } from "../schemas";

export interface DocumentView {
  id: string;
  loopId: string;
  fileName: string;
  /** The type sniffed from the bytes at upload. */
  sniffedType: string;
  typeLabel: string;
  documentType: DocumentType;
  sizeBytes: number;
  uploadedBy: { id: string; name: string | null; email: string } | null;
  createdAt: string;
}

export const DOCUMENT_VIEW_SELECT = {
  id: true,
  loopId: true,
  fileName: true,
  sniffedType: true,
  documentType: true,
  sizeBytes: true,
  createdAt: true,
  uploader: { select: { id: true, name: true, email: true } },
} as const satisfies Prisma.TransactionDocumentSelect;

export function toDocumentView(
  row: Prisma.TransactionDocumentGetPayload<{ select: typeof DOCUMENT_VIEW_SELECT }>,
): DocumentView {
  return {
    id: row.id,
    loopId: row.loopId,
    fileName: row.fileName,
    sniffedType: row.sniffedType,
    typeLabel: ALLOWED_DOCUMENT_TYPES[row.sniffedType] ?? row.sniffedType,
    documentType: row.documentType,
    sizeBytes: Number(row.sizeBytes),
    uploadedBy: row.uploader,
    createdAt: row.createdAt.toISOString(),
  };
}

/** The Content-Type a document is served with. */
export function servedContentType(sniffedType: string): string {
  return sniffedType === TEXT_PLAIN ? "text/plain; charset=utf-8" : sniffedType;
}
