import "server-only";
// The CRM dashboard: four aggregate statements, each a single query whatever the data size, in ONE tenant
// transaction. tests/bench/crm-contacts.bench.ts measures this against four short tenant transactions in parallel
// (Promise.all inside one transaction would just queue them on its one connection): at 100,000 contacts both
// take ~40 ms median — only the by-status count scans the organization, the other three are index ranges of
// a few hundred rows, so parallelism has nothing to overlap — while the parallel variant holds four pooled
// connections per page view and had the worse p95. One connection, one consistent snapshot.
import type { AuthContext } from "@/lib/auth/authorize";
import type { Db } from "@/lib/database/client";
import { withTenantContext, type TenantTx } from "@/lib/database/tenant";
import { CONTACT_STATUSES, DEAL_STAGES, type ContactStatus, type DealStage } from "../schemas";
import { type Person } from "@/lib/people";

export const UPCOMING_FOLLOW_UPS = 10;

export interface ContactStats {
  total: number;
  newLast7Days: number;
  overdueFollowUps: number;
  byStatus: Array<{ status: ContactStatus; count: number }>;
}

export interface DealStats {
  count: number;
  sum: string;
  average: string | null;
  byStage: Array<{ stage: DealStage; count: number; sum: string }>;
}

export interface UpcomingFollowUp {
  id: string;
  name: string;
  company: string | null;
  nextFollowUp: string;
  assignee: Person | null;
}

export interface CrmDashboard {
  contacts: ContactStats;
  newPerDay: Array<{ day: string; count: number }>;
  deals: DealStats;
  followUps: UpcomingFollowUp[];
}

// Under RLS a condition may only be pushed into an index scan when every function applied to a column is
// leakproof, so these queries keep column comparisons against plain values (now() - interval …) and do any
// date arithmetic on the result side.

export async function contactStats(tx: TenantTx, orgId: string): Promise<ContactStats> {
  // By status with the new ones in the same pass (an index-only scan of (organization_id, status, created_at)),
  // overdue follow-ups from the partial follow-up index as a one-time subquery.
  const rows = await tx.$queryRaw<
    Array<{ status: ContactStatus; count: number; new_count: number; overdue: number }>
  >`
    select status::text as status, count(*)::int as count,
           (count(*) filter (where created_at >= now() - interval '7 days'))::int as new_count,
           (select count(*)::int from public.contacts o
             where o.organization_id = ${orgId}::uuid and o.next_follow_up is not null and o.next_follow_up < now()) as overdue
      from public.contacts where organization_id = ${orgId}::uuid
     group by status`;
  return {
    total: rows.reduce((n, r) => n + r.count, 0),
    newLast7Days: rows.reduce((n, r) => n + r.new_count, 0),
    overdueFollowUps: rows[0]?.overdue ?? 0,
    byStatus: CONTACT_STATUSES.map((status) => ({
      status,
      count: rows.find((r) => r.status === status)?.count ?? 0,
    })),
  };
}

/** New contacts per UTC day, the last 7 days including today (days without any are 0). */
export async function newContactsPerDay(
  tx: TenantTx,
  orgId: string,
): Promise<Array<{ day: string; count: number }>> {
  const rows = await tx.$queryRaw<Array<{ day: string; count: number; today: string }>>`
    select to_char(c.created_at at time zone 'UTC', 'YYYY-MM-DD') as day, count(*)::int as count,
           to_char(now() at time zone 'UTC', 'YYYY-MM-DD') as today
      from public.contacts c
     where c.organization_id = ${orgId}::uuid
       and c.created_at >= (date_trunc('day', now() at time zone 'UTC') - interval '6 days') at time zone 'UTC'
     group by 1`;
  const today = rows[0]?.today ?? new Date().toISOString().slice(0, 10);
  const end = Date.parse(`${today}T00:00:00Z`);
  return Array.from({ length: 7 }, (_, i) => {
    const day = new Date(end - (6 - i) * 86_400_000).toISOString().slice(0, 10);
    return { day, count: rows.find((r) => r.day === day)?.count ?? 0 };
  });
}

export async function dealStats(tx: TenantTx, orgId: string): Promise<DealStats> {
  // ROLLUP adds the all-stages row (stage null): exact totals and average from the database, not summed floats.
  const rows = await tx.$queryRaw<
    Array<{ stage: DealStage | null; count: number; sum: string | null; average: string | null }>
  >`
    select stage::text as stage, count(*)::int as count, sum(value)::text as sum, round(avg(value), 2)::text as average
      from public.deals where organization_id = ${orgId}::uuid
     group by rollup (stage)`;
  const total = rows.find((r) => r.stage === null);
  return {
    count: total?.count ?? 0,
    sum: total?.sum ?? "0",
    average: total?.average ?? null,
    byStage: DEAL_STAGES.map((stage) => {
      const r = rows.find((x) => x.stage === stage);
      return { stage, count: r?.count ?? 0, sum: r?.sum ?? "0" };
    }),
  };
}

export async function upcomingFollowUps(tx: TenantTx, orgId: string): Promise<UpcomingFollowUp[]> {
  const rows = await tx.$queryRaw<
    Array<{
      id: string;
      name: string;
      company: string | null;
      next_follow_up: Date;
      assigned_to: string | null;
      assignee_name: string | null;
      assignee_email: string | null;
    }>
  >`
    select c.id, c.name, c.company, c.next_follow_up, c.assigned_to, u.name as assignee_name, u.email as assignee_email
      from public.contacts c
      left join public.users u on u.id = c.assigned_to
     where c.organization_id = ${orgId}::uuid
       and c.next_follow_up >= now() and c.next_follow_up < now() + interval '7 days'
     order by c.next_follow_up asc, c.id asc
     limit ${UPCOMING_FOLLOW_UPS}`;
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    company: r.company,
    nextFollowUp: r.next_follow_up.toISOString(),
    assignee: r.assigned_to ? { id: r.assigned_to, name: r.assignee_name, email: r.assignee_email } : null,
  }));
}

export async function getCrmDashboard(ctx: AuthContext, opts: { db?: Db } = {}): Promise<CrmDashboard> {
  const orgId = ctx.organization.id;
  return withTenantContext(
    ctx,
    async (tx) => ({
      contacts: await contactStats(tx, orgId),
      newPerDay: await newContactsPerDay(tx, orgId),
      deals: await dealStats(tx, orgId),
      followUps: await upcomingFollowUps(tx, orgId),
    }),
    opts,
  );
}

/** The alternative the benchmark compares against: each query in its own tenant transaction, in parallel. */
export async function getCrmDashboardParallel(
  ctx: AuthContext,
  opts: { db?: Db } = {},
): Promise<CrmDashboard> {
  const orgId = ctx.organization.id;
  const run = <T>(fn: (tx: TenantTx, orgId: string) => Promise<T>) =>
    withTenantContext(ctx, (tx) => fn(tx, orgId), opts);
  const [contacts, newPerDay, deals, followUps] = await Promise.all([
    run(contactStats),
    run(newContactsPerDay),
    run(dealStats),
    run(upcomingFollowUps),
  ]);
  return { contacts, newPerDay, deals, followUps };
}

/** A member's own follow-ups in the next 7 days (their dashboard). */
export async function getMyFollowUps(ctx: AuthContext) {
  const start = new Date();
  start.setUTCHours(0, 0, 0, 0);
  const rows = await withTenantContext(ctx, (tx) =>
    tx.contact.findMany({
      where: {
        organizationId: ctx.organization.id,
        assignedTo: ctx.user.id,
        nextFollowUp: { gte: start, lt: new Date(start.getTime() + 7 * 86_400_000) },
      },
      orderBy: [{ nextFollowUp: "asc" }, { id: "asc" }],
      take: 10,
      select: { id: true, name: true, nextFollowUp: true },
    }),
  );
  return rows.map((c) => ({ ...c, nextFollowUp: c.nextFollowUp?.toISOString() ?? null }));
}
