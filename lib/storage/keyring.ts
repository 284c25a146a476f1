import "server-only";
// The versioned master keyring for documents (DOCUMENT_ENCRYPTION_KEYS = "1:<base64 32 bytes>,2:<…>"). Master
// keys only wrap per-document data keys; the newest version wraps new keys and is what `npm run keys:rotate`
// re-wraps everything under. Read from the environment at use (parsing memoized per value), so tests and
// tools that swap the keyring see the new one.
import { createHash, hkdfSync } from "node:crypto";
import { env } from "../env";
import { AppError } from "../errors";

export interface Keyring {
  /** version → 32-byte master key */
  readonly keys: ReadonlyMap<number, Buffer>;
  /** The newest version: wraps new data keys and signs new links. */
  readonly current: number;
}

export class KeyringError extends Error {
  override name = "KeyringError";
}

export function parseKeyring(text: string): Keyring {
  const keys = new Map<number, Buffer>();
  for (const raw of text.split(",")) {
    const entry = raw.trim();
    if (!entry) continue;
    const m = /^(\d+):([A-Za-z0-9+/=_-]+)$/.exec(entry);
    if (!m) throw new KeyringError('DOCUMENT_ENCRYPTION_KEYS must be "<version>:<base64 of 32 bytes>[,…]"');
    const version = Number(m[1]);
    const key = Buffer.from(m[2]!, "base64");
    if (!Number.isSafeInteger(version) || version < 1)
      throw new KeyringError(`Key version ${m[1]} must be a positive integer`);
    if (key.length !== 32)
      throw new KeyringError(`Key version ${version} must be 32 bytes (base64), got ${key.length}`);
    if (keys.has(version)) throw new KeyringError(`Key version ${version} appears twice`);
    keys.set(version, key);
  }
  if (keys.size === 0) throw new KeyringError("DOCUMENT_ENCRYPTION_KEYS has no keys");
  return { keys, current: Math.max(...keys.keys()) };
}

let memo: { text: string; ring: Keyring } | undefined;

/** The keyring from DOCUMENT_ENCRYPTION_KEYS. */
export function documentKeyring(): Keyring {
  const text = env().DOCUMENT_ENCRYPTION_KEYS;
  if (memo?.text !== text) memo = { text, ring: parseKeyring(text) };
  return memo.ring;
}

/** The master key of one version; a missing version is a configuration error, never the user's fault. */
export function masterKey(ring: Keyring, version: number): Buffer {
  const key = ring.keys.get(version);
  if (!key) {
    throw new AppError("INTERNAL", "This document's encryption key is not available.", {
      cause: new KeyringError(`master key version ${version} is not in DOCUMENT_ENCRYPTION_KEYS`),
    });
  }
  return key;
}

/** A separate key for signing document links, derived from a master key (never used for both). */
export function linkSigningKey(ring: Keyring, version: number): Buffer | undefined {
  const key = ring.keys.get(version);
  if (!key) return undefined;
  return Buffer.from(hkdfSync("sha256", key, Buffer.alloc(0), "hearth:document-link:v1", 32));
}

/** A short, non-secret fingerprint of a key version (for logs and the rotate script). */
export function keyFingerprint(ring: Keyring, version: number): string {
  const key = ring.keys.get(version);
  return key ? createHash("sha256").update(key).digest("hex").slice(0, 12) : "missing";
}
