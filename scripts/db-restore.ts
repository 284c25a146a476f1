// `npm run db:restore -- FILE`: restores an archive of `npm run db:backup` into the empty, migrated stack that
// DIRECT_URL and the platform variables point at; refuses a database that holds users or organizations.
import { parseKeyring } from "../lib/storage/keyring";
import { backupTargetFromEnv, restoreBackup } from "./lib/backup";
import { loadStackEnv, requireEnv } from "./lib/stack-env";

loadStackEnv();
const file = process.argv.slice(2).find((a) => !a.startsWith("--"));
if (!file) {
  console.error("usage: npm run db:restore -- <archive.tar.gz>");
  process.exit(2);
}
try {
  const keys = process.env.DOCUMENT_ENCRYPTION_KEYS;
  await restoreBackup(backupTargetFromEnv(requireEnv), file, {
    keyVersions: keys ? [...parseKeyring(keys).keys.keys()] : undefined,
  });
} catch (err) {
  console.error(`db:restore failed: ${(err as Error).message}`);
  process.exitCode = 1;
}
