// `npm run audit:verify`: seals every committed entry (decision 0028), then checks every organization's audit hash
// chain; exits 1 and names the first broken link of each broken chain, and any entry that waited longer than the
// sealing window (the sealer is not running).
import { verifyAuditChains } from "../lib/modules/activity/queries/verify-chain";
import { openScriptDb } from "./lib/script-db";

const { db, close } = openScriptDb();
try {
  const report = await verifyAuditChains(db);
  if (report.problems.length === 0) {
    console.info(
      `audit:verify OK — ${report.entries} entries in ${report.organizations} organization chains, all intact` +
        (report.unsealed > 0 ? ` (${report.unsealed} committed since, not sealed yet).` : "."),
    );
  } else {
    console.error(
      `audit:verify FAILED — ${report.problems.length} of ${report.organizations} chains are broken:`,
    );
    for (const p of report.problems)
      console.error(`  organization ${p.organizationId}: ${p.problem} (entry ${p.entryId ?? "?"})`);
    process.exitCode = 1;
  }
} finally {
  await close();
}
