import "server-only";
// The storage sweeper: an upload stores its object before the row commits (services/documents.ts), so a crash or a
// lost connection between the two can leave ciphertext in the `documents` bucket that no row points to. Such an
// object is unreadable (its data key was never saved) but takes space; once it is older than the grace period —
// longer than any upload in flight takes — it is removed. A shredded document (row kept, data key gone) whose
// object removal failed counts as orphaned too. Runs outside any tenant context, as the database owner: it spans
// every organization and only removes what no live row references.
import { getPrisma, type Db } from "@/lib/database/client";
import { env } from "@/lib/env";
import { DOCUMENTS_BUCKET, removeDocumentObjects } from "../store";

export interface SweepOptions {
  db: Db;
  /** Objects younger than this are never touched (an upload may still be about to commit its row). */
  graceSeconds: number;
  /** Paths removed per Storage call. */
  batchSize?: number;
}

export interface SweepResult {
  removed: string[];
  failed: { path: string; reason: string }[];
}

export async function sweepOrphanedObjects(opts: SweepOptions): Promise<SweepResult> {
  const batchSize = opts.batchSize ?? 100;
  const result: SweepResult = { removed: [], failed: [] };
  const failedPaths = new Set<string>();
  for (;;) {
    // The object's own creation time decides its age; the row check runs in the same statement, so a row that
    // commits before it is seen and keeps its object.
    const rows = await opts.db.$queryRaw<{ name: string }[]>`
      select o.name
        from storage.objects o
       where o.bucket_id = ${DOCUMENTS_BUCKET}
         and o.created_at < now() - make_interval(secs => ${opts.graceSeconds}::double precision)
         and not exists (select 1 from public.transaction_documents d
                          where d.storage_path = o.name and d.wrapped_key is not null)
         and not (o.name = any(${[...failedPaths]}::text[]))
       order by o.created_at, o.name
       limit ${batchSize}`;
    if (rows.length === 0) return result;
    const paths = rows.map((r) => r.name);
    const error = await removeDocumentObjects(paths);
    if (error) {
      for (const path of paths) {
        failedPaths.add(path);
        result.failed.push({ path, reason: error.message });
      }
    } else {
      result.removed.push(...paths);
    }
  }
}

const globalForSweeper = globalThis as unknown as { hearthStorageSweeper?: NodeJS.Timeout };

/**
 * Runs the sweeper every STORAGE_SWEEP_INTERVAL_SECONDS in this server process (registered from instrumentation.ts;
 * 0 turns it off). Several instances may sweep at once: removal is idempotent and only ever touches orphans.
 */
export function scheduleStorageSweeps(): void {
  const { STORAGE_SWEEP_INTERVAL_SECONDS: interval, STORAGE_SWEEP_GRACE_SECONDS: graceSeconds } = env();
  if (interval === 0 || globalForSweeper.hearthStorageSweeper) return;
  const run = async () => {
    try {
      const { removed, failed } = await sweepOrphanedObjects({ db: getPrisma(), graceSeconds });
      if (removed.length > 0) console.info(`[storage:sweep] removed ${removed.length} orphaned objects`);
      if (failed.length > 0)
        console.warn(
          `[storage:sweep] ${failed.length} orphaned objects could not be removed: ${failed[0]!.reason}`,
        );
    } catch (err) {
      console.warn(`[storage:sweep] skipped: ${(err as Error).message}`);
    }
  };
  globalForSweeper.hearthStorageSweeper = setInterval(() => void run(), interval * 1000);
  globalForSweeper.hearthStorageSweeper.unref();
}
