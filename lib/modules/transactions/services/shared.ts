import "server-only";
// Helpers the loop, task and document services share, always inside the caller's tenant transaction.
import { Prisma } from "@/lib/database/generated/prisma/client";
import type { TenantTx } from "@/lib/database/tenant";
import { AppError } from "@/lib/errors";
import type { LOOP_SELECT } from "../queries/loops";
import { isUuid } from "@/lib/validation";

export const loopNotFound = () => new AppError("NOT_FOUND", "We couldn't find that transaction.");

/**
 * The loop as the lock found it (LOOP_SELECT's fields, read once the lock is granted); propertyAddress names it in
 * audit entries.
 */
export type LockedLoop = Prisma.TransactionLoopGetPayload<{ select: typeof LOOP_SELECT }>;

/**
 * Locks the loop row for the rest of the transaction (NOT_FOUND when it isn't this organization's). Every
 * task change takes this lock first, so two people completing tasks at once recompute progress one after
 * the other and the last result counts both.
 */
export async function lockLoop(
  tx: TenantTx,
  organizationId: string,
  loopId: string,
  opts: LockOptions = {},
): Promise<LockedLoop & { assignable: boolean }> {
  if (!isUuid(loopId)) throw loopNotFound();
  return lockLoopWhere(tx, organizationId, Prisma.sql`${loopId}::uuid`, opts, loopNotFound);
}

/**
 * lockLoop() for the loop of a task, found in the same statement (NOT_FOUND, as `notFound()`, when the task isn't
 * this organization's). The task itself is read after the lock — a statement taking its snapshot before the lock was
 * granted would see the task as it was before a change committed meanwhile.
 */
export async function lockLoopOfTask(
  tx: TenantTx,
  organizationId: string,
  taskId: string,
  notFound: () => AppError,
  opts: LockOptions = {},
): Promise<LockedLoop & { assignable: boolean }> {
  if (!isUuid(taskId)) throw notFound();
  const loopId = Prisma.sql`(select t.loop_id from public.transaction_tasks t
                              where t.id = ${taskId}::uuid and t.organization_id = ${organizationId}::uuid)`;
  return lockLoopWhere(tx, organizationId, loopId, opts, notFound);
}

interface LockOptions {
  /** Also checks, in the same statement, that this user can be assigned work here (assignable is false if not). */
  assignee?: string | null;
}

async function lockLoopWhere(
  tx: TenantTx,
  organizationId: string,
  loopId: Prisma.Sql,
  opts: LockOptions,
  notFound: () => AppError,
): Promise<LockedLoop & { assignable: boolean }> {
  const assignee = opts.assignee ?? null;
  const rows = await tx.$queryRaw<Array<LockedLoop & { assignable: boolean }>>`
    select id::text as id, property_address as "propertyAddress", transaction_type::text as "transactionType",
           listing_price as "listingPrice", expected_closing as "expectedClosing", status::text as status, progress,
           created_at as "createdAt",
           (${assignee}::uuid is null or private.can_be_assigned(organization_id, ${assignee}::uuid)) as assignable
      from public.transaction_loops
     where id = ${loopId} and organization_id = ${organizationId}::uuid
     for update`;
  if (!rows[0]) throw notFound();
  return rows[0];
}

/** Whether a reordered list names exactly the rows there are now (each once: the schemas refuse repeats). */
export function sameIds(current: ReadonlyArray<{ id: string }>, ids: readonly string[]): boolean {
  const known = new Set(current.map((row) => row.id));
  return current.length === ids.length && ids.every((id) => known.has(id));
}

/**
 * A loop's progress: completed / total tasks as a whole percentage, 0 without tasks. The task statements set it in
 * the statement that changes the tasks, from counts read before that change and adjusted by it.
 */
export function progressOf(done: Prisma.Sql, total: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`coalesce(round(100.0 * (${done}) / nullif(${total}, 0))::int, 0)`;
}

/** Dates without a time ("YYYY-MM-DD") ↔ Postgres `date` (stored at UTC midnight). */
export function fromDateOnly(value: string | null | undefined): Date | null {
  return value ? new Date(`${value}T00:00:00Z`) : null;
}
export function toDateOnly(value: Date | null): string | null {
  return value ? value.toISOString().slice(0, 10) : null;
}

/** Today as a calendar day (UTC midnight), the day due dates and key dates are compared with. */
export function startOfToday(): Date {
  const d = new Date();
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
}
