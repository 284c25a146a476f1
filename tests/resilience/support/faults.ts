// Cutting a database connection at a known point of an operation, without sleeps: a separate superuser connection
// takes a lock the operation needs (a table or some rows) in an open transaction, the operation runs until it
// waits on that lock, the test finds the waiting backend through pg_blocking_pids and terminates it
// (pg_terminate_backend — what an admin shutdown, a crash or a failover does to the connection), then lets go.
import pg from "pg";
import { expect } from "vitest";
import { verifyAuditChains } from "@/lib/modules/activity/queries/verify-chain";
import { AppError } from "@/lib/errors";
import { ownerDb } from "../../support/factories";

export interface LockHolder {
  pid: number;
  /** Runs more SQL in the holder's transaction (e.g. another lock once the operation has reached a point). */
  query: (sql: string, params?: unknown[]) => Promise<pg.QueryResult>;
  /** The first backend (other than `except`) waiting on one of the holder's locks; polls until one does. */
  waiter: (except?: number[]) => Promise<{ pid: number; query: string }>;
  terminate: (pid: number) => Promise<void>;
  /** Rolls the holder's transaction back and closes its connection. */
  release: () => Promise<void>;
}

export async function holdLock(sql: string, params: unknown[] = []): Promise<LockHolder> {
  const client = new pg.Client({
    connectionString: process.env.DATABASE_URL,
    application_name: "fault-holder",
  });
  await client.connect();
  const pid = (await client.query<{ pid: number }>("select pg_backend_pid() as pid")).rows[0]!.pid;
  await client.query("begin");
  await client.query(sql, params);
  let released = false;
  return {
    pid,
    query: (s, p = []) => client.query(s, p),
    waiter: async (except = []) => {
      const deadline = Date.now() + 15_000;
      for (;;) {
        // pg_stat_activity is read once per transaction unless told otherwise; the holder's stays open.
        await client.query("select pg_stat_clear_snapshot()");
        const { rows } = await client.query<{ pid: number; query: string }>(
          `select pid, query from pg_stat_activity
            where $1 = any(pg_blocking_pids(pid)) and not (pid = any($2::int[])) order by backend_start limit 1`,
          [pid, except],
        );
        if (rows[0]) return rows[0];
        if (Date.now() > deadline) throw new Error("no backend ever waited on the held lock");
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    terminate: async (victim) => {
      const { rows } = await client.query<{ ok: boolean }>("select pg_terminate_backend($1) as ok", [victim]);
      expect(rows[0]?.ok).toBe(true);
    },
    release: async () => {
      if (released) return;
      released = true;
      await client.query("rollback").catch(() => undefined);
      await client.end();
    },
  };
}

/**
 * Runs `operation` while `lockSql` is held, kills the connection of the first statement that waits on it, and
 * returns how the operation ended (it must fail) with the SQL it was cut off in.
 */
export async function killMidway(
  lockSql: string,
  operation: () => Promise<unknown>,
  /** Runs while the operation waits, just before its connection is cut (to look at what it had done so far). */
  atCut?: () => Promise<void>,
): Promise<{ error: unknown; cutAt: string }> {
  const holder = await holdLock(lockSql);
  try {
    const outcome = operation().then(
      () => ({ error: undefined }),
      (error: unknown) => ({ error }),
    );
    const victim = await holder.waiter();
    await atCut?.();
    await holder.terminate(victim.pid);
    const { error } = await outcome;
    expect(error, "the operation must fail when its connection is cut").toBeDefined();
    return { error, cutAt: victim.query };
  } finally {
    await holder.release();
  }
}

/** A cut connection is "the database is unavailable", never an internal error. */
export function expectUnavailable(error: unknown) {
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe("SERVICE_UNAVAILABLE");
  expect((error as AppError).status).toBe(503);
}

export const auditCount = (organizationId: string) => ownerDb().auditLog.count({ where: { organizationId } });

/** The organization's audit hash chain verifies end to end. */
export async function expectChainIntact(organizationId: string) {
  const report = await verifyAuditChains(ownerDb(), { organizationId });
  expect(report.problems).toEqual([]);
}
