// The database connection of the maintenance scripts (audit:verify, keys:rotate, user:suspend): the table owner's,
// outside any tenant context, through DIRECT_URL when set (hosted: the direct connection) or DATABASE_URL; by
// default the local stack's (.stack/env).
import { createPool, createPrismaClient, type Db } from "../../lib/database/client";
import { loadStackEnv, requireEnv } from "./stack-env";

export function openScriptDb(max = 2): { db: Db; close: () => Promise<void> } {
  loadStackEnv();
  const url =
    process.env.DIRECT_URL ||
    requireEnv("DATABASE_URL", "Start the local stack (`npm run stack`) or set DIRECT_URL.");
  const pool = createPool({
    connectionString: url,
    max,
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 10_000,
  });
  const db = createPrismaClient(pool);
  return {
    db,
    close: async () => {
      await db.$disconnect();
      await pool.end();
    },
  };
}
