import "server-only";
// The dashboard's view of transactions: the open loops by status, closings in the next 30 days and overdue tasks
// (the manager's overview), a member's own open tasks, and the agendas — upcoming key dates and overdue tasks, the
// member's own or the whole organization's. Each is one read in one tenant transaction, its queries one after the
// other (docs/decisions/0009-one-transaction-per-read.md).
import type { AuthContext } from "@/lib/auth/authorize";
import type { Prisma } from "@/lib/database/generated/prisma/client";
import { withTenantContext, type TenantTx } from "@/lib/database/tenant";
import { PERSON_SELECT, type Person } from "@/lib/people";
import { OPEN_STATUSES, type KeyDateKind } from "../schemas";
import { startOfToday, toDateOnly } from "../services/shared";

const DAY = 86_400_000;
const OPEN_LOOP = { in: [...OPEN_STATUSES] };

/** Open tasks of open loops whose due date has passed. */
const overdueTasks = (organizationId: string, today: Date) =>
  ({
    organizationId,
    completed: false,
    dueDate: { lt: today },
    loop: { status: OPEN_LOOP },
  }) satisfies Prisma.TransactionTaskWhereInput;

export async function getTransactionsOverview(ctx: AuthContext) {
  const org = ctx.organization.id;
  const start = startOfToday();
  const in30 = new Date(start.getTime() + 30 * DAY);
  const overdueWhere = overdueTasks(org, start);
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
    // The overdue list and its total in one statement, as relations of the organization (relation joins).
    const tasks = await tx.organization.findUnique({
      where: { id: org },
      select: {
        tasks: {
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
        },
        _count: { select: { tasks: { where: overdueWhere } } },
      },
    });
    const overdue = tasks?.tasks ?? [];
    const overdueCount = tasks?._count.tasks ?? 0;
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

/** How far ahead an agenda looks for key dates, and how many rows of each kind it lists. */
export const AGENDA_DAYS = 14;
const AGENDA_ROWS = 20;

export interface AgendaKeyDate {
  id: string;
  kind: KeyDateKind;
  label: string | null;
  date: string;
  loop: { id: string; propertyAddress: string };
}

export interface AgendaTask {
  id: string;
  title: string;
  dueDate: string;
  loop: { id: string; propertyAddress: string };
  assignee: Person | null;
}

export interface Agenda {
  /** Pending key dates of open loops from today through the next AGENDA_DAYS days, soonest first. */
  keyDates: AgendaKeyDate[];
  keyDateCount: number;
  /** Overdue open tasks of open loops, oldest first. */
  overdueTasks: AgendaTask[];
  overdueCount: number;
}

async function readAgenda(
  tx: TenantTx,
  organizationId: string,
  scope: { loop: Prisma.TransactionLoopWhereInput; task: Prisma.TransactionTaskWhereInput },
): Promise<Agenda> {
  const today = startOfToday();
  const keyDateWhere = {
    organizationId,
    status: "PENDING",
    date: { gte: today, lte: new Date(today.getTime() + AGENDA_DAYS * DAY) },
    loop: { status: OPEN_LOOP, ...scope.loop },
  } satisfies Prisma.LoopKeyDateWhereInput;
  const taskWhere = { AND: [overdueTasks(organizationId, today), scope.task] };
  const loop = { select: { id: true, propertyAddress: true } };
  // One statement: both lists and both totals as relations of the organization (relation joins, decision 0031).
  const org = await tx.organization.findUnique({
    where: { id: organizationId },
    select: {
      keyDates: {
        where: keyDateWhere,
        orderBy: [{ date: "asc" }, { id: "asc" }],
        take: AGENDA_ROWS,
        select: { id: true, kind: true, label: true, date: true, loop },
      },
      tasks: {
        where: taskWhere,
        orderBy: [{ dueDate: "asc" }, { id: "asc" }],
        take: AGENDA_ROWS,
        select: { id: true, title: true, dueDate: true, loop, assignee: { select: PERSON_SELECT } },
      },
      _count: { select: { keyDates: { where: keyDateWhere }, tasks: { where: taskWhere } } },
    },
  });
  const keyDates = org?.keyDates ?? [];
  const tasks = org?.tasks ?? [];
  const keyDateCount = org?._count.keyDates ?? 0;
  const overdueCount = org?._count.tasks ?? 0;
  return {
    keyDates: keyDates.map((k) => ({ ...k, date: toDateOnly(k.date)! })),
    keyDateCount,
    overdueTasks: tasks.map((t) => ({ ...t, dueDate: toDateOnly(t.dueDate)! })),
    overdueCount,
  };
}

/**
 * A member's agenda: key dates of the loops they take part in, and overdue tasks of those loops or assigned to
 * them anywhere.
 */
export async function getMyAgenda(ctx: AuthContext): Promise<Agenda> {
  const mine = { participants: { some: { userId: ctx.user.id } } } satisfies Prisma.TransactionLoopWhereInput;
  return withTenantContext(ctx, (tx) =>
    readAgenda(tx, ctx.organization.id, {
      loop: mine,
      task: { OR: [{ assigneeId: ctx.user.id }, { loop: mine }] },
    }),
  );
}

/** The whole organization's agenda (the manager's dashboard). */
export async function getOrganizationAgenda(ctx: AuthContext): Promise<Agenda> {
  return withTenantContext(ctx, (tx) => readAgenda(tx, ctx.organization.id, { loop: {}, task: {} }));
}
