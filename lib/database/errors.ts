import "server-only";
// Database failures become AppErrors with a code the UI understands; anything unexpected stays INTERNAL
// (logged by the caller with context, never shown raw).
import { AppError, SERVICE_UNAVAILABLE_RETRY_SECONDS } from "../errors";

interface PgLikeError {
  code?: string;
  message?: string;
  meta?: Record<string, unknown>;
  cause?: unknown;
}

/** Finds the Postgres SQLSTATE in a Prisma/driver-adapter error chain. */
function sqlState(err: unknown): string | undefined {
  let e: unknown = err;
  for (let depth = 0; e && depth < 6; depth++) {
    const x = e as PgLikeError & {
      meta?: { driverAdapterError?: { cause?: { originalCode?: string; code?: string } } };
    };
    const adapterCause = x.meta?.driverAdapterError?.cause;
    if (adapterCause?.originalCode) return adapterCause.originalCode;
    if (typeof x.code === "string" && /^[0-9A-Z]{5}$/.test(x.code)) return x.code;
    e = x.cause;
  }
  return undefined;
}

/**
 * The HINT of the Postgres error in an error chain (AppError → Prisma → driver adapter): triggers name the rule
 * they enforce there (e.g. 'compliance', 'seats'), so a service can say what its own check would have said.
 */
export function databaseHint(err: unknown): string | undefined {
  let e: unknown = err;
  for (let depth = 0; e && depth < 6; depth++) {
    const x = e as PgLikeError & {
      hint?: unknown;
      meta?: { driverAdapterError?: { cause?: { hint?: unknown } } };
    };
    const hint = x.meta?.driverAdapterError?.cause?.hint ?? x.hint;
    if (typeof hint === "string") return hint;
    e = x.cause;
  }
  return undefined;
}

// The database is down, restarting, refusing connections or every pool connection is busy: nothing was written
// (a transaction cut off mid-way rolls back), so the answer is "try again", not a bug. SQLSTATEs: admin/crash
// shutdown and cannot-connect-now (57P01-57P03), too many connections (53300), connection exceptions (08xxx).
const UNAVAILABLE_STATES = /^(57P0[123]|53300|08...)$/;
// Prisma's own codes for the same: can't reach / timed out / closed / pool timeout / too many connections.
const UNAVAILABLE_PRISMA = new Set(["P1001", "P1002", "P1008", "P1017", "P2024", "P2037"]);
const UNAVAILABLE_SOCKET = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND"]);
const UNAVAILABLE_KINDS = new Set([
  "DatabaseNotReachable",
  "ConnectionClosed",
  "SocketTimeout",
  "TooManyConnections",
]);
// pg's messages for a pool that could not hand out a connection in time, or a connection that died under a query.
const UNAVAILABLE_MESSAGE =
  /timeout exceeded when trying to connect|Connection terminated|connection error and is not queryable|Client was closed and is not queryable|terminating connection due to administrator command/i;

/** Whether an error (anywhere in its cause chain) means the database could not be reached or dropped the connection. */
export function isDatabaseUnavailable(err: unknown): boolean {
  const seen = new Set<unknown>();
  const queue: unknown[] = [err];
  while (queue.length > 0 && seen.size < 12) {
    const e = queue.shift();
    if (!e || typeof e !== "object" || seen.has(e)) continue;
    seen.add(e);
    const x = e as PgLikeError & { kind?: unknown; originalCode?: unknown; errors?: unknown };
    const code = typeof x.code === "string" ? x.code : undefined;
    if (
      code &&
      (UNAVAILABLE_PRISMA.has(code) || UNAVAILABLE_SOCKET.has(code) || UNAVAILABLE_STATES.test(code))
    )
      return true;
    if (typeof x.originalCode === "string" && UNAVAILABLE_STATES.test(x.originalCode)) return true;
    if (typeof x.kind === "string" && UNAVAILABLE_KINDS.has(x.kind)) return true;
    if (typeof x.message === "string" && UNAVAILABLE_MESSAGE.test(x.message)) return true;
    queue.push(x.cause, (x.meta as { driverAdapterError?: unknown } | undefined)?.driverAdapterError);
    if (Array.isArray(x.errors)) queue.push(...x.errors); // AggregateError (a connect to several addresses)
  }
  return false;
}

export function toAppError(err: unknown): unknown {
  if (err instanceof AppError) return err;
  if (isDatabaseUnavailable(err))
    return new AppError("SERVICE_UNAVAILABLE", undefined, {
      details: { retryAfterSeconds: SERVICE_UNAVAILABLE_RETRY_SECONDS },
      cause: err,
    });
  const e = err as PgLikeError;
  const code = typeof e?.code === "string" ? e.code : undefined;
  if (code === "P2002") {
    const target = (e.meta?.target ??
      (e.meta?.driverAdapterError as { cause?: { constraint?: { fields?: string[] } } })?.cause?.constraint
        ?.fields) as string[] | string | undefined;
    return new AppError("CONFLICT", "That already exists.", { details: { target }, cause: err });
  }
  if (code === "P2025") return new AppError("NOT_FOUND", undefined, { cause: err });
  if (code === "P2003")
    return new AppError("VALIDATION", "A referenced record does not exist.", { cause: err });
  const state = sqlState(err);
  if (state === "42501") return new AppError("FORBIDDEN", undefined, { cause: err });
  if (state === "23505") return new AppError("CONFLICT", "That already exists.", { cause: err });
  if (state === "23503")
    return new AppError("VALIDATION", "A referenced record does not exist.", { cause: err });
  if (state === "23514") return new AppError("VALIDATION", "Some values are not allowed.", { cause: err });
  // Text Postgres can't store: NUL in text (22021) or in jsonb (22P05). The schemas refuse control characters
  // first; this is the backstop for a path that skipped them, so the user gets a reason instead of a 500.
  if (state === "22021" || state === "22P05")
    return new AppError("VALIDATION", "Text can't contain control characters.", { cause: err });
  if (state === "22P02")
    return new AppError("VALIDATION", "Some values are not in a valid format.", { cause: err });
  return err;
}
