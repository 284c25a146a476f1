import "server-only";
// After a bulk write commits, refresh the contacts table's planner statistics at once instead of waiting for
// autovacuum: with the old statistics the planner treats a table that just grew by thousands of rows as small, and
// searches take seconds until the next autoanalyze (migration 20261206001801).
import type { AuthContext } from "@/lib/auth/authorize";
import { withTenantContext, type TenantOptions } from "@/lib/database/tenant";

/** Below this many changed rows autovacuum's own threshold (50 + 10% of the table) is close enough. */
export const ANALYZE_AFTER_ROWS = 500;

export async function analyzeContactsAfterBulkWrite(
  ctx: AuthContext,
  changedRows: number,
  opts: TenantOptions = {},
): Promise<void> {
  if (changedRows < ANALYZE_AFTER_ROWS) return;
  try {
    await withTenantContext(ctx, (tx) => tx.$executeRaw`select private.analyze_contacts()`, {
      db: opts.db,
      timeoutMs: 60_000,
    });
  } catch (err) {
    // The write has committed; stale statistics only slow searches down until autovacuum catches up.
    console.warn("[crm] analyze after a bulk write failed", err);
  }
}
