// `npm run keys:rotate`: re-wraps every live document's data key under the newest master key version in
// DOCUMENT_ENCRYPTION_KEYS, without re-encrypting any file. Idempotent and resumable: batches (each its own
// committed transaction) skip rows already at the newest version, so an interrupted run is simply run again.
// Once it reports 0 remaining and no failures, older versions can be removed from the keyring.
//
//   npm run keys:rotate                     re-wrap under the newest version
//   npm run keys:rotate -- --batch-size 500
//   npm run keys:rotate -- --new-key        print a new "<version>:<key>" entry to append to the keyring
import { randomBytes } from "node:crypto";
import { keyFingerprint, parseKeyring } from "../lib/storage/keyring";
import { rotateDocumentKeys } from "../lib/modules/documents";
import { openScriptDb } from "./lib/script-db";
import { cliOption, loadStackEnv, requireEnv } from "./lib/stack-env";

async function main(): Promise<number> {
  loadStackEnv();
  const ring = parseKeyring(
    requireEnv("DOCUMENT_ENCRYPTION_KEYS", "Start the local stack (`npm run stack`) or set the keyring."),
  );
  if (process.argv.includes("--new-key")) {
    console.info(`${ring.current + 1}:${randomBytes(32).toString("base64")}`);
    console.info(
      `# Append this entry to DOCUMENT_ENCRYPTION_KEYS (comma-separated), deploy, then run \`npm run keys:rotate\`.`,
    );
    return 0;
  }
  const batchSize = Number(cliOption("--batch-size") ?? 200);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) {
    console.error("--batch-size must be an integer between 1 and 10000");
    return 2;
  }
  const { db, close } = openScriptDb();
  try {
    console.info(
      `[keys:rotate] target key version ${ring.current} (fingerprint ${keyFingerprint(ring, ring.current)}); keyring has ${[...ring.keys.keys()].sort((a, b) => a - b).join(", ")}`,
    );
    const result = await rotateDocumentKeys({
      db,
      ring,
      batchSize,
      onBatch: (p) =>
        console.info(
          `[keys:rotate] ${p.rotated}/${p.total} re-wrapped${p.failed.length ? `, ${p.failed.length} failed` : ""}`,
        ),
    });
    console.info(
      `[keys:rotate] done: ${result.rotated} re-wrapped, ${result.failed.length} failed, ${result.total - result.rotated - result.failed.length} left for another run`,
    );
    for (const f of result.failed.slice(0, 20))
      console.error(`[keys:rotate] document ${f.id} (key version ${f.keyVersion}): ${f.reason}`);
    if (result.failed.length > 20) console.error(`[keys:rotate] … and ${result.failed.length - 20} more`);
    return result.failed.length > 0 ? 1 : 0;
  } finally {
    await close();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`[keys:rotate] failed: ${(err as Error).message}`);
    process.exit(1);
  },
);
