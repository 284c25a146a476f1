// Test-only: mints JWTs with the test stack's own signing key (read from its data dir), to build expired,
// tampered or hand-shaped tokens for attack tests. Never used by application code.
import { readFileSync } from "node:fs";
import path from "node:path";
import { importJWK, SignJWT, type JWK, type JWTPayload } from "jose";

function stackKey(): { kid: string; privateJwk: JWK } {
  const dir = process.env.HEARTH_TEST_STACK_DIR;
  if (!dir) throw new Error("HEARTH_TEST_STACK_DIR is not set (integration tests only)");
  return JSON.parse(readFileSync(path.join(dir, "data", "jwt-signing-key.json"), "utf8"));
}

/** Signs claims with the stack's key; `exp` defaults to one hour from now. */
export async function mintToken(
  claims: JWTPayload,
  opts: { expiresIn?: number; kid?: string } = {},
): Promise<string> {
  const { kid, privateJwk } = stackKey();
  const key = await importJWK(privateJwk, "ES256");
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ aud: "authenticated", role: "authenticated", ...claims })
    .setProtectedHeader({ alg: "ES256", kid: opts.kid ?? kid, typ: "JWT" })
    .setIssuedAt(now)
    .setExpirationTime(now + (opts.expiresIn ?? 3600))
    .sign(key);
}

/** Changes one claim of a signed token without re-signing it (the signature no longer matches). */
export function tamper(token: string, changes: Record<string, unknown>): string {
  const [h, p, s] = token.split(".");
  const payload = { ...JSON.parse(Buffer.from(p!, "base64url").toString()), ...changes };
  return `${h}.${Buffer.from(JSON.stringify(payload)).toString("base64url")}.${s}`;
}

/** An unsigned token (`alg: none`). */
export function unsignedToken(claims: Record<string, unknown>): string {
  const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");
  const now = Math.floor(Date.now() / 1000);
  return `${enc({ alg: "none", typ: "JWT" })}.${enc({ aud: "authenticated", role: "authenticated", iat: now, exp: now + 3600, ...claims })}.`;
}
