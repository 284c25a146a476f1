import "server-only";
// Database failures become AppErrors with a code the UI understands; anything unexpected stays INTERNAL
// (logged by the caller with context, never shown raw).
import { AppError } from "../errors";

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

export function toAppError(err: unknown): unknown {
  if (err instanceof AppError) return err;
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
