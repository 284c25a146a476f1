// The dashboard. Owners and admins get the manager's view: CRM metrics, the transactions overview with the
// organization's agenda, and the live activity feed. Members and viewers get their own agenda, follow-ups and tasks.
// Reviewers (owners, admins, members with the reviewer flag) get the review queue on either. Plans without the live
// dashboard see what they have plus an upgrade prompt.
import type { Metadata } from "next";
import Link from "next/link";
import { ActivityFeed } from "@/components/activity/activity-feed";
import { PageHeader } from "@/components/app-shell/page-header";
import { UpgradePrompt } from "@/components/app-shell/upgrade-prompt";
import { BarList, StatCard } from "@/components/crm/charts";
import { FollowUpsTable } from "@/components/crm/follow-ups-table";
import { MyRemindersCard } from "@/components/crm/my-reminders-card";
import { TeamPerformancePanel } from "@/components/dashboard/team-performance";
import { AgendaCard } from "@/components/transactions/agenda-card";
import { ReviewQueue } from "@/components/transactions/review-queue";
import { formatCount, formatMoney, personName } from "@/components/ui/format";
import { buttonClasses, Card, CardHeader, EmptyState } from "@/components/ui";
import type { AuthContext } from "@/lib/auth/authorize";
import { pageAccess, requireOrgPage, pageReads } from "@/lib/auth/guards";
import { listActivity, listOrganizationPeople } from "@/lib/modules/activity";
import { getCrmDashboard, getMyDueReminders, getMyFollowUps } from "@/lib/modules/crm";
import { getTeamPerformance } from "@/lib/modules/dashboard";
import { periodSchema, type Period } from "@/lib/modules/dashboard/schemas";
import { listReviewQueue } from "@/lib/modules/documents";
import {
  AGENDA_DAYS,
  getMyAgenda,
  getMyOpenTasks,
  getOrganizationAgenda,
  getTransactionsOverview,
} from "@/lib/modules/transactions";
import { LOOP_STATUS_LABELS } from "@/lib/modules/transactions/schemas";
import { publicSupabaseConfig } from "@/lib/supabase/projects";

export const metadata: Metadata = { title: "Dashboard" };

const dateFmt = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", timeZone: "UTC" });
const day = (iso: string | null) => (iso ? dateFmt.format(new Date(`${iso}T12:00:00Z`)) : "—");

export default async function DashboardPage({
  params,
  searchParams,
}: {
  params: Promise<{ org: string }>;
  searchParams: Promise<{ period?: string | string[] }>;
}) {
  const { org } = await params;
  const ctx = await requireOrgPage(org, `/${org}/dashboard`);
  const manager = pageAccess(ctx, "dashboard:view");
  if (manager === null) {
    return <ManagerDashboard ctx={ctx} period={periodSchema.parse((await searchParams).period)} />;
  }
  const crmAllowed = pageAccess(ctx, "contacts:read") === null;
  const tasksAllowed = pageAccess(ctx, "loops:read") === null;
  const [followUps, reminders, tasks, agenda, reviewQueue] = await pageReads(ctx, () =>
    Promise.all([
      crmAllowed ? getMyFollowUps(ctx) : Promise.resolve([]),
      crmAllowed ? getMyDueReminders(ctx) : Promise.resolve(null),
      tasksAllowed ? getMyOpenTasks(ctx) : Promise.resolve([]),
      tasksAllowed ? getMyAgenda(ctx) : Promise.resolve(null),
      pageAccess(ctx, "reviews:manage") === null ? listReviewQueue(ctx) : Promise.resolve(null),
    ]),
  );
  return (
    <>
      <PageHeader title="Dashboard" description={`Your work in ${ctx.organization.name}.`} />
      {manager.layer === "tier" && (
        <div className="mb-6">
          <UpgradePrompt
            feature="The live team dashboard"
            requiredTier={manager.requiredTier}
            canUpgrade={pageAccess(ctx, "plan:manage") === null}
            planHref={`/${ctx.organization.slug}/settings/plan`}
          />
        </div>
      )}
      {manager.layer === "org_role" && (
        <p className="mb-4 text-sm text-fg-muted">
          The team dashboard with live activity is for owners and admins. Here is what&apos;s on your plate.
        </p>
      )}
      <div className="grid gap-4 lg:grid-cols-2">
        {reminders && (
          <div className="lg:col-span-2">
            <MyRemindersCard
              organization={ctx.organization.slug}
              reminders={reminders.items}
              total={reminders.total}
            />
          </div>
        )}
        {reviewQueue && <ReviewQueue organization={ctx.organization.slug} queue={reviewQueue} />}
        {agenda && (
          <div className="lg:col-span-2">
            <AgendaCard
              title="Your agenda"
              description="Key dates and overdue tasks of the transactions you take part in, and tasks assigned to you."
              agenda={agenda}
              days={AGENDA_DAYS}
              organization={ctx.organization.slug}
            />
          </div>
        )}
        <Card>
          <CardHeader title="Your follow-ups this week" />
          {!crmAllowed ? (
            <p className="text-sm text-fg-muted">The CRM isn&apos;t part of your organization&apos;s plan.</p>
          ) : followUps.length === 0 ? (
            <p className="text-sm text-fg-muted">No follow-ups due in the next 7 days.</p>
          ) : (
            <ul className="flex flex-col gap-2 text-sm">
              {followUps.map((c) => (
                <li key={c.id} className="flex justify-between gap-2">
                  <Link
                    className="font-medium underline-offset-2 hover:underline"
                    href={`/${ctx.organization.slug}/crm/contacts/${c.id}`}
                  >
                    {c.name}
                  </Link>
                  <span className="text-fg-muted">
                    {c.nextFollowUp ? dateFmt.format(new Date(c.nextFollowUp)) : ""}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </Card>
        <Card>
          <CardHeader title="Your open tasks" />
          {!tasksAllowed ? (
            <p className="text-sm text-fg-muted">
              Transactions aren&apos;t part of your organization&apos;s plan.
            </p>
          ) : tasks.length === 0 ? (
            <p className="text-sm text-fg-muted">No open tasks assigned to you.</p>
          ) : (
            <ul className="flex flex-col gap-2 text-sm">
              {tasks.map((t) => (
                <li key={t.id} className="flex justify-between gap-2">
                  <Link
                    className="underline-offset-2 hover:underline"
                    href={`/${ctx.organization.slug}/transactions/${t.loop.id}`}
                  >
                    {t.title} <span className="text-fg-muted">· {t.loop.propertyAddress}</span>
                  </Link>
                  <span className="shrink-0 text-fg-muted">{day(t.dueDate)}</span>
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
    </>
  );
}

async function ManagerDashboard({ ctx, period }: { ctx: AuthContext; period: Period }) {
  const slug = ctx.organization.slug;
  const crmAllowed = pageAccess(ctx, "contacts:read") === null;
  const [performance, crm, reminders, transactions, agenda, activity, people, reviewQueue] = await pageReads(
    ctx,
    () =>
      Promise.all([
        getTeamPerformance(ctx, period),
        crmAllowed ? getCrmDashboard(ctx) : Promise.resolve(null),
        crmAllowed ? getMyDueReminders(ctx) : Promise.resolve(null),
        getTransactionsOverview(ctx),
        getOrganizationAgenda(ctx),
        listActivity(ctx, { limit: 30 }),
        listOrganizationPeople(ctx),
        pageAccess(ctx, "reviews:manage") === null ? listReviewQueue(ctx) : Promise.resolve(null),
      ]),
  );
  const activeLoops = transactions.activeByStatus.reduce((n, s) => n + s.count, 0);
  return (
    <>
      <PageHeader title="Dashboard" description={`${ctx.organization.name} at a glance, live.`} />
      <div className="grid gap-6 xl:grid-cols-[minmax(0,1fr)_24rem]">
        <div className="flex min-w-0 flex-col gap-6">
          {reminders && (
            <MyRemindersCard organization={slug} reminders={reminders.items} total={reminders.total} />
          )}
          <TeamPerformancePanel
            key={ctx.organization.id}
            organization={{ id: ctx.organization.id, slug }}
            initial={performance}
            supabase={publicSupabaseConfig()}
          />
          {crm && (
            <section aria-labelledby="crm-heading" className="flex flex-col gap-3">
              <div className="flex items-center justify-between">
                <h2 id="crm-heading" className="text-lg font-semibold">
                  CRM
                </h2>
                <Link href={`/${slug}/crm`} className={buttonClasses("ghost", "sm")}>
                  CRM overview
                </Link>
              </div>
              <div className="grid grid-cols-2 gap-3 lg:grid-cols-4">
                <StatCard
                  label="Contacts"
                  value={formatCount(crm.contacts.total)}
                  hint={`${formatCount(crm.contacts.overdueFollowUps)} overdue follow-ups`}
                />
                <StatCard label="New in 7 days" value={formatCount(crm.contacts.newLast7Days)} />
                <StatCard
                  label="Deals"
                  value={formatCount(crm.deals.count)}
                  hint={`Total ${formatMoney(crm.deals.sum)}`}
                />
                <StatCard label="Average deal" value={formatMoney(crm.deals.average)} />
              </div>
              <Card>
                <CardHeader title="Follow-ups in the next 7 days" />
                <FollowUpsTable rows={crm.followUps} contactsHref={`/${slug}/crm/contacts`} />
              </Card>
            </section>
          )}
          <section aria-labelledby="tx-heading" className="flex flex-col gap-3">
            <div className="flex items-center justify-between">
              <h2 id="tx-heading" className="text-lg font-semibold">
                Transactions
              </h2>
              <Link href={`/${slug}/transactions`} className={buttonClasses("ghost", "sm")}>
                All loops
              </Link>
            </div>
            {reviewQueue && <ReviewQueue organization={slug} queue={reviewQueue} />}
            <div className="grid gap-4 lg:grid-cols-3">
              <Card>
                <CardHeader title="Active loops" description={`${formatCount(activeLoops)} open`} />
                {activeLoops === 0 ? (
                  <p className="text-sm text-fg-muted">No open transactions.</p>
                ) : (
                  <BarList
                    label="Active loops by status"
                    bars={transactions.activeByStatus.map((s) => ({
                      label: LOOP_STATUS_LABELS[s.status] ?? s.status,
                      value: s.count,
                      tone: "accent" as const,
                    }))}
                  />
                )}
              </Card>
              <Card>
                <CardHeader
                  title="Closing in 30 days"
                  description={`${transactions.closingsNext30.length}${transactions.closingsNext30.length === 10 ? "+" : ""} expected`}
                />
                {transactions.closingsNext30.length === 0 ? (
                  <p className="text-sm text-fg-muted">No closings expected this month.</p>
                ) : (
                  <ul className="flex flex-col gap-2 text-sm">
                    {transactions.closingsNext30.map((l) => (
                      <li key={l.id} className="flex justify-between gap-2">
                        <Link
                          className="truncate underline-offset-2 hover:underline"
                          href={`/${slug}/transactions/${l.id}`}
                        >
                          {l.propertyAddress}
                        </Link>
                        <span className="shrink-0 text-fg-muted">
                          {day(l.expectedClosing)} · {l.progress}%
                        </span>
                      </li>
                    ))}
                  </ul>
                )}
              </Card>
              <Card>
                <CardHeader
                  title="Overdue tasks"
                  description={`${formatCount(transactions.overdueTasks.count)} past due`}
                />
                {transactions.overdueTasks.count === 0 ? (
                  <p className="text-sm text-fg-muted">Nothing overdue. Nice.</p>
                ) : (
                  <ul className="flex flex-col gap-2 text-sm">
                    {transactions.overdueTasks.top.map((t) => (
                      <li key={t.id}>
                        <Link
                          className="underline-offset-2 hover:underline"
                          href={`/${slug}/transactions/${t.loop.id}`}
                        >
                          {t.title}
                        </Link>
                        <p className="text-xs text-fg-muted">
                          {t.loop.propertyAddress} · due {day(t.dueDate)} · {personName(t.assignee)}
                        </p>
                      </li>
                    ))}
                  </ul>
                )}
              </Card>
            </div>
            <AgendaCard
              title="Team agenda"
              description="Pending key dates and overdue tasks across every open transaction."
              agenda={agenda}
              days={AGENDA_DAYS}
              organization={slug}
              showAssignees
            />
          </section>
        </div>
        <section aria-labelledby="activity-heading" className="flex flex-col gap-3">
          <div className="flex items-center justify-between">
            <h2 id="activity-heading" className="text-lg font-semibold">
              Activity
            </h2>
            <Link href={`/${slug}/audit`} className={buttonClasses("ghost", "sm")}>
              Audit log
            </Link>
          </div>
          <Card className="px-4 py-3">
            {activity.length === 0 && people.length === 0 ? (
              <EmptyState
                title="No activity yet"
                description="Team activity will show up here as it happens."
              />
            ) : (
              <ActivityFeed
                key={ctx.organization.id}
                organization={{ id: ctx.organization.id, slug }}
                initialEntries={activity}
                people={people}
                supabase={publicSupabaseConfig()}
              />
            )}
          </Card>
        </section>
      </div>
    </>
  );
}
