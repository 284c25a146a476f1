import "server-only";
// withTenantContext: every statement of `fn` runs in one transaction as the app's own role `hearth_app` (no
// BYPASSRLS, owns nothing; its write policies apply the permission table — see
// supabase/migrations/20261206000100_authorization_model.sql) with the caller's JWT claims and organization set
// transaction-locally, so the RLS policies apply to every statement. The browser's role, `authenticated`, only
// reads. set_config(…, true) ends with the transaction: nothing leaks to the next user of a pooled connection.
import { AsyncLocalStorage } from "node:async_hooks";
import { getPrisma, type Db } from "./client";
import type { Prisma } from "./generated/prisma/client";
import { toAppError } from "./errors";
import { idempotentTransaction, replayedHere } from "./idempotency";

export type TenantTx = Prisma.TransactionClient;

/** The database role tenant transactions run as (created by the migrations; the connection role is a member). */
export const APP_ROLE = "hearth_app";

export interface TenantIdentity {
  user: { id: string; email?: string | null };
  /** Absent only in withUserContext: policies then cover every organization the user belongs to. */
  organization?: { id: string };
  /** Verified JWT claims of the caller; a minimal set is derived from the user when absent. */
  claims?: Record<string, unknown>;
}

export interface TenantOptions {
  /** Prisma client to use (tests pass their own). */
  db?: Db;
  timeoutMs?: number;
}

export function tenantClaims(identity: TenantIdentity): Record<string, unknown> {
  return {
    ...(identity.claims ?? {}),
    sub: identity.user.id,
    role: "authenticated",
    ...(identity.user.email ? { email: identity.user.email } : {}),
  };
}

export async function withTenantContext<T>(
  identity: TenantIdentity & { organization: { id: string } },
  fn: (tx: TenantTx) => Promise<T>,
  opts: TenantOptions = {},
): Promise<T> {
  const shared = sharedTransactions.getStore();
  if (
    shared &&
    !opts.db &&
    shared.userId === identity.user.id &&
    shared.organizationId === identity.organization.id
  )
    return fn(shared.tx);
  return runAsAuthenticated(identity, fn, opts);
}

interface SharedTransaction {
  tx: TenantTx;
  userId: string;
  organizationId: string;
}
const sharedTransactions = new AsyncLocalStorage<SharedTransaction>();

/**
 * Runs `reads` (a page's queries, often concurrent) in one tenant transaction: each withTenantContext inside it for
 * the same caller and organization uses that transaction instead of opening its own — one setup and one commit for
 * the page instead of one per query. The statements queue on the transaction's connection. For reads: a write
 * inside would commit or roll back with all of them.
 */
export async function withSharedTransaction<T>(
  identity: TenantIdentity & { organization: { id: string } },
  reads: () => Promise<T>,
  opts: TenantOptions = {},
): Promise<T> {
  return runAsAuthenticated(
    identity,
    (tx) =>
      sharedTransactions.run(
        { tx, userId: identity.user.id, organizationId: identity.organization.id },
        reads,
      ),
    opts,
  );
}

/** Like withTenantContext but not narrowed to one organization (organization switcher, membership lookup). */
export async function withUserContext<T>(
  identity: Omit<TenantIdentity, "organization">,
  fn: (tx: TenantTx) => Promise<T>,
  opts: TenantOptions = {},
): Promise<T> {
  return runAsAuthenticated({ ...identity, organization: undefined }, fn, opts);
}

async function runAsAuthenticated<T>(
  identity: TenantIdentity,
  fn: (tx: TenantTx) => Promise<T>,
  opts: TenantOptions,
): Promise<T> {
  const claims = JSON.stringify(tenantClaims(identity));
  const orgId = identity.organization?.id ?? "";
  return inTenantTransaction(async (tx) => {
    // One round trip: set_config('role', …, true) switches the role like SET LOCAL ROLE.
    await tx.$queryRaw`select set_config('request.jwt.claims', ${claims}, true),
                              set_config('app.organization_id', ${orgId}, true),
                              set_config('app.user_id', ${identity.user.id}, true),
                              set_config('role', ${APP_ROLE}, true)`;
    // Inside an idempotency key's scope (lib/database/idempotency.ts) only: lock, replay or record the key.
    return identity.organization ? idempotentTransaction(tx, () => fn(tx)) : fn(tx);
  }, opts);
}

/**
 * The one transaction runner under withTenantContext. `work`'s first statement must set the tenant settings and
 * switch to APP_ROLE — as runAsAuthenticated's does, and authorize()'s request transaction, which sends them with
 * the caller's access check in one statement (private.begin_request).
 */
export async function inTenantTransaction<T>(
  work: (tx: TenantTx) => Promise<T>,
  opts: TenantOptions = {},
): Promise<T> {
  const db = opts.db ?? getPrisma();
  try {
    return await db.$transaction(work, { maxWait: 5_000, timeout: opts.timeoutMs ?? 20_000 });
  } catch (err) {
    if (replayedHere(err)) return err.result as T;
    throw toAppError(err);
  }
}
