import "server-only";
// The shape of every write in a feature module: `(ctx, input, opts?) => result` — the input validated with the
// action's own schema (services are also called by route handlers, scripts and tests), the work done in one tenant
// transaction as the caller, its change and its audit entry committing together. A service file then holds only
// what is particular to it:
//
//   export const createDeal = tenantService(createDealSchema, async (tx, input, ctx) => { … });
//
// Writes that also talk to Storage around their transaction (uploads, deletions of stored objects) keep the same
// signature but open their transaction themselves; one that only talks to another system after committing (an
// invitation's mail) stays a tenantService and does that in its action's `respond` (lib/auth/org-action.ts).
//
// `service.within(tx, ctx, raw)` does the same work inside a transaction the caller already holds, so a write of
// one module that includes another's (a loop's participant created as a new CRM contact) commits or rolls back
// as one, with both audit entries.
import type { z } from "zod";
import type { AuthContext } from "./auth/authorize";
import { toAppError } from "./database/errors";
import { withTenantContext, type TenantOptions, type TenantTx } from "./database/tenant";

export interface Service<S extends z.ZodType, T> {
  (ctx: AuthContext, raw: z.input<S>, opts?: TenantOptions): Promise<T>;
  /** The same work in the caller's tenant transaction (its errors mapped the same way). */
  within(tx: TenantTx, ctx: AuthContext, raw: z.input<S>): Promise<T>;
  /** What runs once the work has committed (a caller that commits `within`'s transaction runs it after). */
  afterCommit?: (result: T, ctx: AuthContext, opts?: TenantOptions) => Promise<void>;
  /** The transaction timeout the work asks for. */
  timeoutMs?: number;
}

/** A service made by tenantService (it can join the caller's transaction). */
export function isService<T>(fn: unknown): fn is Service<z.ZodType, T> {
  return typeof fn === "function" && typeof (fn as { within?: unknown }).within === "function";
}

export function tenantService<S extends z.ZodType, T>(
  schema: S,
  work: (tx: TenantTx, input: z.output<S>, ctx: AuthContext) => Promise<T>,
  options: {
    /** Turns a database error into what the user should hear (e.g. a unique violation into a field error). */
    mapError?: (err: unknown) => unknown;
    /** For writes that may take long (bulk operations); the caller's opts still win. */
    timeoutMs?: number;
    /** Runs after the transaction commits (not for `within`, whose caller commits), e.g. refreshing statistics. */
    afterCommit?: (result: T, ctx: AuthContext, opts?: TenantOptions) => Promise<void>;
  } = {},
): Service<S, T> {
  const mapError = (err: unknown) => (options.mapError ? options.mapError(toAppError(err)) : err);
  const service = async (ctx: AuthContext, raw: z.input<S>, opts?: TenantOptions) => {
    const input = schema.parse(raw);
    let result: T;
    try {
      result = await withTenantContext(ctx, (tx) => work(tx, input, ctx), {
        timeoutMs: options.timeoutMs,
        ...opts,
      });
    } catch (err) {
      throw mapError(err);
    }
    await options.afterCommit?.(result, ctx, opts);
    return result;
  };
  service.within = async (tx: TenantTx, ctx: AuthContext, raw: z.input<S>) => {
    const input = schema.parse(raw);
    try {
      return await work(tx, input, ctx);
    } catch (err) {
      throw mapError(err);
    }
  };
  service.afterCommit = options.afterCommit;
  service.timeoutMs = options.timeoutMs;
  return service;
}
