import "server-only";
// Helpers the loop, task and document services share, always inside the caller's tenant transaction.
import type { TenantTx } from "@/lib/database/tenant";
import { AppError } from "@/lib/errors";
import type { LoopStatus } from "../schemas";
import { isUuid } from "@/lib/validation";

export const loopNotFound = () => new AppError("NOT_FOUND", "We couldn't find that transaction.");

export interface LockedLoop {
  id: string;
  status: LoopStatus;
  /** Names the loop in audit entries. */
  propertyAddress: string;
}

/**
 * Locks the loop row for the rest of the transaction (NOT_FOUND when it isn't this organization's). Every
 * task change takes this lock first, so two people completing tasks at once recompute progress one after
 * the other and the last result counts both.
 */
export async function lockLoop(
  tx: TenantTx,
  organizationId: string,
  loopId: string,
  opts: {
    /** Also checks, in the same statement, that this user can be assigned work here (assignable is false if not). */
    assignee?: string | null;
  } = {},
): Promise<LockedLoop & { assignable: boolean }> {
  if (!isUuid(loopId)) throw loopNotFound();
  const assignee = opts.assignee ?? null;
  const rows = await tx.$queryRaw<Array<LockedLoop & { assignable: boolean }>>`
    select id::text as id, status::text as status, property_address as "propertyAddress",
           (${assignee}::uuid is null or private.can_be_assigned(organization_id, ${assignee}::uuid)) as assignable
      from public.transaction_loops
     where id = ${loopId}::uuid and organization_id = ${organizationId}::uuid
     for update`;
  if (!rows[0]) throw loopNotFound();
  return rows[0];
}

/** Whether a reordered list names exactly the rows there are now (each once: the schemas refuse repeats). */
export function sameIds(current: ReadonlyArray<{ id: string }>, ids: readonly string[]): boolean {
  const known = new Set(current.map((row) => row.id));
  return current.length === ids.length && ids.every((id) => known.has(id));
}

/** progress = completed / total tasks, as a whole percentage (0 when the loop has no tasks). */
export async function recomputeProgress(
  tx: TenantTx,
  organizationId: string,
  loopId: string,
): Promise<number> {
  const rows = await tx.$queryRaw<Array<{ progress: number }>>`
    update public.transaction_loops l
       set progress = coalesce((
             select round(100.0 * count(*) filter (where t.completed) / nullif(count(*), 0))::int
               from public.transaction_tasks t
              where t.organization_id = l.organization_id and t.loop_id = l.id), 0)
     where l.id = ${loopId}::uuid and l.organization_id = ${organizationId}::uuid
    returning l.progress`;
  return rows[0]?.progress ?? 0;
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
