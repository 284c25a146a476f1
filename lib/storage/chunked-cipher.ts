import "server-only";
// The encrypted document format, streamed in both directions in constant memory (one chunk at a time).
//
//   header (16 bytes): "HRTHDOC" | format version (u8 = 1) | chunk size (u32) | content key version (u32)
//   records, one per plaintext chunk: IV (12 random bytes) | ciphertext | GCM tag (16)
//
// Every chunk but the last holds exactly `chunk size` plaintext bytes; the last holds 0…chunk size bytes (an
// empty input is one empty final chunk). Each record is AES-256-GCM under the document's data key with
//   AAD = header | organization id (16) | document id (16) | chunk index (u64) | final flag (u8)
// so a flipped bit fails that chunk's tag, reordered chunks fail on the index, a file cut at a chunk boundary
// fails because its last remaining chunk was sealed as non-final, extra bytes after the final chunk fail
// because the final chunk is then opened as non-final, and a ciphertext copied under another document or
// organization fails on the ids. The content key version in the header is the master key version the data key
// was first wrapped with: it is bound into every chunk's AAD and never changes, while the row's key_version
// column follows re-wrapping by `keys:rotate` (the header is authenticated, the column picks the unwrap key).
// Decryption verifies each chunk before releasing it and holds back the final chunk until the plaintext's
// length and sha256 match what was recorded at upload.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { AppError } from "../errors";
import { uuidBytes, type DocumentBinding } from "./envelope";

const MAGIC = Buffer.from("HRTHDOC", "ascii");
const FORMAT_VERSION = 1;
export const HEADER_BYTES = 16;
const IV_BYTES = 12;
const TAG_BYTES = 16;
export const RECORD_OVERHEAD = IV_BYTES + TAG_BYTES;
export const DEFAULT_CHUNK_BYTES = 64 * 1024;
const MIN_CHUNK_BYTES = 1;
const MAX_CHUNK_BYTES = 16 * 1024 * 1024;

export interface DocumentHeader {
  chunkSize: number;
  contentKeyVersion: number;
}

function integrity(reason: string, cause?: unknown): AppError {
  return new AppError("INTEGRITY", undefined, { details: { reason }, cause: cause ?? new Error(reason) });
}

export function encodeHeader(h: DocumentHeader): Buffer {
  if (!Number.isInteger(h.chunkSize) || h.chunkSize < MIN_CHUNK_BYTES || h.chunkSize > MAX_CHUNK_BYTES)
    throw new RangeError("bad chunk size");
  if (!Number.isInteger(h.contentKeyVersion) || h.contentKeyVersion < 1)
    throw new RangeError("bad key version");
  const b = Buffer.alloc(HEADER_BYTES);
  MAGIC.copy(b, 0);
  b.writeUInt8(FORMAT_VERSION, 7);
  b.writeUInt32BE(h.chunkSize, 8);
  b.writeUInt32BE(h.contentKeyVersion, 12);
  return b;
}

export function decodeHeader(b: Buffer): DocumentHeader {
  if (b.length < HEADER_BYTES || !b.subarray(0, 7).equals(MAGIC))
    throw integrity("not an encrypted Hearth document");
  if (b.readUInt8(7) !== FORMAT_VERSION) throw integrity("unknown format version");
  const chunkSize = b.readUInt32BE(8);
  const contentKeyVersion = b.readUInt32BE(12);
  if (chunkSize < MIN_CHUNK_BYTES || chunkSize > MAX_CHUNK_BYTES || contentKeyVersion < 1)
    throw integrity("malformed header");
  return { chunkSize, contentKeyVersion };
}

function chunkAad(header: Buffer, binding: DocumentBinding, index: number, final: boolean): Buffer {
  const tail = Buffer.alloc(9);
  tail.writeBigUInt64BE(BigInt(index), 0);
  tail.writeUInt8(final ? 1 : 0, 8);
  return Buffer.concat([header, uuidBytes(binding.organizationId), uuidBytes(binding.documentId), tail]);
}

/** Size of the encrypted object for a plaintext of `plainBytes`. */
export function ciphertextSize(plainBytes: number, chunkSize = DEFAULT_CHUNK_BYTES): number {
  const chunks = Math.max(1, Math.ceil(plainBytes / chunkSize));
  return HEADER_BYTES + chunks * RECORD_OVERHEAD + plainBytes;
}

/** A FIFO of byte chunks that hands out exact-size slices without re-concatenating everything. */
export class ByteQueue {
  private parts: Buffer[] = [];
  private offset = 0;
  length = 0;

  push(chunk: Uint8Array): void {
    if (chunk.byteLength === 0) return;
    this.parts.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    this.length += chunk.byteLength;
  }

  /** Removes and returns exactly n bytes (n ≤ length). */
  take(n: number): Buffer {
    if (n > this.length) throw new RangeError("not enough bytes");
    const out = Buffer.allocUnsafe(n);
    let written = 0;
    while (written < n) {
      const head = this.parts[0]!;
      const k = Math.min(head.length - this.offset, n - written);
      head.copy(out, written, this.offset, this.offset + k);
      written += k;
      this.offset += k;
      if (this.offset === head.length) {
        this.parts.shift();
        this.offset = 0;
      }
    }
    this.length -= n;
    return out;
  }
}

export interface EncryptOptions {
  /** The master key version the data key is wrapped with at upload (bound into every chunk). */
  contentKeyVersion: number;
  chunkSize?: number;
}

export function createEncryptStream(
  dataKey: Buffer,
  binding: DocumentBinding,
  opts: EncryptOptions,
): TransformStream<Uint8Array, Uint8Array> {
  const chunkSize = opts.chunkSize ?? DEFAULT_CHUNK_BYTES;
  const header = encodeHeader({ chunkSize, contentKeyVersion: opts.contentKeyVersion });
  const queue = new ByteQueue();
  let index = 0;
  const seal = (plain: Buffer, final: boolean): Uint8Array => {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv("aes-256-gcm", dataKey, iv);
    cipher.setAAD(chunkAad(header, binding, index++, final));
    const ct = cipher.update(plain);
    const rest = cipher.final();
    return Buffer.concat([iv, ct, rest, cipher.getAuthTag()]);
  };
  return new TransformStream<Uint8Array, Uint8Array>({
    start(controller) {
      controller.enqueue(header);
    },
    transform(chunk, controller) {
      queue.push(chunk);
      // Keep at least one byte back: only at the end do we know which chunk is the final one.
      while (queue.length > chunkSize) controller.enqueue(seal(queue.take(chunkSize), false));
    },
    flush(controller) {
      controller.enqueue(seal(queue.take(queue.length), true));
    },
  });
}

export interface DecryptExpectations {
  /** Plaintext sha256 (hex) recorded at upload; checked before the final chunk is released. */
  sha256?: string;
  /** Plaintext size recorded at upload. */
  size?: number;
}

export function createDecryptStream(
  dataKey: Buffer,
  binding: DocumentBinding,
  expect: DecryptExpectations = {},
): TransformStream<Uint8Array, Uint8Array> {
  const queue = new ByteQueue();
  const hash = createHash("sha256");
  let header: Buffer | undefined;
  let recordSize = 0;
  let index = 0;
  let size = 0;

  const open = (record: Buffer, final: boolean): Buffer => {
    if (record.length < RECORD_OVERHEAD) throw integrity("truncated");
    const iv = record.subarray(0, IV_BYTES);
    const tag = record.subarray(record.length - TAG_BYTES);
    try {
      const decipher = createDecipheriv("aes-256-gcm", dataKey, iv);
      decipher.setAAD(chunkAad(header!, binding, index, final));
      decipher.setAuthTag(tag);
      const plain = Buffer.concat([
        decipher.update(record.subarray(IV_BYTES, record.length - TAG_BYTES)),
        decipher.final(),
      ]);
      index++;
      return plain;
    } catch (err) {
      throw integrity(`chunk ${index} failed authentication`, err);
    }
  };
  const account = (plain: Buffer) => {
    size += plain.length;
    if (expect.size !== undefined && size > expect.size) throw integrity("longer than recorded");
    hash.update(plain);
  };

  return new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      queue.push(chunk);
      if (!header) {
        if (queue.length < HEADER_BYTES) return;
        header = queue.take(HEADER_BYTES);
        recordSize = RECORD_OVERHEAD + decodeHeader(header).chunkSize;
      }
      while (queue.length > recordSize) {
        const plain = open(queue.take(recordSize), false);
        account(plain);
        controller.enqueue(plain);
      }
    },
    flush(controller) {
      if (!header) throw integrity("truncated header");
      const plain = open(queue.take(queue.length), true);
      account(plain);
      if (expect.size !== undefined && size !== expect.size) throw integrity("shorter than recorded");
      if (expect.sha256 !== undefined && hash.digest("hex") !== expect.sha256)
        throw integrity("sha256 mismatch");
      controller.enqueue(plain);
    },
  });
}
