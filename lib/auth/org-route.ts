import "server-only";
// The shape of every route handler (Dub's withWorkspace): the caller is a signed-in, unsuspended user; requests
// that carry the session cookie from another site are refused where asked; the organization in the URL is
// authorized for the permission (plan, global role, organization role); every failure is rendered by one
// renderer (lib/http.ts). The handler gets the typed context and only does what is particular to it:
//
//   export const GET = withOrgRoute({ permission: "documents:read" }, async (request, ctx, { documentId }) => …);
//
// `route.as(user)` runs the same route for a given caller instead of the request's session (tests call routes
// without Next).
import {
  hashedRequest,
  IDEMPOTENCY_HEADER,
  parseIdempotencyKey,
  withIdempotencyKey,
} from "../database/idempotency";
import { assertSameOrigin, errorResponse } from "../http";
import { assertActiveUser, authorizeUser, type AuthContext } from "./authorize";
import { getCurrentUser, type CurrentUser } from "./current-user";
import type { Permission } from "./permissions";

export interface RouteContext<P> {
  params: Promise<P>;
}

export interface Route<P> {
  (request: Request, route: RouteContext<P>): Promise<Response>;
  as(user: CurrentUser | null): (request: Request, route: RouteContext<P>) => Promise<Response>;
}

export interface UserRouteOptions {
  /** For logs. */
  name: string;
  /** Refuse requests from other sites (anything that changes data, or streams a body). */
  sameOrigin?: boolean;
  /** A signed-out person who opened the URL in the browser is sent to log in and back (links in emails, chat). */
  signInRedirect?: boolean;
}

export function withUserRoute<P>(
  opts: UserRouteOptions,
  handler: (request: Request, user: CurrentUser, params: P) => Promise<Response>,
): Route<P> {
  // The caller is looked up inside the try: the session check reads the database, and its failure (an outage)
  // must reach the one error renderer like any other.
  const run = async (who: () => Promise<CurrentUser | null>, request: Request, route: RouteContext<P>) => {
    try {
      const caller = await who();
      if (!caller && opts.signInRedirect && (request.headers.get("accept") ?? "").includes("text/html")) {
        const next = new URL(request.url).pathname;
        return new Response(null, {
          status: 303,
          headers: { location: `/login?next=${encodeURIComponent(next)}`, "cache-control": "no-store" },
        });
      }
      const user = assertActiveUser(caller);
      if (opts.sameOrigin) assertSameOrigin(request);
      return await handler(request, user, await route.params);
    } catch (err) {
      return errorResponse(request, err, opts.name);
    }
  };
  const route = (async (request: Request, ctx: RouteContext<P>) =>
    run(getCurrentUser, request, ctx)) as Route<P>;
  route.as = (user) => (request, ctx) => run(async () => user, request, ctx);
  return route;
}

export interface OrgRouteOptions extends Omit<UserRouteOptions, "name"> {
  permission: Permission;
  name?: string;
  /**
   * A create: an `Idempotency-Key` header makes a resubmission (same key, same request) answer as the first did
   * and create nothing — its transaction answers the first result and the handler renders it again
   * (lib/database/idempotency.ts, docs/decisions/0020).
   */
  idempotent?: boolean;
}

/** A route under an organization (`params.org`, slug or id), authorized for `permission`. */
export function withOrgRoute<P extends { org: string }>(
  opts: OrgRouteOptions,
  handler: (request: Request, ctx: AuthContext, params: P) => Promise<Response>,
): Route<P> {
  const name = opts.name ?? opts.permission;
  return withUserRoute<P>({ ...opts, name }, async (request, user, params) => {
    const ctx = await authorizeUser(user, { organization: params.org, permission: opts.permission });
    const key = opts.idempotent ? parseIdempotencyKey(request.headers.get(IDEMPOTENCY_HEADER)) : undefined;
    if (!key) return handler(request, ctx, params);
    const hashed = hashedRequest(request);
    return withIdempotencyKey({ action: name, key, hash: hashed.hash, mode: "return" }, () =>
      handler(hashed.request, ctx, params),
    );
  });
}
