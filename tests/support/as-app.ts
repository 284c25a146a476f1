// Raw SQL as the app's own role (hearth_app) with a member's claims, in the tenant's context and committed (so
// deferred checks run too): what the database itself allows, with the app's checks out of the way.
import type pg from "pg";
import { withTenantContext } from "@/lib/database/tenant";
import type { TestTenant, TestUser } from "./factories";

export type SqlResult = { ok: true; rows: number } | { ok: false; code: string; message: string };

/** The SQLSTATE and message of a database error, through Prisma's and the driver adapter's wrapping. */
export function stateOf(err: unknown): { code: string; message: string } {
  let e = err as
    { code?: string; message?: string; cause?: unknown; meta?: Record<string, unknown> } | undefined;
  for (let i = 0; e && i < 6; i++) {
    const adapter = (
      e.meta?.driverAdapterError as { cause?: { originalCode?: string; originalMessage?: string } }
    )?.cause;
    if (adapter?.originalCode) return { code: adapter.originalCode, message: adapter.originalMessage ?? "" };
    if (typeof e.code === "string" && /^[0-9A-Z]{5}$/.test(e.code))
      return { code: e.code, message: e.message ?? "" };
    e = e.cause as typeof e;
  }
  return { code: "?", message: String((err as Error)?.message) };
}

export async function asApp(
  user: TestUser,
  t: Pick<TestTenant, "org">,
  sql: string,
  params: unknown[] = [],
): Promise<SqlResult> {
  try {
    const rows = await withTenantContext({ user, organization: { id: t.org.id } }, (tx) =>
      tx.$executeRawUnsafe(sql, ...params),
    );
    return { ok: true, rows };
  } catch (err) {
    return { ok: false, ...stateOf(err) };
  }
}

export type BrowserResult =
  | { ok: true; rows: Array<Record<string, unknown>>; rowCount: number }
  | { ok: false; code: string; message: string };

/** Raw SQL the way the Data API runs it with the user's JWT (role authenticated, their claims), rolled back. */
export async function asBrowserRolledBack(
  pool: pg.Pool,
  user: Pick<TestUser, "id" | "email">,
  sql: string,
  params: unknown[] = [],
): Promise<BrowserResult> {
  const client = await pool.connect();
  try {
    await client.query("begin");
    await client.query("select set_config('request.jwt.claims', $1, true)", [
      JSON.stringify({ sub: user.id, role: "authenticated", email: user.email }),
    ]);
    await client.query("set local role authenticated");
    try {
      const r = await client.query(sql, params);
      return { ok: true, rows: r.rows as Array<Record<string, unknown>>, rowCount: r.rowCount ?? 0 };
    } catch (err) {
      return { ok: false, ...stateOf(err) };
    }
  } finally {
    await client.query("rollback");
    client.release();
  }
}
