// Database plumbing for the Auth service: one transaction helper (commit, or commit-then-fail for
// GoTrue's "revoke and answer an error" paths) over the stack's superuser pool.
import type pg from "pg";
import { CommitThenFail } from "./errors";

export type Queryable = pg.Pool | pg.PoolClient;

const ignore = () => {};

export async function transaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  // A checked-out client whose backend dies emits 'error'; without a listener that would crash the process.
  client.on("error", ignore);
  // Released to the pool only when it is known to be outside a transaction; otherwise closed.
  let discard = true;
  try {
    await client.query("begin");
    let outcome: { value: T } | { error: unknown };
    try {
      outcome = { value: await fn(client) };
    } catch (err) {
      outcome = { error: err };
    }
    if ("value" in outcome) {
      await client.query("commit");
      discard = false;
      return outcome.value;
    }
    if (outcome.error instanceof CommitThenFail) {
      await client.query("commit");
      discard = false;
      throw outcome.error.error;
    }
    await client.query("rollback");
    discard = false;
    throw outcome.error;
  } finally {
    client.off("error", ignore);
    client.release(discard || undefined);
  }
}

export function isUniqueViolation(err: unknown): boolean {
  return typeof err === "object" && err !== null && (err as { code?: string }).code === "23505";
}
