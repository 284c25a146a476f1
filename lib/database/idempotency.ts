import "server-only";
// Idempotency keys (docs/decisions/0020-idempotency-keys.md). A create form sends one key with every submission
// of one attempt; the wrapper (action() with `idempotent`, withOrgRoute with `idempotent`) opens a scope for the
// key, and withTenantContext does the rest inside each transaction of that scope until one of them writes:
//
//   start: lock the key's scope (a transaction-level advisory lock) and read its live row — a row with the same
//          input hash is the first result (replayed, the work is not done again); another hash is a CONFLICT;
//   end:   if the transaction wrote, record key → input hash + result in the same transaction; the scope is spent.
//
// So the key commits with the work or not at all (a crash leaves no key and the retry redoes the work), and
// concurrent submissions of one key wait on the lock, then see the first one's row.
import { AsyncLocalStorage } from "node:async_hooks";
import { createHash } from "node:crypto";
import { AppError } from "../errors";
import type { Prisma } from "./generated/prisma/client";

/** The form field (server actions) that carries the key. */
export const IDEMPOTENCY_FIELD = "idempotencyKey";
/** The request header (route handlers) that carries the key. */
export const IDEMPOTENCY_HEADER = "idempotency-key";

const KEY_PATTERN = /^[A-Za-z0-9_-]{8,128}$/;

interface Scope {
  action: string;
  key: string;
  /** The input's hash; null while part of the input (a streamed body) is still unread. */
  hash: () => string | null;
  /** Actions: a replay ends the handler (nothing after the transaction runs again: no second email). Routes: the
   * transaction answers the first result and the handler renders it as it rendered the first time. */
  mode: "throw" | "return";
  /** A transaction of this scope wrote and recorded the key (or replayed it): later ones are ordinary. */
  spent: boolean;
  /**
   * Transactions count only once the caller is authorized (orgAction arms the scope after authorize(); its own
   * transactions — a refused caller's denial record — must never claim the key).
   */
  armed: boolean;
}

const scopes = new AsyncLocalStorage<Scope>();

/** A replayed submission: the first result, decoded. */
export class IdempotentReplay extends Error {
  override name = "IdempotentReplay";
  constructor(readonly result: unknown) {
    super("idempotent replay");
  }
}

export function invalidKey(): AppError {
  return new AppError("VALIDATION", "This form's submission key is invalid. Reload the page and try again.");
}

/** The key a caller sent: undefined when absent; an AppError when malformed. */
export function parseIdempotencyKey(raw: unknown): string | undefined {
  if (raw === undefined || raw === null || raw === "") return undefined;
  if (typeof raw !== "string" || !KEY_PATTERN.test(raw)) throw invalidKey();
  return raw;
}

/** JSON with keys sorted, so equal inputs hash equal whatever their key order. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, k, v) {
    const original = this[k];
    if (original instanceof Date) return { $date: original.toISOString() };
    if (typeof v === "bigint") return { $bigint: v.toString() };
    if (v && typeof v === "object" && !Array.isArray(v)) {
      return Object.fromEntries(
        Object.keys(v as object)
          .sort()
          .map((key) => [key, (v as Record<string, unknown>)[key]]),
      );
    }
    return v;
  });
}

export function hashInput(value: unknown): string {
  return createHash("sha256").update(stableJson(value)).digest("hex");
}

/** The result as stored: JSON with Dates and bigints tagged, so the replay gives back the same types. */
function encode(result: unknown): string {
  return (
    JSON.stringify(result, function (this: Record<string, unknown>, k, v: unknown) {
      const original = this[k];
      if (original instanceof Date) return { $date: original.toISOString() };
      if (typeof v === "bigint") return { $bigint: v.toString() };
      return v;
    }) ?? "null"
  );
}

const decode = (json: unknown): unknown =>
  JSON.parse(JSON.stringify(json), (_k, v: unknown) => {
    if (v && typeof v === "object" && !Array.isArray(v)) {
      const o = v as Record<string, unknown>;
      const keys = Object.keys(o);
      if (keys.length === 1 && typeof o.$date === "string") return new Date(o.$date);
      if (keys.length === 1 && typeof o.$bigint === "string") return BigInt(o.$bigint);
    }
    return v;
  });

/**
 * Runs `fn` with the key's scope (no key: just runs it). In "throw" mode a replay's first result is returned from
 * here in place of fn's.
 */
export async function withIdempotencyKey<T>(
  scope: Omit<Scope, "spent" | "armed"> & { armed?: boolean },
  fn: () => Promise<T>,
): Promise<T> {
  try {
    return await scopes.run({ ...scope, armed: scope.armed ?? true, spent: false }, fn);
  } catch (err) {
    if (err instanceof IdempotentReplay) return err.result as T;
    throw err;
  }
}

/** The key a transaction opening now would claim: the current scope's, unless it is spent (null outside one). */
export function pendingIdempotencyKey(): { action: string; key: string } | null {
  const scope = scopes.getStore();
  return scope && !scope.spent ? { action: scope.action, key: scope.key } : null;
}

/** From here on, the current scope's transactions claim the key (no-op outside a scope). */
export function armIdempotencyKey() {
  const scope = scopes.getStore();
  if (scope) scope.armed = true;
}

/** Wraps a request so its body is hashed as the handler reads it: method, path and query, type, file name, bytes. */
export function hashedRequest(request: Request): { request: Request; hash: () => string | null } {
  const url = new URL(request.url);
  const hash = createHash("sha256").update(
    stableJson([
      request.method,
      url.pathname,
      url.search,
      request.headers.get("content-type"),
      request.headers.get("x-file-name"),
    ]),
  );
  if (!request.body) {
    const digest = hash.digest("hex");
    return { request, hash: () => digest };
  }
  let digest: string | null = null;
  const tap = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      hash.update(chunk);
      controller.enqueue(chunk);
    },
    flush() {
      digest = hash.digest("hex");
    },
  });
  const body = request.body.pipeThrough(tap);
  return {
    request: new Request(request, { body, duplex: "half" } as RequestInit),
    hash: () => digest,
  };
}

type Row = { input_hash: string; result: unknown };
/** A key's live row as private.begin_request answers it when it claimed the key (the result as JSON text). */
export type ClaimedKey = { inputHash: string; result: string };

function decide(scope: Scope, row: Row): never {
  const hash = scope.hash() ?? "unfinished";
  if (row.input_hash !== hash) {
    throw new AppError(
      "CONFLICT",
      "This form was already submitted with different values. Reload the page to start a new one.",
    );
  }
  throw new IdempotentReplay(decode(row.result));
}

/**
 * The transaction's part (called by withTenantContext with the tenant settings already set): outside a scope, or
 * once the scope is spent, just `fn`.
 */
export async function idempotentTransaction<T>(
  tx: Prisma.TransactionClient,
  fn: () => Promise<T>,
  opts: {
    /** The transaction has written already (authorize's rate-limit hit), so the result is recorded without asking. */
    wrote?: boolean;
    /** The transaction's first statement claimed the key already (private.begin_request): its row, or null. */
    claimed?: ClaimedKey | null;
  } = {},
): Promise<T> {
  const scope = scopes.getStore();
  if (!scope || scope.spent || !scope.armed) return fn();
  const [row] =
    opts.claimed !== undefined
      ? opts.claimed
        ? [{ input_hash: opts.claimed.inputHash, result: JSON.parse(opts.claimed.result) as unknown }]
        : []
      : await tx.$queryRaw<
          Row[]
        >`select input_hash, result from private.idempotency_begin(${scope.action}, ${scope.key})`;
  // The input is known in full (a route may not have read its body yet: then the work's end decides).
  if (row && scope.hash() !== null) {
    scope.spent = true;
    decide(scope, row);
  }
  const result = await fn();
  const wrote =
    opts.wrote ||
    (
      await tx.$queryRaw<{ wrote: boolean }[]>`select pg_current_xact_id_if_assigned() is not null as wrote`
    )[0]?.wrote;
  if (!wrote) return result;
  scope.spent = true;
  if (row) decide(scope, row);
  await tx.$executeRaw`select private.idempotency_finish(${scope.action}, ${scope.key}, ${scope.hash() ?? "unfinished"}, ${encode(result)}::json)`;
  return result;
}

/** In "return" mode the transaction answers a replay's first result instead of throwing it. */
export function replayedHere(err: unknown): err is IdempotentReplay {
  return err instanceof IdempotentReplay && scopes.getStore()?.mode === "return";
}
