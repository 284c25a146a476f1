// The encrypted document format and data-key wrapping: round trips at every size boundary, and every kind of
// tampering (bit flips anywhere, truncation, reordering, appending, another document's or organization's AAD,
// wrong expectations) fails with INTEGRITY without releasing a corrupted byte.
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import {
  ciphertextSize,
  createDecryptStream,
  createEncryptStream,
  decodeHeader,
  HEADER_BYTES,
  RECORD_OVERHEAD,
} from "@/lib/storage/chunked-cipher";
import {
  generateDataKey,
  unwrapDataKey,
  unwrapWithKey,
  wrapDataKey,
  wrapWithKey,
  WRAPPED_KEY_BYTES,
} from "@/lib/storage/envelope";
import { parseKeyring } from "@/lib/storage/keyring";

const binding = () => ({ organizationId: randomUUID(), documentId: randomUUID() });
const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

/** Feeds `bytes` in pieces of `piece` bytes (to exercise re-chunking). */
function source(bytes: Uint8Array, piece = 7): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream({
    pull(c) {
      if (at >= bytes.length) return c.close();
      c.enqueue(bytes.slice(at, at + piece));
      at += piece;
    },
  });
}

async function collect(stream: ReadableStream<Uint8Array>): Promise<{ bytes: Buffer; error?: unknown }> {
  const parts: Uint8Array[] = [];
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { bytes: Buffer.concat(parts) };
      parts.push(value);
    }
  } catch (error) {
    return { bytes: Buffer.concat(parts), error };
  }
}

async function encrypt(
  plain: Uint8Array,
  key: Buffer,
  b: ReturnType<typeof binding>,
  chunkSize: number,
  contentKeyVersion = 1,
) {
  const { bytes, error } = await collect(
    source(plain).pipeThrough(createEncryptStream(key, b, { contentKeyVersion, chunkSize })),
  );
  expect(error).toBeUndefined();
  return bytes;
}

async function decrypt(
  cipher: Uint8Array,
  key: Buffer,
  b: ReturnType<typeof binding>,
  expect_: { sha256?: string; size?: number } = {},
  piece = 13,
) {
  return collect(source(cipher, piece).pipeThrough(createDecryptStream(key, b, expect_)));
}

function expectIntegrity(result: { bytes: Buffer; error?: unknown }, original: Uint8Array) {
  expect(result.error).toBeInstanceOf(AppError);
  expect((result.error as AppError).code).toBe("INTEGRITY");
  // Whatever was released before the failure is a verified prefix of the original — never corrupted bytes.
  expect(Buffer.from(original).subarray(0, result.bytes.length).equals(result.bytes)).toBe(true);
}

describe("chunked AES-256-GCM format", () => {
  const chunk = 16;
  it.each([0, 1, 15, 16, 17, 32, 33, 100, 1000])(
    "round-trips %i bytes with the expected ciphertext size",
    async (n) => {
      const key = generateDataKey();
      const b = binding();
      const plain = randomBytes(n);
      const cipher = await encrypt(plain, key, b, chunk);
      expect(cipher.length).toBe(ciphertextSize(n, chunk));
      expect(decodeHeader(cipher.subarray(0, HEADER_BYTES))).toEqual({
        chunkSize: chunk,
        contentKeyVersion: 1,
      });
      const out = await decrypt(cipher, key, b, { sha256: sha(plain), size: n });
      expect(out.error).toBeUndefined();
      expect(out.bytes.equals(plain)).toBe(true);
    },
  );

  it("round-trips with the default 64 KiB chunks and uses a fresh IV per chunk", async () => {
    const key = generateDataKey();
    const b = binding();
    const plain = randomBytes(300_000);
    const cipher = await encrypt(plain, key, b, 64 * 1024);
    const out = await decrypt(cipher, key, b, { sha256: sha(plain), size: plain.length }, 10_000);
    expect(out.bytes.equals(plain)).toBe(true);
    // Same input, same key: different ciphertext (random IVs).
    expect((await encrypt(plain, key, b, 64 * 1024)).equals(cipher)).toBe(false);
  });

  it("detects a flipped bit anywhere: header, IV, ciphertext, tag, first, middle and last chunk", async () => {
    const key = generateDataKey();
    const b = binding();
    const plain = randomBytes(100); // 7 chunks of 16 (last has 4)
    const cipher = await encrypt(plain, key, b, chunk);
    const record = RECORD_OVERHEAD + chunk;
    const positions = [
      0,
      7,
      9,
      13,
      HEADER_BYTES,
      HEADER_BYTES + 12,
      HEADER_BYTES + record - 1,
      HEADER_BYTES + 3 * record + 20,
      cipher.length - 17,
      cipher.length - 1,
    ];
    for (const pos of positions) {
      const tampered = Buffer.from(cipher);
      tampered[pos]! ^= 0x01;
      expectIntegrity(await decrypt(tampered, key, b, { sha256: sha(plain), size: plain.length }), plain);
    }
  });

  it("detects truncation at a chunk boundary, mid-chunk and inside the header", async () => {
    const key = generateDataKey();
    const b = binding();
    const plain = randomBytes(64);
    const cipher = await encrypt(plain, key, b, chunk);
    const record = RECORD_OVERHEAD + chunk;
    for (const len of [
      HEADER_BYTES + 2 * record,
      HEADER_BYTES + 2 * record + 5,
      HEADER_BYTES + record,
      HEADER_BYTES,
      10,
      0,
    ]) {
      expectIntegrity(await decrypt(cipher.subarray(0, len), key, b), plain);
    }
  });

  it("detects reordered chunks and appended data", async () => {
    const key = generateDataKey();
    const b = binding();
    const plain = randomBytes(48);
    const cipher = await encrypt(plain, key, b, chunk);
    const record = RECORD_OVERHEAD + chunk;
    const h = cipher.subarray(0, HEADER_BYTES);
    const r = (i: number) => cipher.subarray(HEADER_BYTES + i * record, HEADER_BYTES + (i + 1) * record);
    expectIntegrity(await decrypt(Buffer.concat([h, r(1), r(0), r(2)]), key, b), plain);
    expectIntegrity(await decrypt(Buffer.concat([cipher, Buffer.from("x")]), key, b), plain);
    expectIntegrity(await decrypt(Buffer.concat([cipher, r(2)]), key, b), plain);
  });

  it("binds every chunk to its organization, document and content key version (AAD)", async () => {
    const key = generateDataKey();
    const b = binding();
    const plain = randomBytes(40);
    const cipher = await encrypt(plain, key, b, chunk, 3);
    expectIntegrity(await decrypt(cipher, key, { ...b, documentId: randomUUID() }), plain);
    expectIntegrity(await decrypt(cipher, key, { ...b, organizationId: randomUUID() }), plain);
    const otherVersion = Buffer.from(cipher);
    otherVersion.writeUInt32BE(1, 12);
    expectIntegrity(await decrypt(otherVersion, key, b), plain);
    expectIntegrity(await decrypt(cipher, generateDataKey(), b), plain);
  });

  it("holds back the final chunk when the recorded size or sha256 doesn't match", async () => {
    const key = generateDataKey();
    const b = binding();
    const plain = randomBytes(40);
    const cipher = await encrypt(plain, key, b, chunk);
    const wrongSha = await decrypt(cipher, key, b, { sha256: sha(randomBytes(4)), size: 40 });
    expectIntegrity(wrongSha, plain);
    expect(wrongSha.bytes.length).toBeLessThan(plain.length);
    expectIntegrity(await decrypt(cipher, key, b, { size: 41 }), plain);
    expectIntegrity(await decrypt(cipher, key, b, { size: 39 }), plain);
  });
});

describe("data key wrapping", () => {
  const ring = parseKeyring(
    `1:${randomBytes(32).toString("base64")},2:${randomBytes(32).toString("base64")}`,
  );

  it("wraps under the newest version and unwraps only with the same document, organization and version", () => {
    const dataKey = generateDataKey();
    const b = binding();
    const { wrappedKey, keyVersion } = wrapDataKey(dataKey, ring, b);
    expect(keyVersion).toBe(2);
    expect(wrappedKey.length).toBe(WRAPPED_KEY_BYTES);
    expect(unwrapDataKey(wrappedKey, ring, b, 2).equals(dataKey)).toBe(true);
    const code = (fn: () => unknown) => {
      try {
        fn();
        return "none";
      } catch (e) {
        return (e as AppError).code;
      }
    };
    expect(code(() => unwrapDataKey(wrappedKey, ring, { ...b, documentId: randomUUID() }, 2))).toBe(
      "INTEGRITY",
    );
    expect(code(() => unwrapDataKey(wrappedKey, ring, { ...b, organizationId: randomUUID() }, 2))).toBe(
      "INTEGRITY",
    );
    expect(code(() => unwrapWithKey(wrappedKey, ring.keys.get(2)!, b, 1))).toBe("INTEGRITY");
    expect(code(() => unwrapDataKey(wrappedKey, ring, b, 1))).toBe("INTEGRITY");
    expect(code(() => unwrapDataKey(wrappedKey, ring, b, 7))).toBe("INTERNAL");
    const flipped = Buffer.from(wrappedKey);
    flipped[20]! ^= 1;
    expect(code(() => unwrapDataKey(flipped, ring, b, 2))).toBe("INTEGRITY");
  });

  it("re-wraps under another master key without changing the data key", () => {
    const dataKey = generateDataKey();
    const b = binding();
    const old = wrapWithKey(dataKey, ring.keys.get(1)!, b, 1);
    const rewrapped = wrapWithKey(unwrapWithKey(old, ring.keys.get(1)!, b, 1), ring.keys.get(2)!, b, 2);
    expect(unwrapWithKey(rewrapped, ring.keys.get(2)!, b, 2).equals(dataKey)).toBe(true);
  });
});
