import "server-only";
// "My day": the member's open contact reminders that are due today or overdue (past their time), oldest first, with
// their contact.
import type { AuthContext } from "@/lib/auth/authorize";
import type { Db } from "@/lib/database/client";
import { withTenantContext } from "@/lib/database/tenant";

export const MY_REMINDERS_LIMIT = 20;

export interface DueReminder {
  id: string;
  title: string;
  dueAt: string;
  overdue: boolean;
  contact: { id: string; name: string };
}

/** Open reminders assigned to the caller, due before the end of today (UTC), plus how many there are in all. */
export async function getMyDueReminders(
  ctx: AuthContext,
  opts: { db?: Db; now?: Date } = {},
): Promise<{ items: DueReminder[]; total: number }> {
  const now = opts.now ?? new Date();
  const endOfToday = new Date(now);
  endOfToday.setUTCHours(24, 0, 0, 0);
  const where = {
    organizationId: ctx.organization.id,
    assigneeId: ctx.user.id,
    completedAt: null,
    dueAt: { lt: endOfToday },
  };
  // The list and its total in one statement, as relations of the organization (relation joins, decision 0031).
  const org = await withTenantContext(
    ctx,
    (tx) =>
      tx.organization.findUnique({
        where: { id: ctx.organization.id },
        select: {
          contactReminders: {
            where,
            orderBy: [{ dueAt: "asc" }, { id: "asc" }],
            take: MY_REMINDERS_LIMIT,
            select: { id: true, title: true, dueAt: true, contact: { select: { id: true, name: true } } },
          },
          _count: { select: { contactReminders: { where } } },
        },
      }),
    opts,
  );
  const rows = org?.contactReminders ?? [];
  const total = org?._count.contactReminders ?? 0;
  return {
    items: rows.map((r) => ({
      id: r.id,
      title: r.title,
      dueAt: r.dueAt.toISOString(),
      overdue: r.dueAt < now,
      contact: r.contact,
    })),
    total,
  };
}
