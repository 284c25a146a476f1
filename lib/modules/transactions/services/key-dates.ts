import "server-only";
// A loop's key dates and contingencies: set a date and a status, add and remove custom ones. When a standard key
// date's date changes, the tasks due relative to it follow (unless someone set their due date by hand) in the same
// transaction, and closing is the loop's expected closing: changing one changes the other. Each change locks the
// loop and writes a key_date.* entry, plus task.due_dates_moved listing the tasks that moved.
import { auditChanges, recordAudit, type AuditActor } from "@/lib/audit/record";
import type { TenantTx } from "@/lib/database/tenant";
import { AppError } from "@/lib/errors";
import { tenantService } from "@/lib/service";
import { dueDateFor } from "../checklist";
import { KEY_DATE_SELECT, toKeyDateView, type KeyDateView } from "../queries/loops";
import {
  removeKeyDateSchema,
  saveKeyDateSchema,
  type KeyDateStatus,
  type StandardKeyDateKind,
} from "../schemas";
import { fromDateOnly, lockLoop, toDateOnly, type LockedLoop } from "./shared";

export interface MovedTask {
  id: string;
  title: string;
  from: string | null;
  to: string | null;
}

const keyDateNotFound = () => new AppError("NOT_FOUND", "We couldn't find that key date.");

/** Gives the loop's tasks that follow this key date, and weren't edited by hand, the due date it now implies. */
async function moveFollowingTasks(
  tx: TenantTx,
  organizationId: string,
  loopId: string,
  kind: StandardKeyDateKind,
  date: string | null,
): Promise<MovedTask[]> {
  const tasks = await tx.transactionTask.findMany({
    where: { organizationId, loopId, keyDateKind: kind, dueDateManual: false },
    select: { id: true, title: true, dueDate: true, dueOffsetDays: true },
    orderBy: [{ sortOrder: "asc" }, { createdAt: "asc" }],
  });
  const moved = tasks
    .map((t) => ({
      id: t.id,
      title: t.title,
      from: toDateOnly(t.dueDate),
      to: dueDateFor(date, t.dueOffsetDays),
    }))
    .filter((t) => t.from !== t.to);
  if (moved.length > 0) {
    await tx.$executeRaw`
      update public.transaction_tasks t
         set due_date = m.due::date
        from unnest(${moved.map((m) => m.id)}::uuid[], ${moved.map((m) => m.to)}::text[]) as m(id, due)
       where t.id = m.id and t.organization_id = ${organizationId}::uuid and t.loop_id = ${loopId}::uuid`;
  }
  return moved;
}

/**
 * Sets a standard key date of a locked loop (creating its row on first use), keeps closing and the loop's expected
 * closing the same, and moves the tasks that follow it. The caller writes the audit entries.
 */
export async function setStandardKeyDate(
  tx: TenantTx,
  organizationId: string,
  loopId: string,
  kind: StandardKeyDateKind,
  change: { date: string | null; status?: KeyDateStatus },
): Promise<{ before: KeyDateView | null; after: KeyDateView; moved: MovedTask[] }> {
  const existing = await tx.loopKeyDate.findFirst({
    where: { organizationId, loopId, kind },
    select: KEY_DATE_SELECT,
  });
  const data = { date: fromDateOnly(change.date), ...(change.status ? { status: change.status } : {}) };
  const row = existing
    ? await tx.loopKeyDate.update({ where: { id: existing.id }, data, select: KEY_DATE_SELECT })
    : await tx.loopKeyDate.create({
        data: { organizationId, loopId, kind, ...data },
        select: KEY_DATE_SELECT,
      });
  const before = existing ? toKeyDateView(existing) : null;
  const after = toKeyDateView(row);
  if (before?.date === after.date) return { before, after, moved: [] };
  if (kind === "CLOSING") {
    await tx.transactionLoop.update({
      where: { id: loopId },
      data: { expectedClosing: row.date },
      select: { id: true },
    });
  }
  return { before, after, moved: await moveFollowingTasks(tx, organizationId, loopId, kind, after.date) };
}

/** The task.due_dates_moved entry, when a key date moved any task. */
export async function recordMovedTasks(
  tx: TenantTx,
  actor: AuditActor,
  loop: LockedLoop,
  kind: StandardKeyDateKind,
  moved: MovedTask[],
): Promise<void> {
  if (moved.length === 0) return;
  await recordAudit(tx, actor, {
    action: "task.due_dates_moved",
    entityType: "transaction_loop",
    entityId: loop.id,
    newValues: { propertyAddress: loop.propertyAddress, keyDate: kind, tasks: moved.map((m) => ({ ...m })) },
  });
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
    await recordAudit(tx, ctx, {
      action: "key_date.set",
      entityType: "transaction_loop",
      entityId: loop.id,
      oldValues: before ? oldValues : null,
      newValues: { propertyAddress: loop.propertyAddress, keyDateId: after.id, ...newValues },
    });
    if (input.kind !== "CUSTOM") await recordMovedTasks(tx, ctx, loop, input.kind, moved);
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
