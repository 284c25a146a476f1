// Routes as data: each service declares its routes as a table — method, path pattern, the authentication the route
// requires, handler — the way Supabase Storage registers its routes inside plugins (registerJwtAuth, dbSuperUser) and
// GoTrue inside middleware groups (requireAuthentication, requireAdmin). The server matches every request against
// one table of all services' routes; the route's authentication runs before its handler, which receives the caller.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Duplex } from "node:stream";

export type Method = "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface Call<C> {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  /** `:name` segments and `*` (the rest of the path, at least one segment), still percent-encoded. */
  params: Record<string, string>;
  /** What the route's authentication established about the caller. */
  caller: C;
}

export interface Route<Callers> {
  methods: readonly Method[];
  /** Relative to the service's prefix, e.g. "/object/:bucket/*". */
  path: string;
  auth: keyof Callers & string;
  // The handler's caller type follows from `auth`; route() checks it, the table stores it erased.
  handler: (call: Call<never>) => Promise<void>;
}

/** Builds a service's routes: `route(["GET"], "/bucket/:id", "jwt", (c) => …)` types `c.caller` from "jwt". */
export function routeBuilder<Callers>() {
  return <A extends keyof Callers & string>(
    methods: readonly Method[],
    path: string,
    auth: A,
    handler: (call: Call<Callers[A]>) => Promise<void>,
  ): Route<Callers> => ({ methods, path, auth, handler: handler as Route<Callers>["handler"] });
}

/** A service's authentication options: each returns the caller its routes get, or throws the service's error. */
export type Authenticators<Callers> = {
  [A in keyof Callers]: (req: IncomingMessage, url: URL) => Promise<Callers[A]>;
};

export interface Service<Callers = Record<string, unknown>> {
  /** Where it is mounted: "/auth/v1", "/storage/v1", "/realtime/v1". */
  prefix: string;
  routes: Route<Callers>[];
  authenticate: Authenticators<Callers>;
  /** The authentication a path no route has must pass before it gets the service's 404 (the gateway's key check). */
  unmatchedAuth?: keyof Callers & string;
  /** Rewrites the path before matching (GoTrue ignores trailing slashes). */
  normalizePath?: (path: string) => string;
  /** Refuses a request before matching (Storage refuses paths that URL normalization would have changed). */
  precheck?: (req: IncomingMessage) => void;
  /** The service's answer to a path no route has: thrown, then rendered by renderError. */
  notFound: (method: string, path: string, url: URL) => Error;
  /** Renders anything a route threw, in the service's error shape. */
  renderError: (err: unknown, req: IncomingMessage, res: ServerResponse) => void;
  /** WebSocket upgrades (Realtime only). */
  upgrade?: (req: IncomingMessage, socket: Duplex, head: Buffer, path: string, url: URL) => void;
  close: () => Promise<void>;
}

/** Checks a service against its own authentication options, then erases them for the server's one table. */
export function defineService<Callers>(service: Service<Callers>): Service {
  return service as unknown as Service;
}

type Segment = { kind: "static"; value: string } | { kind: "param"; name: string } | { kind: "rest" };

export interface TableEntry {
  service: Service;
  route: Route<Record<string, unknown>>;
  segments: Segment[];
}

function compile(path: string): Segment[] {
  return path
    .split("/")
    .slice(1)
    .map((part, i, all): Segment => {
      if (part === "*") {
        if (i !== all.length - 1) throw new Error(`"*" must end a route path: ${path}`);
        return { kind: "rest" };
      }
      return part.startsWith(":") ? { kind: "param", name: part.slice(1) } : { kind: "static", value: part };
    });
}

/** One table of every service's routes, prefixed. */
export function routeTable(services: Service[]): TableEntry[] {
  return services.flatMap((service) =>
    service.routes.map((route) => ({
      service,
      route: route as Route<Record<string, unknown>>,
      segments: compile(service.prefix + route.path),
    })),
  );
}

const RANK = { static: 0, param: 1, rest: 2 } as const;

/** Orders candidate matches like Storage's router: at the first segment where they differ, static beats a
 * parameter, and a parameter beats the rest-of-path wildcard. */
function moreSpecific(a: Segment[], b: Segment[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const ra = a[i] ? RANK[a[i]!.kind] : 3;
    const rb = b[i] ? RANK[b[i]!.kind] : 3;
    if (ra !== rb) return ra - rb;
  }
  return 0;
}

function matchSegments(segments: Segment[], parts: string[]): Record<string, string> | null {
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i]!;
    if (seg.kind === "rest") {
      if (i >= parts.length) return null;
      params["*"] = parts.slice(i).join("/");
      return params;
    }
    const part = parts[i];
    if (part === undefined) return null;
    if (seg.kind === "static" && seg.value !== part) return null;
    if (seg.kind === "param") params[seg.name] = part;
  }
  return segments.length === parts.length ? params : null;
}

export interface Match {
  entry: TableEntry;
  params: Record<string, string>;
}

/** The most specific route of the table for the method and (normalized) path, if any. */
export function findRoute(table: TableEntry[], method: string, pathname: string): Match | null {
  const parts = pathname.split("/").slice(1);
  let best: Match | null = null;
  for (const entry of table) {
    if (!entry.route.methods.includes(method as Method)) continue;
    const params = matchSegments(entry.segments, parts);
    if (params && (!best || moreSpecific(entry.segments, best.entry.segments) < 0)) best = { entry, params };
  }
  return best;
}
