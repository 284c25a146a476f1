// Who is calling Storage: the bearer JWT (a user access token, or the anon / service-role key) verified with the
// platform key. Storage sits behind no API-key gateway, so this is its only authentication.
import type { IncomingMessage } from "node:http";
import type { JWTPayload } from "jose";
import type { PlatformKeys } from "../keys";
import { ERRORS } from "./errors";

export type DbRole = "anon" | "authenticated" | "service_role";
const DB_ROLES: ReadonlySet<string> = new Set<DbRole>(["anon", "authenticated", "service_role"]);

export interface Caller {
  /** A valid JWT was presented. */
  authenticated: boolean;
  role: DbRole;
  claims: JWTPayload;
  /** The `sub` claim: recorded as the owner of what the caller uploads. */
  owner: string | undefined;
}

const ANONYMOUS: Caller = { authenticated: false, role: "anon", claims: { role: "anon" }, owner: undefined };

/**
 * Verifies `Authorization: Bearer <jwt>`. Routes that also serve public buckets pass `allowInvalid`: a missing or
 * bad token then makes the caller anonymous instead of failing, as Storage does.
 */
export async function authenticate(
  req: IncomingMessage,
  keys: PlatformKeys,
  opts: { allowInvalid?: boolean } = {},
): Promise<Caller> {
  const token = (req.headers.authorization ?? "").replace(/^Bearer\s+/i, "").trim();
  if (!token && opts.allowInvalid) return ANONYMOUS;
  let claims: JWTPayload;
  try {
    claims = await keys.verify(token);
  } catch (err) {
    if (opts.allowInvalid) return ANONYMOUS;
    throw ERRORS.accessDenied((err as Error).message || "Invalid JWT");
  }
  // Signed-URL tokens are signed with the same key; they grant one download, never an identity.
  if ("url" in claims) {
    if (opts.allowInvalid) return ANONYMOUS;
    throw ERRORS.accessDenied("Invalid JWT");
  }
  const role = typeof claims.role === "string" ? claims.role : "anon";
  if (!DB_ROLES.has(role)) throw ERRORS.accessDenied("Access denied: Invalid role", 403);
  return {
    authenticated: true,
    role: role as DbRole,
    claims,
    owner: typeof claims.sub === "string" && claims.sub ? claims.sub : undefined,
  };
}

/** Routes Storage reserves for the service role (empty bucket). */
export function requireServiceRole(caller: Caller): Caller {
  if (!caller.authenticated) throw ERRORS.accessDenied("Access denied: JWT is not authenticated", 403);
  if (caller.role !== "service_role") throw ERRORS.accessDenied("Access denied: Invalid role", 403);
  return caller;
}
