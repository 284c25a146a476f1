// `npm run audit:verify`: checks every organization's audit hash chain; exits 1 and names the first broken
// link of each broken chain.
import { createPool, createPrismaClient } from "../lib/database/client";
import { verifyAuditChains } from "../lib/modules/activity/services/verify-chain";
import { loadStackEnv, requireEnv } from "./lib/stack-env";

loadStackEnv();
const url =
  process.env.DIRECT_URL ||
  requireEnv("DATABASE_URL", "Start the local stack (`npm run stack`) or set DIRECT_URL.");
const pool = createPool({
  connectionString: url,
  max: 2,
  connectionTimeoutMillis: 10_000,
  idleTimeoutMillis: 10_000,
});
const db = createPrismaClient(pool);
try {
  const report = await verifyAuditChains(db);
  if (report.problems.length === 0) {
    console.info(
      `audit:verify OK — ${report.entries} entries in ${report.organizations} organization chains, all intact.`,
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
  await db.$disconnect();
  await pool.end();
}
