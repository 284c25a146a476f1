import "server-only";
// Reads of a loop's documents: how a row is shown (serializable: sizes as numbers, dates as ISO strings; key
// material never leaves the module), and a live document as a verified plaintext stream.
import type { AuthContext } from "@/lib/auth/authorize";
import type { Prisma } from "@/lib/database/generated/prisma/client";
import { withTenantContext, type TenantTx } from "@/lib/database/tenant";
import { AppError } from "@/lib/errors";
import { ALLOWED_DOCUMENT_TYPES } from "@/lib/storage/inspect";
import { isUuid } from "@/lib/validation";
import type { DocumentType, ReviewStatus } from "../schemas";
import { openDecryptedDocument } from "../store";
import { PERSON_SELECT, type Person } from "@/lib/people";

export const documentNotFound = () => new AppError("NOT_FOUND", "We couldn't find that document.");
export const slotNotFound = () =>
  new AppError("NOT_FOUND", "We couldn't find that document slot in this transaction.");

export interface DocumentView {
  id: string;
  loopId: string;
  fileName: string;
  /** The type sniffed from the bytes at upload. */
  sniffedType: string;
  typeLabel: string;
  documentType: DocumentType;
  sizeBytes: number;
  uploadedBy: Person | null;
  createdAt: string;
  /** The checklist slot it is filed in, if any. */
  slotId: string | null;
  reviewStatus: ReviewStatus;
  /** The reviewer's note when it was returned. */
  reviewNote: string | null;
  reviewedBy: Person | null;
  reviewedAt: string | null;
  submittedAt: string | null;
}

export const DOCUMENT_VIEW_SELECT = {
  id: true,
  loopId: true,
  fileName: true,
  sniffedType: true,
  documentType: true,
  sizeBytes: true,
  createdAt: true,
  uploader: { select: PERSON_SELECT },
  slotId: true,
  reviewStatus: true,
  reviewNote: true,
  // An id, not a second relation: Prisma would fetch sibling relations concurrently on the transaction's one
  // connection. withReviewers() names them.
  reviewedBy: true,
  reviewedAt: true,
  submittedAt: true,
} as const satisfies Prisma.TransactionDocumentSelect;

type DocumentViewRow = Prisma.TransactionDocumentGetPayload<{ select: typeof DOCUMENT_VIEW_SELECT }>;

export function toDocumentView(row: DocumentViewRow, people?: ReadonlyMap<string, Person>): DocumentView {
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
    slotId: row.slotId,
    reviewStatus: row.reviewStatus,
    reviewNote: row.reviewNote,
    reviewedBy: row.reviewedBy
      ? (people?.get(row.reviewedBy) ?? { id: row.reviewedBy, name: null, email: null })
      : null,
    reviewedAt: row.reviewedAt?.toISOString() ?? null,
    submittedAt: row.submittedAt?.toISOString() ?? null,
  };
}

/** Views of these rows with their reviewers named (one more query, after the documents'). */
export async function toDocumentViews(tx: TenantTx, rows: DocumentViewRow[]): Promise<DocumentView[]> {
  const ids = [...new Set(rows.flatMap((r) => (r.reviewedBy ? [r.reviewedBy] : [])))];
  const people =
    ids.length > 0 ? await tx.user.findMany({ where: { id: { in: ids } }, select: PERSON_SELECT }) : [];
  const byId = new Map(people.map((p) => [p.id, p]));
  return rows.map((r) => toDocumentView(r, byId));
}

export interface OpenedDocument {
  id: string;
  fileName: string;
  sniffedType: string;
  sizeBytes: number;
  stream: ReadableStream<Uint8Array>;
}

export interface OpenDocumentOptions {
  /** Types this caller may receive; another type is UNSUPPORTED_MEDIA_TYPE, refused before Storage is read. */
  only?: (sniffedType: string) => boolean;
  /** What to tell the person when `only` refuses. */
  refusal?: string;
}

/** A live document of this organization as a verified plaintext stream. */
export async function openDocument(
  ctx: AuthContext,
  documentId: string,
  opts: OpenDocumentOptions = {},
): Promise<OpenedDocument> {
  if (!isUuid(documentId)) throw documentNotFound();
  const row = await withTenantContext(ctx, (tx) =>
    tx.transactionDocument.findFirst({
      where: { id: documentId, organizationId: ctx.organization.id, deletedAt: null },
      select: {
        id: true,
        organizationId: true,
        storagePath: true,
        wrappedKey: true,
        keyVersion: true,
        sha256: true,
        sizeBytes: true,
        fileName: true,
        sniffedType: true,
      },
    }),
  );
  if (!row || !row.wrappedKey) throw documentNotFound();
  if (opts.only && !opts.only(row.sniffedType)) throw new AppError("UNSUPPORTED_MEDIA_TYPE", opts.refusal);
  const stream = await openDecryptedDocument({ ...row, sizeBytes: Number(row.sizeBytes) });
  return {
    id: row.id,
    fileName: row.fileName,
    sniffedType: row.sniffedType,
    sizeBytes: Number(row.sizeBytes),
    stream,
  };
}
