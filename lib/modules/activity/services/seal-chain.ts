import "server-only";
// The audit chain's sealer (decision 0028): entries commit unsealed, without any per-organization lock, and
// private.seal_audit_chain() links the committed ones into their organization's hash chain in commit order. The
// Node server runs it every AUDIT_SEAL_INTERVAL_MS (registered from instrumentation.ts); `npm run audit:verify`
// runs it before checking. Runs as the database owner outside any tenant context. Several sealers at once are safe:
// they wait for each other on the organization's chain-head row, and sealing twice seals nothing twice.
import { getPrisma, type Db } from "@/lib/database/client";
import { env } from "@/lib/env";

/** Entries are sealed within this many seconds of their commit while a sealer runs; verify alarms past it. */
export const AUDIT_SEAL_WINDOW_SECONDS = 30;

/** Entries one call of private.seal_audit_chain() seals per organization at most (its default). */
const SEAL_BATCH = 10_000;

/**
 * Seals every entry committed before the call (of one organization, or all); returns how many it sealed. Calls
 * again only while a call may have stopped at its batch limit, so writers that keep committing can't keep it going.
 */
export async function sealAuditChains(db: Db, organizationId?: string): Promise<number> {
  let total = 0;
  for (;;) {
    const [row] = await db.$queryRaw<Array<{ n: number }>>`
      select private.seal_audit_chain(${organizationId ?? null}::uuid, ${SEAL_BATCH}::int) as n`;
    const n = row?.n ?? 0;
    total += n;
    if (n < SEAL_BATCH) return total;
  }
}

const globalForSealer = globalThis as unknown as { hearthAuditSealer?: NodeJS.Timeout };

/** Seals every AUDIT_SEAL_INTERVAL_MS in this server process (0 turns it off); one run at a time. */
export function scheduleAuditSealing(): void {
  const { AUDIT_SEAL_INTERVAL_MS: interval } = env();
  if (interval === 0 || globalForSealer.hearthAuditSealer) return;
  let running = false;
  const run = async () => {
    if (running) return;
    running = true;
    try {
      await sealAuditChains(getPrisma());
    } catch (err) {
      console.warn(`[audit:seal] skipped: ${(err as Error).message}`);
    } finally {
      running = false;
    }
  };
  globalForSealer.hearthAuditSealer = setInterval(() => void run(), interval);
  globalForSealer.hearthAuditSealer.unref();
}
