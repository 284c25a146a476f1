import "server-only";
// A loop's key dates and contingencies: set a date and a status, add and remove custom ones. When a standard key
// date's date changes, the tasks due relative to it follow (unless someone set their due date by hand) in the same
// transaction, and closing is the loop's expected closing: changing one changes the other. Each change locks the
// loop and writes a key_date.* entry, plus task.due_dates_moved listing the tasks that moved.
import { auditChanges, recordAudit, recordAuditMany, type AuditEntry } from "@/lib/audit/record";
import type { TenantTx } from "@/lib/database/tenant";
import { AppError } from "@/lib/errors";
import { tenantService } from "@/lib/service";
import { KEY_DATE_SELECT, toKeyDateView, type KeyDateView } from "../queries/loops";
import {
  removeKeyDateSchema,
  saveKeyDateSchema,
  type KeyDateStatus,
  type StandardKeyDateKind,
} from "../schemas";
import { fromDateOnly, lockLoop, type LockedLoop } from "./shared";

export interface MovedTask {
  id: string;
  title: string;
  from: string | null;
  to: string | null;
}

const keyDateNotFound = () => new AppError("NOT_FOUND", "We couldn't find that key date.");

/**
 * Gives the loop's tasks that follow this key date, and weren't edited by hand, the due date it now implies
 * (dueDateFor(): the key date plus the task's offset), in one statement; returns the tasks that moved, in order.
 */
async function moveFollowingTasks(
  tx: TenantTx,
  organizationId: string,
  loopId: string,
  kind: StandardKeyDateKind,
  date: string | null,
): Promise<MovedTask[]> {
  return tx.$queryRaw<MovedTask[]>`
    with following as (
      select t.id, t.title, t.due_date as was, ${date}::date + t.due_offset_days as due, t.sort_order, t.created_at
        from public.transaction_tasks t
       where t.organization_id = ${organizationId}::uuid and t.loop_id = ${loopId}::uuid
         and t.key_date_kind = ${kind}::public.key_date_kind and not t.due_date_manual
    ), moving as (
      select * from following where was is distinct from due
    ), moved as (
      update public.transaction_tasks t
         set due_date = m.due
        from moving m
       where t.id = m.id and t.organization_id = ${organizationId}::uuid
      returning t.id
    )
    select m.id::text as id, m.title, m.was::text as "from", m.due::text as "to"
      from moving m
     where m.id in (select id from moved)
     order by m.sort_order, m.created_at`;
}

/**
 * Sets a standard key date of a locked loop (creating its row on first use) and, for closing, the loop's expected
 * closing, in one statement; then moves the tasks that follow it. The caller writes the audit entries.
 */
export async function setStandardKeyDate(
  tx: TenantTx,
  organizationId: string,
  loopId: string,
  kind: StandardKeyDateKind,
  change: { date: string | null; status?: KeyDateStatus },
): Promise<{ before: KeyDateView | null; after: KeyDateView; moved: MovedTask[] }> {
  type Row = {
    id: string;
    kind: StandardKeyDateKind;
    label: string | null;
    date: string | null;
    status: KeyDateStatus;
  };
  const [row] = await tx.$queryRaw<Array<{ before: Row | null; after: Row }>>`
    with existing as (
      select k.* from public.loop_key_dates k
       where k.organization_id = ${organizationId}::uuid and k.loop_id = ${loopId}::uuid
         and k.kind = ${kind}::public.key_date_kind
    ), updated as (
      update public.loop_key_dates k
         set date = ${change.date}::date,
             status = coalesce(${change.status ?? null}::public.key_date_status, k.status)
        from existing e
       where k.id = e.id
      returning k.*
    ), created as (
      insert into public.loop_key_dates (organization_id, loop_id, kind, date, status)
      select ${organizationId}::uuid, ${loopId}::uuid, ${kind}::public.key_date_kind, ${change.date}::date,
             coalesce(${change.status ?? null}::public.key_date_status, 'PENDING')
       where not exists (select 1 from existing)
      returning *
    ), closing as (
      update public.transaction_loops l
         set expected_closing = ${change.date}::date
       where ${kind}::text = 'CLOSING' and l.id = ${loopId}::uuid and l.organization_id = ${organizationId}::uuid
         and l.expected_closing is distinct from ${change.date}::date
         and (select e.date from existing e) is distinct from ${change.date}::date
      returning l.id
    ), after as (
      select * from updated union all select * from created
    )
    select (select json_build_object('id', e.id, 'kind', e.kind, 'label', e.label, 'date', e.date,
                                     'status', e.status) from existing e) as before,
           json_build_object('id', a.id, 'kind', a.kind, 'label', a.label, 'date', a.date, 'status', a.status) as after,
           (select count(*) from closing) as closing
      from after a`;
  const { before, after } = row!;
  if (before?.date === after.date) return { before, after, moved: [] };
  return { before, after, moved: await moveFollowingTasks(tx, organizationId, loopId, kind, after.date) };
}

/** The task.due_dates_moved entry, when a key date moved any task. */
export function movedTasksEntry(
  loop: LockedLoop,
  kind: StandardKeyDateKind,
  moved: MovedTask[],
): AuditEntry[] {
  if (moved.length === 0) return [];
  return [
    {
      action: "task.due_dates_moved",
      entityType: "transaction_loop",
      entityId: loop.id,
      newValues: {
        propertyAddress: loop.propertyAddress,
        keyDate: kind,
        tasks: moved.map((m) => ({ ...m })),
      },
    },
  ];
}

/** Sets a standard key date by its kind, edits a custom one by id, or adds a custom one. */
export const saveKeyDate = tenantService(
  saveKeyDateSchema,
  async (tx, input, ctx): Promise<{ keyDate: KeyDateView; movedTasks: number }> => {
    const organizationId = ctx.organization.id;
    const loop = await lockLoop(tx, organizationId, input.loopId);
    let before: KeyDateView | null = null;
    let after: KeyDateView;
    let moved: MovedTask[] = [];
    if (input.kind !== "CUSTOM") {
      ({ before, after, moved } = await setStandardKeyDate(tx, organizationId, loop.id, input.kind, input));
    } else {
      const data = { label: input.label, date: fromDateOnly(input.date), status: input.status };
      if (input.keyDateId) {
        const existing = await tx.loopKeyDate.findFirst({
          where: { id: input.keyDateId, organizationId, loopId: loop.id, kind: "CUSTOM" },
          select: KEY_DATE_SELECT,
        });
        if (!existing) throw keyDateNotFound();
        before = toKeyDateView(existing);
        after = toKeyDateView(
          await tx.loopKeyDate.update({ where: { id: existing.id }, data, select: KEY_DATE_SELECT }),
        );
      } else {
        after = toKeyDateView(
          await tx.loopKeyDate.create({
            data: { organizationId, loopId: loop.id, kind: "CUSTOM", ...data },
            select: KEY_DATE_SELECT,
          }),
        );
      }
    }
    const fields = (k: KeyDateView | null) =>
      k ? { kind: k.kind, label: k.label, date: k.date, status: k.status } : {};
    const { changed, oldValues, newValues } = auditChanges(fields(before), fields(after), {
      keep: ["kind", "label"],
    });
    // Saving what is already there changes nothing and says nothing.
    if (before && changed.length === 0) return { keyDate: after, movedTasks: 0 };
    await recordAuditMany(tx, ctx, [
      {
        action: "key_date.set",
        entityType: "transaction_loop",
        entityId: loop.id,
        oldValues: before ? oldValues : null,
        newValues: { propertyAddress: loop.propertyAddress, keyDateId: after.id, ...newValues },
      },
      ...(input.kind !== "CUSTOM" ? movedTasksEntry(loop, input.kind, moved) : []),
    ]);
    return { keyDate: after, movedTasks: moved.length };
  },
);

/** Removes a custom key date (a standard one is cleared instead: tasks may count from it). */
export const removeKeyDate = tenantService(
  removeKeyDateSchema,
  async (tx, input, ctx): Promise<{ removed: true }> => {
    const organizationId = ctx.organization.id;
    const found = await tx.loopKeyDate.findFirst({
      where: { id: input.keyDateId, organizationId },
      select: { loopId: true },
    });
    if (!found) throw keyDateNotFound();
    const loop = await lockLoop(tx, organizationId, found.loopId);
    const keyDate = await tx.loopKeyDate.findFirst({
      where: { id: input.keyDateId, organizationId },
      select: KEY_DATE_SELECT,
    });
    if (!keyDate) throw keyDateNotFound();
    if (keyDate.kind !== "CUSTOM") {
      throw new AppError("CONFLICT", "Standard key dates stay on the loop. Clear its date instead.");
    }
    await tx.loopKeyDate.delete({ where: { id: keyDate.id }, select: { id: true } });
    const view = toKeyDateView(keyDate);
    await recordAudit(tx, ctx, {
      action: "key_date.removed",
      entityType: "transaction_loop",
      entityId: loop.id,
      oldValues: {
        propertyAddress: loop.propertyAddress,
        keyDateId: view.id,
        kind: view.kind,
        label: view.label,
        date: view.date,
        status: view.status,
      },
    });
    return { removed: true };
  },
);
