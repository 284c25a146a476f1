// `npm run db:backup -- --out FILE`: one archive of the database (public, private, auth, storage) and every stored
// object, with a manifest of checksums. The document keyring is never in it. See scripts/lib/backup.ts.
import { backupTargetFromEnv, writeBackup } from "./lib/backup";
import { cliOption, loadStackEnv, requireEnv } from "./lib/stack-env";

loadStackEnv();
const out = cliOption("--out") ?? `backups/hearth-${new Date().toISOString().replace(/[:.]/g, "-")}.tar.gz`;
try {
  await writeBackup(backupTargetFromEnv(requireEnv), out);
} catch (err) {
  console.error(`db:backup failed: ${(err as Error).message}`);
  process.exitCode = 1;
}
