// The CRM dashboard: contacts by status, new this week, deal totals by stage and the next 7 days' follow-ups.
import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/app-shell/page-header";
import { BarList, ColumnChart, StatCard } from "@/components/crm/charts";
import { NewContactButton } from "@/components/crm/contact-dialogs";
import { FollowUpsTable } from "@/components/crm/follow-ups-table";
import { formatCount, formatMoney } from "@/components/ui/format";
import { buttonClasses, Card, CardHeader, EmptyState } from "@/components/ui";
import { requireOrgPage, pageReads } from "@/lib/auth/guards";
import { getCrmDashboard } from "@/lib/modules/crm";
import { listAssignees } from "@/lib/modules/organizations";
import { CONTACT_STATUS_LABELS, DEAL_STAGE_LABELS } from "@/lib/modules/crm/schemas";
import { CrmDenied, crmDenial } from "./_shared/crm-denied";

export const metadata: Metadata = { title: "CRM" };

const WEEKDAY = new Intl.DateTimeFormat("en-US", { weekday: "short", timeZone: "UTC" });

export default async function CrmDashboardPage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const ctx = await requireOrgPage(org, `/${org}/crm`);
  const denied = crmDenial(ctx, "contacts:read");
  if (denied) return <CrmDenied ctx={ctx} denial={denied} title="CRM" />;
  const slug = ctx.organization.slug;
  const canWrite = crmDenial(ctx, "contacts:write") === null;
  const [d, assignees] = await pageReads(ctx, () =>
    Promise.all([getCrmDashboard(ctx), canWrite ? listAssignees(ctx) : Promise.resolve([])]),
  );
  const contactsHref = `/${slug}/crm/contacts`;

  if (d.contacts.total === 0) {
    return (
      <>
        <PageHeader
          title="CRM"
          description={`How ${ctx.organization.name}'s contacts and deals are doing.`}
        />
        <EmptyState
          title="Your CRM is empty"
          description={
            canWrite
              ? "Add your first contact or import a CSV file; this page then shows your pipeline at a glance."
              : "Once your team adds contacts, this page shows the pipeline at a glance."
          }
          action={
            canWrite ? (
              <div className="flex flex-wrap justify-center gap-2">
                <NewContactButton
                  organization={slug}
                  assignees={assignees}
                  me={ctx.user.id}
                  label="Add a contact"
                />
                {crmDenial(ctx, "contacts:bulk") === null && (
                  <Link href={`${contactsHref}/import`} className={buttonClasses("secondary")}>
                    Import CSV
                  </Link>
                )}
              </div>
            ) : undefined
          }
        />
      </>
    );
  }

  const open = d.deals.byStage.filter((s) => s.stage !== "CLOSED_WON" && s.stage !== "CLOSED_LOST");
  const openSum = open.reduce((n, s) => n + Number(s.sum), 0);
  const won = d.deals.byStage.find((s) => s.stage === "CLOSED_WON");
  return (
    <>
      <PageHeader
        title="CRM"
        description={`How ${ctx.organization.name}'s contacts and deals are doing.`}
        action={
          <Link href={contactsHref} className={buttonClasses("secondary")}>
            All contacts
          </Link>
        }
      />
      <section aria-label="Key numbers" className="mb-4 grid grid-cols-2 gap-3 lg:grid-cols-4">
        <StatCard
          label="Contacts"
          value={formatCount(d.contacts.total)}
          hint={
            d.contacts.overdueFollowUps
              ? `${formatCount(d.contacts.overdueFollowUps)} with an overdue follow-up`
              : "No overdue follow-ups"
          }
        />
        <StatCard label="New in 7 days" value={formatCount(d.contacts.newLast7Days)} />
        <StatCard
          label="Deals"
          value={formatCount(d.deals.count)}
          hint={`Total ${formatMoney(d.deals.sum)}`}
        />
        <StatCard
          label="Average deal"
          value={formatMoney(d.deals.average)}
          hint={`${formatMoney(openSum)} open · ${formatMoney(won?.sum ?? 0)} won`}
        />
      </section>
      <div className="grid gap-4 lg:grid-cols-2">
        <Card>
          <CardHeader title="Contacts by status" />
          <BarList
            label="Contacts by status"
            bars={d.contacts.byStatus.map((s) => ({
              label: CONTACT_STATUS_LABELS[s.status],
              value: s.count,
              tone:
                s.status === "LOST"
                  ? "danger"
                  : s.status === "CLIENT"
                    ? "success"
                    : s.status === "PAST_CLIENT"
                      ? "muted"
                      : "accent",
            }))}
          />
        </Card>
        <Card>
          <CardHeader title="New contacts per day" description="The last 7 days (UTC)." />
          <ColumnChart
            label="New contacts per day"
            points={d.newPerDay.map((p) => ({
              label: WEEKDAY.format(new Date(`${p.day}T12:00:00Z`)),
              value: p.count,
            }))}
          />
        </Card>
        <Card>
          <CardHeader
            title="Deals by stage"
            description="Count · value"
            action={
              <Link href={`/${slug}/crm/deals`} className={buttonClasses("ghost", "sm")}>
                Pipeline
              </Link>
            }
          />
          <BarList
            label="Deals by stage"
            bars={d.deals.byStage.map((s) => ({
              label: DEAL_STAGE_LABELS[s.stage],
              value: Number(s.sum),
              display: `${formatCount(s.count)} · ${formatMoney(s.sum)}`,
              tone: s.stage === "CLOSED_WON" ? "success" : s.stage === "CLOSED_LOST" ? "danger" : "accent",
            }))}
          />
        </Card>
        <Card>
          <CardHeader
            title="Follow-ups in the next 7 days"
            action={
              <Link
                href={`${contactsHref}?followUp=week&sort=follow_up`}
                className={buttonClasses("ghost", "sm")}
              >
                See all
              </Link>
            }
          />
          <FollowUpsTable rows={d.followUps} contactsHref={contactsHref} />
        </Card>
      </div>
    </>
  );
}
