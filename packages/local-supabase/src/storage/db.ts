// Database access for Storage: transactions on the platform's superuser pool that switch to the caller's role and
// JWT claims (`set_config(..., true)`), so the RLS policies on storage.objects and storage.buckets decide, as they
// do in Supabase. Superuser queries (bucket lookups, bookkeeping) bypass RLS on purpose.
import type pg from "pg";
import type { Caller } from "./auth";
import { fromDatabaseError } from "./errors";

export type Db = pg.Pool;
export type Tx = pg.PoolClient;

export async function transaction<T>(
  db: Db,
  fn: (tx: Tx) => Promise<T>,
  opts: { rollback?: boolean } = {},
): Promise<T> {
  let client: Tx;
  try {
    client = await db.connect();
  } catch (err) {
    throw fromDatabaseError(err);
  }
  let broken: Error | undefined;
  // A connection that dies between our queries must not surface as an unhandled 'error' event.
  const onError = (err: Error) => (broken = err);
  client.on("error", onError);
  try {
    await client.query("begin");
    const result = await fn(client);
    await client.query(opts.rollback ? "rollback" : "commit");
    return result;
  } catch (err) {
    await client.query("rollback").catch((e: Error) => (broken = e));
    throw fromDatabaseError(err);
  } finally {
    // A connection whose rollback failed is in an unknown state: drop it from the pool.
    client.off("error", onError);
    client.release(broken);
  }
}

/** Makes the rest of the transaction run as the caller (role + claims), like Storage's per-request scope. */
export async function enterCallerScope(tx: Tx, caller: Caller): Promise<void> {
  await tx.query(
    `select set_config('role', $1, true),
            set_config('request.jwt.claim.role', $1, true),
            set_config('request.jwt.claim.sub', $2, true),
            set_config('request.jwt.claims', $3, true)`,
    [caller.role, caller.owner ?? "", JSON.stringify(caller.claims)],
  );
}

export async function leaveCallerScope(tx: Tx): Promise<void> {
  await tx.query("reset role");
}

/** One transaction as the caller. */
export function asCaller<T>(
  db: Db,
  caller: Caller,
  fn: (tx: Tx) => Promise<T>,
  opts: { rollback?: boolean } = {},
) {
  return transaction(
    db,
    async (tx) => {
      await enterCallerScope(tx, caller);
      return fn(tx);
    },
    opts,
  );
}

/** Runs `fn` as the caller and rolls back: asks RLS whether the write would be allowed. */
export function testPermission(db: Db, caller: Caller, fn: (tx: Tx) => Promise<unknown>): Promise<void> {
  return asCaller(db, caller, async (tx) => void (await fn(tx)), { rollback: true });
}

export async function superuserQuery<R extends pg.QueryResultRow>(
  db: Db,
  text: string,
  values: unknown[] = [],
) {
  try {
    return await db.query<R>(text, values);
  } catch (err) {
    throw fromDatabaseError(err);
  }
}

/** Serializes writers of one object key for the rest of the transaction. */
export async function lockObjectKey(tx: Tx, bucketId: string, name: string): Promise<void> {
  await tx.query("select pg_advisory_xact_lock(hashtextextended($1, 0))", [
    `storage.objects:${bucketId}/${name}`,
  ]);
}
