// Runs the package's sql/*.sql in order: the parts of a hosted Supabase database (roles, auth, storage,
// realtime publication) that our migrations and the local services rely on. Each file is idempotent.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type pg from "pg";

const SQL_DIR = path.join(import.meta.dirname, "..", "sql");

export async function bootstrapDatabase(db: pg.Pool): Promise<void> {
  const files = (await readdir(SQL_DIR)).filter((f) => f.endsWith(".sql")).sort();
  const client = await db.connect();
  try {
    // Two stacks starting against one cluster must not interleave the bootstrap.
    await client.query("select pg_advisory_lock(hashtext('hearth-local-bootstrap'))");
    for (const file of files) {
      const sql = await readFile(path.join(SQL_DIR, file), "utf8");
      try {
        await client.query(sql);
      } catch (err) {
        throw new Error(`Bootstrap ${file} failed: ${(err as Error).message}`);
      }
    }
  } finally {
    await client.query("select pg_advisory_unlock(hashtext('hearth-local-bootstrap'))").catch(() => {});
    client.release();
  }
}
