import "server-only";
// Short-lived document links: an HMAC-SHA256 token the app signs over (document id, organization id, expiry,
// signing key version) with a key derived from the master keyring. Not a Storage signed URL — the stored
// object is ciphertext. A valid token is necessary but not sufficient: the link route still requires a
// signed-in member allowed to read the organization's documents, and the document must still exist.
import { createHmac, timingSafeEqual } from "node:crypto";
import { AppError } from "@/lib/errors";
import { linkSigningKey, type Keyring } from "@/lib/storage/keyring";
import { isUuid } from "@/lib/validation";

export interface DocumentLinkClaims {
  documentId: string;
  organizationId: string;
  /** Expiry, seconds since the epoch. */
  expiresAt: number;
}

const PREFIX = "hearth:document-link:v1.";

function mac(key: Buffer, payload: string): Buffer {
  return createHmac("sha256", key)
    .update(PREFIX + payload)
    .digest();
}

export function signDocumentLink(claims: DocumentLinkClaims, ring: Keyring): string {
  const key = linkSigningKey(ring, ring.current)!;
  const payload = Buffer.from(
    JSON.stringify({ d: claims.documentId, o: claims.organizationId, e: claims.expiresAt, v: ring.current }),
  ).toString("base64url");
  return `${payload}.${mac(key, payload).toString("base64url")}`;
}

const notFound = () => new AppError("NOT_FOUND", "This link isn't valid. Ask for a new one.");

/** The claims of an authentic, unexpired token; NOT_FOUND when altered, FORBIDDEN when expired. */
export function verifyDocumentLink(
  token: string,
  ring: Keyring,
  nowSeconds = Math.floor(Date.now() / 1000),
): DocumentLinkClaims {
  if (token.length > 1024) throw notFound();
  const m = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!m) throw notFound();
  const [, payload, sig] = m as unknown as [string, string, string];
  let claims: { d?: unknown; o?: unknown; e?: unknown; v?: unknown };
  try {
    claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
  } catch {
    throw notFound();
  }
  const key = typeof claims.v === "number" ? linkSigningKey(ring, claims.v) : undefined;
  if (!key) throw notFound();
  const expected = mac(key, payload);
  const given = Buffer.from(sig, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw notFound();
  if (
    typeof claims.d !== "string" ||
    typeof claims.o !== "string" ||
    typeof claims.e !== "number" ||
    !isUuid(claims.d) ||
    !isUuid(claims.o)
  ) {
    throw notFound();
  }
  if (claims.e <= nowSeconds)
    throw new AppError("FORBIDDEN", "This link has expired. Ask for a new one.", {
      details: { reason: "expired" },
    });
  return { documentId: claims.d, organizationId: claims.o, expiresAt: claims.e };
}
