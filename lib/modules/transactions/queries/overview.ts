import "server-only";
// The dashboard's view of transactions: the open loops by status, closings in the next 30 days and overdue tasks
// (the manager's overview), and a member's own open tasks. Each is one read in one tenant transaction, its
// queries one after the other (docs/decisions/0009-one-transaction-per-read.md).
import type { AuthContext } from "@/lib/auth/authorize";
import { withTenantContext } from "@/lib/database/tenant";
import { OPEN_STATUSES } from "../schemas";
import { toDateOnly } from "../services/shared";

const DAY = 86_400_000;
const OPEN_LOOP = { in: [...OPEN_STATUSES] };

function today(): Date {
  const d = new Date();
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
}

export async function getTransactionsOverview(ctx: AuthContext) {
  const org = ctx.organization.id;
  const start = today();
  const in30 = new Date(start.getTime() + 30 * DAY);
  const overdueWhere = {
    organizationId: org,
    completed: false,
    dueDate: { lt: start },
    loop: { status: OPEN_LOOP },
  };
  return withTenantContext(ctx, async (tx) => {
    const byStatus = await tx.transactionLoop.groupBy({
      by: ["status"],
      where: { organizationId: org, status: OPEN_LOOP },
      _count: { _all: true },
    });
    const closings = await tx.transactionLoop.findMany({
      where: { organizationId: org, status: OPEN_LOOP, expectedClosing: { gte: start, lte: in30 } },
      orderBy: [{ expectedClosing: "asc" }, { id: "asc" }],
      take: 10,
      select: { id: true, propertyAddress: true, expectedClosing: true, status: true, progress: true },
    });
    const overdueCount = await tx.transactionTask.count({ where: overdueWhere });
    const overdue = await tx.transactionTask.findMany({
      where: overdueWhere,
      orderBy: [{ dueDate: "asc" }, { id: "asc" }],
      take: 10,
      select: {
        id: true,
        title: true,
        dueDate: true,
        loop: { select: { id: true, propertyAddress: true } },
        assignee: { select: { name: true, email: true } },
      },
    });
    return {
      activeByStatus: byStatus.map((r) => ({ status: r.status, count: r._count._all })),
      closingsNext30: closings.map((l) => ({ ...l, expectedClosing: toDateOnly(l.expectedClosing) })),
      overdueTasks: {
        count: overdueCount,
        top: overdue.map((t) => ({ ...t, dueDate: toDateOnly(t.dueDate) })),
      },
    };
  });
}

/** A member's own open tasks on open loops, soonest due first. */
export async function getMyOpenTasks(ctx: AuthContext) {
  const tasks = await withTenantContext(ctx, (tx) =>
    tx.transactionTask.findMany({
      where: {
        organizationId: ctx.organization.id,
        assigneeId: ctx.user.id,
        completed: false,
        loop: { status: OPEN_LOOP },
      },
      orderBy: [{ dueDate: { sort: "asc", nulls: "last" } }, { id: "asc" }],
      take: 10,
      select: { id: true, title: true, dueDate: true, loop: { select: { id: true, propertyAddress: true } } },
    }),
  );
  return tasks.map((t) => ({ ...t, dueDate: toDateOnly(t.dueDate) }));
}
