// Verification of the JWTs a channel joins with (or refreshes with `access_token`), answered with the error
// codes and messages Supabase Realtime uses (RealtimeChannel.confirm_token / JwtVerification).
import { decodeJwt, decodeProtectedHeader, errors, type JWTPayload } from "jose";
import type { PlatformKeys } from "../keys";

/** The roles a subscriber may act as; anything else is refused (our tokens never carry another role). */
export type SubscriberRole = "anon" | "authenticated" | "service_role";

export interface VerifiedClaims {
  claims: JWTPayload;
  role: SubscriberRole;
  exp: number;
}

export type TokenCheck =
  { ok: true; value: VerifiedClaims } | { ok: false; code: string; message: string; expired: boolean };

const ROLES = new Set<string>(["anon", "authenticated", "service_role"]);

const fail = (code: string, message: string, expired = false): TokenCheck => ({
  ok: false,
  code,
  message,
  expired,
});

export async function verifyToken(keys: PlatformKeys, raw: string): Promise<TokenCheck> {
  let token = raw;
  try {
    token = decodeURIComponent(raw);
  } catch {
    // not URI-encoded
  }
  token = token.replace(/\s/g, "");

  let header: ReturnType<typeof decodeProtectedHeader>;
  let peeked: JWTPayload;
  try {
    header = decodeProtectedHeader(token);
    peeked = decodeJwt(token);
  } catch {
    return fail("MalformedJWT", "The token provided is not a valid JWT");
  }
  const alg = typeof header.alg === "string" ? header.alg : "";
  const kid = typeof header.kid === "string" ? header.kid : null;
  const known = /^(HS|RS|ES)(256|384|512)$|^(EdDSA|Ed25519|Ed448)$/.test(alg);
  if (!known || (alg !== "ES256" && !alg.startsWith("HS")) || (alg === "ES256" && kid === null)) {
    return fail(
      "JwtSignerError",
      "Failed to generate JWT signer, check your JWT secret or JWKS configuration",
    );
  }
  if (alg === "ES256" && kid !== keys.kid) {
    return fail(
      "JwtSignerError",
      `Failed to generate JWT signer for key ID (kid) ${JSON.stringify(kid)}, check your JWT secret or JWKS configuration`,
    );
  }

  let claims: JWTPayload;
  try {
    claims = await keys.verify(token);
  } catch (err) {
    if (err instanceof errors.JWTExpired) {
      const exp = typeof peeked.exp === "number" ? peeked.exp : 0;
      const ago = Math.max(0, Math.floor(Date.now() / 1000) - Math.round(exp));
      return fail("InvalidJWTToken", `Token has expired ${ago} seconds ago`, true);
    }
    return fail("JwtSignatureError", "Failed to validate JWT signature");
  }
  if (typeof claims.exp !== "number" || claims.role === undefined) {
    return fail("InvalidJWTToken", "Fields `role` and `exp` are required in JWT");
  }
  if (typeof claims.role !== "string" || !ROLES.has(claims.role)) {
    return fail("Unauthorized", `Role ${JSON.stringify(claims.role)} may not subscribe to Realtime`);
  }
  return { ok: true, value: { claims, role: claims.role as SubscriberRole, exp: Math.round(claims.exp) } };
}
