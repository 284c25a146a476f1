// Who is calling: GoTrue's requireAuthentication (a valid access token whose user and session still exist)
// and requireAdminCredentials (a valid JWT with an admin role, i.e. the service-role key).
import type { IncomingMessage } from "node:http";
import type { JWTPayload } from "jose";
import type { PlatformContext } from "../context";
import { bearerToken } from "../http";
import type { AuthConfig } from "../config";
import { AuthError, badRequest, forbidden } from "./errors";
import { findUserById, isBanned, isUuid, NIL_UUID, type UserRow } from "./users";

export interface Caller {
  claims: JWTPayload & { session_id?: unknown; role?: unknown };
  user: UserRow;
  /** null for tokens without a session_id claim (hand-minted tokens); GoTrue accepts those. */
  sessionId: string | null;
}

function describeJoseError(err: unknown): string {
  const code = (err as { code?: string }).code;
  switch (code) {
    case "ERR_JWT_EXPIRED":
      return "token has invalid claims: token is expired";
    case "ERR_JWS_SIGNATURE_VERIFICATION_FAILED":
      return "token signature is invalid: signature is invalid";
    case "ERR_JOSE_ALG_NOT_ALLOWED":
    case "ERR_JOSE_NOT_SUPPORTED":
      return "token is unverifiable: signing method is invalid";
    case "ERR_JWT_CLAIM_VALIDATION_FAILED":
      return `token has invalid claims: ${(err as Error).message}`;
    default:
      return "token is malformed";
  }
}

export async function verifiedClaims(ctx: PlatformContext, req: IncomingMessage): Promise<Caller["claims"]> {
  const header = req.headers.authorization;
  const token = bearerToken(req);
  if (!header || !token || /\s/.test(token)) {
    throw new AuthError(401, "no_authorization", "This endpoint requires a valid Bearer token");
  }
  try {
    return await ctx.keys.verify(token);
  } catch (err) {
    throw forbidden("bad_jwt", `invalid JWT: unable to parse or verify signature, ${describeJoseError(err)}`);
  }
}

async function sessionExists(
  ctx: PlatformContext,
  sessionId: string,
  userId: string | null,
): Promise<boolean> {
  const { rowCount } = await ctx.db.query(
    `select 1 from auth.sessions where id = $1 and ($2::uuid is null or user_id = $2::uuid)
        and (not_after is null or not_after > now())`,
    [sessionId, userId],
  );
  return (rowCount ?? 0) > 0;
}

function sessionIdClaim(claims: Caller["claims"]): string | null {
  const sid = claims.session_id;
  if (sid === undefined || sid === null || sid === "" || sid === NIL_UUID) return null;
  if (typeof sid !== "string" || !isUuid(sid)) {
    throw forbidden("bad_jwt", "invalid claim: session_id claim must be a UUID");
  }
  return sid;
}

export async function authenticateUser(ctx: PlatformContext, req: IncomingMessage): Promise<Caller> {
  const claims = await verifiedClaims(ctx, req);
  if (typeof claims.sub !== "string" || claims.sub === "") {
    throw forbidden("bad_jwt", "invalid claim: missing sub claim");
  }
  if (!isUuid(claims.sub)) throw badRequest("bad_jwt", "invalid claim: sub claim must be a UUID");
  const user = await findUserById(ctx.db, claims.sub);
  if (!user) throw forbidden("user_not_found", "User from sub claim in JWT does not exist");
  const sessionId = sessionIdClaim(claims);
  if (sessionId && !(await sessionExists(ctx, sessionId, user.id))) {
    throw forbidden("session_not_found", "Session from session_id claim in JWT does not exist");
  }
  if (isBanned(user)) throw forbidden("user_banned", "User is banned");
  return { claims, user, sessionId };
}

/** The verified claims of an admin request (the service-role key, or a token with an admin role). */
export type AdminClaims = Caller["claims"];

export async function requireAdmin(
  ctx: PlatformContext,
  config: AuthConfig,
  req: IncomingMessage,
): Promise<AdminClaims> {
  const claims = await verifiedClaims(ctx, req);
  // A user token that references a session must still have it (GoTrue checks this before the role).
  const sessionId = sessionIdClaim(claims);
  if (sessionId && !(await sessionExists(ctx, sessionId, null))) {
    throw forbidden("session_not_found", "Session from session_id claim in JWT does not exist");
  }
  if (typeof claims.role !== "string" || !config.adminRoles.includes(claims.role)) {
    throw forbidden("not_admin", "User not allowed");
  }
  return claims;
}
