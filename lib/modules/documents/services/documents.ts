import "server-only";
// Writes to a loop's documents. Upload streams the request body through inspection (size limit, type sniffed from
// the bytes, sha256) and envelope encryption into Storage, then records the row (wrapped data key, key version,
// sha256, the checklist slot when one is named) and its audit entry; if the row can't be written the object is
// removed again. Delete shreds the data key (wrapped_key = null, deleted_at set) and removes the object. Links are
// signed tokens (./links.ts) valid while the document exists. Filing and review are in ./review.ts.
import { randomUUID } from "node:crypto";
import { recordAudit } from "@/lib/audit/record";
import type { AuthContext } from "@/lib/auth/authorize";
import { withTenantContext } from "@/lib/database/tenant";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { sanitizeFileName } from "@/lib/storage/filename";
import { createInspector } from "@/lib/storage/inspect";
import { documentKeyring } from "@/lib/storage/keyring";
import { isUuid } from "@/lib/validation";
import type { z } from "zod";
import { tenantService } from "@/lib/service";
import {
  DOCUMENT_VIEW_SELECT,
  documentNotFound,
  slotNotFound,
  toDocumentView,
  type DocumentView,
} from "../queries/documents";
import { createDocumentLinkSchema, deleteDocumentSchema, documentTypeSchema } from "../schemas";
import { signDocumentLink } from "../links";
import { documentStoragePath, removeDocumentObjects, storeEncryptedDocument } from "../store";

const loopNotFound = () => new AppError("NOT_FOUND", "We couldn't find that transaction.");

export interface UploadDocumentInput {
  loopId: string;
  /** As the client sent it; only sanitized metadata is kept. */
  fileName: string | null;
  documentType?: string | null;
  /** The checklist slot to file it in (a slot of the same loop). */
  slotId?: string | null;
  body: ReadableStream<Uint8Array>;
  /** Content-Length, when known. */
  declaredLength?: number;
}

export interface UploadOptions {
  /** Defaults to DOCUMENT_MAX_BYTES. */
  maxBytes?: number;
  /** Plaintext bytes per encrypted chunk (tests use small chunks to exercise multi-chunk files). */
  chunkSize?: number;
}

export async function uploadDocument(
  ctx: AuthContext,
  input: UploadDocumentInput,
  opts: UploadOptions = {},
): Promise<DocumentView> {
  const organizationId = ctx.organization.id;
  if (!isUuid(input.loopId)) throw loopNotFound();
  const slotId = input.slotId || null;
  const slot = await withTenantContext(ctx, async (tx) => {
    const loop = await tx.transactionLoop.findFirst({
      where: { id: input.loopId, organizationId },
      select: { id: true },
    });
    if (!loop) throw loopNotFound();
    if (slotId === null) return null;
    const found = isUuid(slotId)
      ? await tx.loopDocumentSlot.findFirst({
          where: { id: slotId, organizationId, loopId: loop.id },
          select: { id: true, title: true },
        })
      : null;
    if (!found) throw slotNotFound();
    return found;
  });

  const documentId = randomUUID();
  const fileName = sanitizeFileName(input.fileName);
  const documentType = documentTypeSchema.parse(input.documentType ?? undefined);
  const inspector = createInspector({
    maxBytes: opts.maxBytes ?? env().DOCUMENT_MAX_BYTES,
    declaredLength: input.declaredLength,
  });

  let stored: Awaited<ReturnType<typeof storeEncryptedDocument>>;
  try {
    stored = await storeEncryptedDocument({
      binding: { organizationId, documentId },
      loopId: input.loopId,
      plaintext: input.body.pipeThrough(inspector.stream),
      chunkSize: opts.chunkSize,
    });
  } catch (err) {
    // Normally nothing was stored; if Storage kept the object anyway, it has no key and is removed.
    await removeDocumentObjects([documentStoragePath(organizationId, input.loopId, documentId)]);
    if (inspector.failure) throw inspector.failure;
    if (!inspector.result)
      throw new AppError("VALIDATION", "The upload didn't complete. Please try again.", { cause: err });
    throw err;
  }
  const result = inspector.result;
  if (inspector.failure || !result) {
    await removeDocumentObjects([stored.storagePath]);
    throw inspector.failure ?? new AppError("VALIDATION", "The upload didn't complete. Please try again.");
  }

  try {
    return await withTenantContext(ctx, async (tx) => {
      const row = await tx.transactionDocument.create({
        data: {
          id: documentId,
          organizationId,
          loopId: input.loopId,
          storagePath: stored.storagePath,
          fileName,
          sizeBytes: BigInt(result.size),
          sniffedType: result.mime,
          documentType,
          isEncrypted: true,
          keyVersion: stored.keyVersion,
          wrappedKey: new Uint8Array(stored.wrappedKey),
          sha256: result.sha256,
          uploadedBy: ctx.user.id,
          slotId: slot?.id ?? null,
        },
        select: DOCUMENT_VIEW_SELECT,
      });
      await recordAudit(tx, ctx, {
        action: "document.uploaded",
        entityType: "transaction_document",
        entityId: documentId,
        newValues: {
          loopId: input.loopId,
          fileName,
          sniffedType: result.mime,
          sizeBytes: result.size,
          documentType,
          sha256: result.sha256,
          ...(slot ? { slot: slot.title } : {}),
        },
      });
      return toDocumentView(row);
    });
  } catch (err) {
    const removal = await removeDocumentObjects([stored.storagePath]);
    if (removal)
      console.warn(
        `[documents] could not remove ${stored.storagePath} after a failed insert: ${removal.message}`,
      );
    throw err;
  }
}

/**
 * Crypto-shreds the document (its wrapped data key is destroyed) and, once that has committed, removes the stored
 * ciphertext.
 */
export const deleteDocument = tenantService(
  deleteDocumentSchema,
  async (tx, input, ctx): Promise<{ deleted: true; loopId: string; storagePath: string }> => {
    const row = await tx.transactionDocument.findFirst({
      where: { id: input.documentId, organizationId: ctx.organization.id, deletedAt: null },
      select: {
        id: true,
        loopId: true,
        storagePath: true,
        fileName: true,
        sniffedType: true,
        sizeBytes: true,
      },
    });
    if (!row) throw documentNotFound();
    await tx.transactionDocument.update({
      where: { id: row.id },
      data: { wrappedKey: null, deletedAt: new Date() },
      select: { id: true },
    });
    await recordAudit(tx, ctx, {
      action: "document.deleted",
      entityType: "transaction_document",
      entityId: row.id,
      oldValues: {
        loopId: row.loopId,
        fileName: row.fileName,
        sniffedType: row.sniffedType,
        sizeBytes: Number(row.sizeBytes),
      },
    });
    return { deleted: true, loopId: row.loopId, storagePath: row.storagePath };
  },
  {
    afterCommit: async ({ storagePath }) => {
      const error = await removeDocumentObjects([storagePath]);
      // The key is gone, so a leftover object is unreadable; it is only wasted space (and the sweeper's).
      if (error)
        console.warn(`[documents] document shredded but its object was not removed: ${error.message}`);
    },
  },
);

export interface DocumentLink {
  url: string;
  expiresAt: string;
}

/** A download link's grant: what the audited transaction settled, before the link is signed. */
export interface DocumentLinkGrant {
  documentId: string;
  /** Unix seconds. */
  expiresAt: number;
}

/** Checks the document is there and audits the link (one transaction); documentLinkFor() signs it after. */
export const grantDocumentLink = tenantService(
  createDocumentLinkSchema,
  async (tx, input, ctx): Promise<DocumentLinkGrant> => {
    const expiresAt = Math.floor(Date.now() / 1000) + env().SIGNED_LINK_TTL_SECONDS;
    const row = await tx.transactionDocument.findFirst({
      where: { id: input.documentId, organizationId: ctx.organization.id, deletedAt: null },
      select: { id: true, fileName: true, loopId: true },
    });
    if (!row) throw documentNotFound();
    await recordAudit(tx, ctx, {
      action: "document.link_created",
      entityType: "transaction_document",
      entityId: row.id,
      newValues: {
        fileName: row.fileName,
        loopId: row.loopId,
        expiresAt: new Date(expiresAt * 1000).toISOString(),
      },
    });
    return { documentId: row.id, expiresAt };
  },
);

/** The signed link of a granted download (no database work). */
export function documentLinkFor(grant: DocumentLinkGrant, ctx: AuthContext, baseUrl: string): DocumentLink {
  const token = signDocumentLink(
    { documentId: grant.documentId, organizationId: ctx.organization.id, expiresAt: grant.expiresAt },
    documentKeyring(),
  );
  return {
    url: `${baseUrl.replace(/\/$/, "")}/api/documents/links/${token}`,
    expiresAt: new Date(grant.expiresAt * 1000).toISOString(),
  };
}

/**
 * A link to the document that works for members who may read it, until it expires or the document is deleted:
 * grantDocumentLink, then documentLinkFor.
 */
export async function createDocumentLink(
  ctx: AuthContext,
  raw: z.input<typeof createDocumentLinkSchema>,
  baseUrl: string,
): Promise<DocumentLink> {
  return documentLinkFor(await grantDocumentLink(ctx, raw), ctx, baseUrl);
}
