import "server-only";
// The shape of every write in a feature module: `(ctx, input, opts?) => result` — the input validated with the
// action's own schema (services are also called by route handlers, scripts and tests), the work done in one tenant
// transaction as the caller, its change and its audit entry committing together. A service file then holds only
// what is particular to it:
//
//   export const createDeal = tenantService(createDealSchema, async (tx, input, ctx) => { … });
//
// Writes that also talk to Storage or send mail around their transaction (uploads, deletions of stored objects,
// invitations) keep the same signature but open their transaction themselves.
import type { z } from "zod";
import type { AuthContext } from "./auth/authorize";
import { withTenantContext, type TenantOptions, type TenantTx } from "./database/tenant";

export type Service<S extends z.ZodType, T> = (
  ctx: AuthContext,
  raw: z.input<S>,
  opts?: TenantOptions,
) => Promise<T>;

export function tenantService<S extends z.ZodType, T>(
  schema: S,
  work: (tx: TenantTx, input: z.output<S>, ctx: AuthContext) => Promise<T>,
  options: {
    /** Turns a database error into what the user should hear (e.g. a unique violation into a field error). */
    mapError?: (err: unknown) => unknown;
    /** For writes that may take long (bulk operations); the caller's opts still win. */
    timeoutMs?: number;
  } = {},
): Service<S, T> {
  return async (ctx, raw, opts) => {
    const input = schema.parse(raw);
    try {
      return await withTenantContext(ctx, (tx) => work(tx, input, ctx), {
        timeoutMs: options.timeoutMs,
        ...opts,
      });
    } catch (err) {
      throw options.mapError ? options.mapError(err) : err;
    }
  };
}
