import "server-only";
// Encrypted documents in the private Storage bucket `documents`, reached only through the service-role
// client on the server after the caller was authorized. Objects live at the server-generated key
// <orgId>/transactions/<loopId>/<documentId> and hold ciphertext only (lib/storage/chunked-cipher.ts).
// Uploads stream: storage-js passes a ReadableStream body straight to fetch with `duplex: "half"`, so the
// plaintext goes request → inspection → encryption → Storage without ever being held whole.
import { AppError } from "@/lib/errors";
import { createDecryptStream, createEncryptStream } from "@/lib/storage/chunked-cipher";
import { generateDataKey, unwrapDataKey, wrapDataKey, type DocumentBinding } from "@/lib/storage/envelope";
import { documentKeyring, type Keyring } from "@/lib/storage/keyring";
import { createAdminSupabase } from "@/lib/supabase/admin";

export const DOCUMENTS_BUCKET = "documents";

export function documentStoragePath(organizationId: string, loopId: string, documentId: string): string {
  return `${organizationId}/transactions/${loopId}/${documentId}`;
}

export class StorageWriteError extends Error {
  override name = "StorageWriteError";
}

export interface StoredDocument {
  storagePath: string;
  wrappedKey: Buffer;
  keyVersion: number;
}

/** Encrypts `plaintext` under a fresh data key and uploads the ciphertext; returns what the row must keep. */
export async function storeEncryptedDocument(input: {
  binding: DocumentBinding;
  loopId: string;
  plaintext: ReadableStream<Uint8Array>;
  ring?: Keyring;
  chunkSize?: number;
}): Promise<StoredDocument> {
  const ring = input.ring ?? documentKeyring();
  const storagePath = documentStoragePath(
    input.binding.organizationId,
    input.loopId,
    input.binding.documentId,
  );
  const dataKey = generateDataKey();
  try {
    const { wrappedKey, keyVersion } = wrapDataKey(dataKey, ring, input.binding);
    const ciphertext = input.plaintext.pipeThrough(
      createEncryptStream(dataKey, input.binding, {
        contentKeyVersion: keyVersion,
        chunkSize: input.chunkSize,
      }),
    );
    const { error } = await createAdminSupabase()
      .storage.from(DOCUMENTS_BUCKET)
      .upload(storagePath, ciphertext, {
        contentType: "application/octet-stream",
        upsert: false,
        duplex: "half",
      });
    if (error)
      throw new StorageWriteError(`upload of ${storagePath} failed: ${error.message}`, { cause: error });
    return { storagePath, wrappedKey, keyVersion };
  } finally {
    dataKey.fill(0);
  }
}

export interface EncryptedDocumentRef {
  id: string;
  organizationId: string;
  storagePath: string;
  wrappedKey: Uint8Array | null;
  keyVersion: number;
  sha256: string;
  sizeBytes: number;
}

/** The verified plaintext as a stream: every chunk is authenticated before it is released (see chunked-cipher). */
export async function openDecryptedDocument(
  doc: EncryptedDocumentRef,
  ring: Keyring = documentKeyring(),
): Promise<ReadableStream<Uint8Array>> {
  if (!doc.wrappedKey) throw new AppError("NOT_FOUND", "This document was deleted.");
  const binding = { organizationId: doc.organizationId, documentId: doc.id };
  const dataKey = unwrapDataKey(doc.wrappedKey, ring, binding, doc.keyVersion);
  const { data, error } = await createAdminSupabase()
    .storage.from(DOCUMENTS_BUCKET)
    .download(doc.storagePath)
    .asStream();
  if (error || !data) {
    dataKey.fill(0);
    throw new AppError("NOT_FOUND", "This document's file is missing.", { cause: error });
  }
  return data.pipeThrough(createDecryptStream(dataKey, binding, { sha256: doc.sha256, size: doc.sizeBytes }));
}

/** Removes stored objects; returns the error instead of throwing (callers decide whether it matters). */
export async function removeDocumentObjects(paths: string[]): Promise<Error | null> {
  if (paths.length === 0) return null;
  const { error } = await createAdminSupabase().storage.from(DOCUMENTS_BUCKET).remove(paths);
  return error ?? null;
}
