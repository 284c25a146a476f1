// `npm run storage:sweep`: removes objects in the `documents` bucket that no live document row references and that
// are older than the grace period (an upload in flight stores its object before its row commits). Safe to run at
// any time and from several places; the app also runs it every STORAGE_SWEEP_INTERVAL_SECONDS.
//
//   npm run storage:sweep                       grace: STORAGE_SWEEP_GRACE_SECONDS (default 3600)
//   npm run storage:sweep -- --grace-seconds 600
import { sweepOrphanedObjects } from "../lib/modules/documents";
import { env } from "../lib/env";
import { openScriptDb } from "./lib/script-db";
import { cliOption } from "./lib/stack-env";

const { db, close } = openScriptDb();
try {
  const grace = Number(cliOption("--grace-seconds") ?? env().STORAGE_SWEEP_GRACE_SECONDS);
  if (!Number.isInteger(grace) || grace < 0) throw new Error("--grace-seconds must be a whole number ≥ 0");
  const { removed, failed } = await sweepOrphanedObjects({ db, graceSeconds: grace });
  console.info(`storage:sweep — removed ${removed.length} orphaned objects older than ${grace} s.`);
  for (const f of failed.slice(0, 20)) console.error(`  could not remove ${f.path}: ${f.reason}`);
  if (failed.length > 0) process.exitCode = 1;
} catch (err) {
  console.error(`storage:sweep failed: ${(err as Error).message}`);
  process.exitCode = 1;
} finally {
  await close();
}
