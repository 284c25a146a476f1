import "server-only";
// The manager's dashboard numbers that aren't the CRM's own: the transactions overview, and a member's
// personal view. Each figure is one query; they run in parallel, each in its own short tenant transaction.
import type { AuthContext } from "@/lib/auth/authorize";
import { withTenantContext } from "@/lib/database/tenant";

const DAY = 86_400_000;
const OPEN_LOOP = { notIn: ["CLOSED", "CANCELLED"] as ("CLOSED" | "CANCELLED")[] };

function today(): Date {
  const d = new Date();
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
}

export async function getTransactionsOverview(ctx: AuthContext) {
  const org = ctx.organization.id;
  const start = today();
  const in30 = new Date(start.getTime() + 30 * DAY);
  const [byStatus, closings, overdue] = await Promise.all([
    withTenantContext(ctx, (tx) =>
      tx.transactionLoop.groupBy({
        by: ["status"],
        where: { organizationId: org, status: OPEN_LOOP },
        _count: { _all: true },
      }),
    ),
    withTenantContext(ctx, (tx) =>
      tx.transactionLoop.findMany({
        where: { organizationId: org, status: OPEN_LOOP, expectedClosing: { gte: start, lte: in30 } },
        orderBy: [{ expectedClosing: "asc" }, { id: "asc" }],
        take: 10,
        select: { id: true, propertyAddress: true, expectedClosing: true, status: true, progress: true },
      }),
    ),
    withTenantContext(ctx, async (tx) => {
      const where = {
        organizationId: org,
        completed: false,
        dueDate: { lt: start },
        loop: { status: OPEN_LOOP },
      };
      const [count, top] = await Promise.all([
        tx.transactionTask.count({ where }),
        tx.transactionTask.findMany({
          where,
          orderBy: [{ dueDate: "asc" }, { id: "asc" }],
          take: 10,
          select: {
            id: true,
            title: true,
            dueDate: true,
            loop: { select: { id: true, propertyAddress: true } },
            assignee: { select: { name: true, email: true } },
          },
        }),
      ]);
      return { count, top };
    }),
  ]);
  return {
    activeByStatus: byStatus.map((r) => ({ status: r.status, count: r._count._all })),
    closingsNext30: closings.map((l) => ({
      ...l,
      expectedClosing: l.expectedClosing?.toISOString().slice(0, 10) ?? null,
    })),
    overdueTasks: {
      count: overdue.count,
      top: overdue.top.map((t) => ({ ...t, dueDate: t.dueDate?.toISOString().slice(0, 10) ?? null })),
    },
  };
}

/** What a member (not a manager) sees on the dashboard: their own open tasks and follow-ups. */
export async function getPersonalOverview(ctx: AuthContext, opts: { includeTasks: boolean }) {
  const org = ctx.organization.id;
  const me = ctx.user.id;
  const start = today();
  const in7 = new Date(start.getTime() + 7 * DAY);
  const [tasks, followUps] = await Promise.all([
    opts.includeTasks
      ? withTenantContext(ctx, (tx) =>
          tx.transactionTask.findMany({
            where: { organizationId: org, assigneeId: me, completed: false, loop: { status: OPEN_LOOP } },
            orderBy: [{ dueDate: { sort: "asc", nulls: "last" } }, { id: "asc" }],
            take: 10,
            select: {
              id: true,
              title: true,
              dueDate: true,
              loop: { select: { id: true, propertyAddress: true } },
            },
          }),
        )
      : Promise.resolve([]),
    withTenantContext(ctx, (tx) =>
      tx.contact.findMany({
        where: { organizationId: org, assignedTo: me, nextFollowUp: { gte: start, lt: in7 } },
        orderBy: [{ nextFollowUp: "asc" }, { id: "asc" }],
        take: 10,
        select: { id: true, name: true, nextFollowUp: true },
      }),
    ),
  ]);
  return {
    tasks: tasks.map((t) => ({ ...t, dueDate: t.dueDate?.toISOString().slice(0, 10) ?? null })),
    followUps: followUps.map((c) => ({ ...c, nextFollowUp: c.nextFollowUp?.toISOString() ?? null })),
  };
}
