import "server-only";
// Envelope encryption of documents: every document gets a fresh 256-bit data key; the data key is wrapped
// (AES-256-GCM, random 96-bit IV) by a master key from the versioned keyring. The wrap's AAD binds the
// organization, the document and the wrap version, so a wrapped key copied to another row doesn't unwrap.
// Rotation re-wraps the data key only; the file's ciphertext never changes.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { AppError } from "../errors";
import { masterKey, type Keyring } from "./keyring";
import { isUuid } from "../validation";

export const DATA_KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const WRAP_FORMAT = 1;
/** format byte + IV + wrapped key + tag */
export const WRAPPED_KEY_BYTES = 1 + IV_BYTES + DATA_KEY_BYTES + TAG_BYTES;

export interface DocumentBinding {
  organizationId: string;
  documentId: string;
}

export function uuidBytes(id: string): Buffer {
  if (!isUuid(id)) throw new TypeError(`not a uuid: ${id}`);
  return Buffer.from(id.replace(/-/g, ""), "hex");
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}

function wrapAad(binding: DocumentBinding, version: number): Buffer {
  return Buffer.concat([
    Buffer.from("hearth:dek:v1"),
    uuidBytes(binding.organizationId),
    uuidBytes(binding.documentId),
    u32(version),
  ]);
}

export function generateDataKey(): Buffer {
  return randomBytes(DATA_KEY_BYTES);
}

export function wrapWithKey(
  dataKey: Buffer,
  master: Buffer,
  binding: DocumentBinding,
  version: number,
): Buffer {
  if (dataKey.length !== DATA_KEY_BYTES) throw new TypeError("data key must be 32 bytes");
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", master, iv);
  cipher.setAAD(wrapAad(binding, version));
  const ct = Buffer.concat([cipher.update(dataKey), cipher.final()]);
  return Buffer.concat([Buffer.from([WRAP_FORMAT]), iv, ct, cipher.getAuthTag()]);
}

export function unwrapWithKey(
  wrapped: Uint8Array,
  master: Buffer,
  binding: DocumentBinding,
  version: number,
): Buffer {
  const buf = Buffer.from(wrapped);
  if (buf.length !== WRAPPED_KEY_BYTES || buf[0] !== WRAP_FORMAT) {
    throw new AppError("INTEGRITY", undefined, {
      details: { reason: "wrapped data key has the wrong format" },
    });
  }
  const iv = buf.subarray(1, 1 + IV_BYTES);
  const ct = buf.subarray(1 + IV_BYTES, 1 + IV_BYTES + DATA_KEY_BYTES);
  const tag = buf.subarray(1 + IV_BYTES + DATA_KEY_BYTES);
  try {
    const decipher = createDecipheriv("aes-256-gcm", master, iv);
    decipher.setAAD(wrapAad(binding, version));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ct), decipher.final()]);
  } catch (err) {
    throw new AppError("INTEGRITY", undefined, {
      details: { reason: "data key does not unwrap" },
      cause: err,
    });
  }
}

/** Wraps a data key under the keyring's newest version. */
export function wrapDataKey(
  dataKey: Buffer,
  ring: Keyring,
  binding: DocumentBinding,
): { wrappedKey: Buffer; keyVersion: number } {
  const keyVersion = ring.current;
  return { wrappedKey: wrapWithKey(dataKey, masterKey(ring, keyVersion), binding, keyVersion), keyVersion };
}

/** Unwraps with the master key version recorded in the row. */
export function unwrapDataKey(
  wrapped: Uint8Array,
  ring: Keyring,
  binding: DocumentBinding,
  keyVersion: number,
): Buffer {
  return unwrapWithKey(wrapped, masterKey(ring, keyVersion), binding, keyVersion);
}
