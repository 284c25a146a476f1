import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/app-shell/page-header";
import { buttonClasses, Card, CardHeader } from "@/components/ui";
import { requireOrgPage } from "@/lib/auth/guards";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const ctx = await requireOrgPage(org, `/${org}/dashboard`);
  return (
    <>
      <PageHeader title="Dashboard" description={`Welcome to ${ctx.organization.name}.`} />
      <div className="grid gap-4 md:grid-cols-2">
        <Card>
          <CardHeader title="Your team" description="Invite agents and set what they can do." />
          <Link className={buttonClasses("secondary", "sm")} href={`/${ctx.organization.slug}/settings/members`}>
            Manage members
          </Link>
        </Card>
        <Card>
          <CardHeader title="Your plan" description={`${ctx.tier.charAt(0) + ctx.tier.slice(1).toLowerCase()} plan`} />
          <Link className={buttonClasses("secondary", "sm")} href={`/${ctx.organization.slug}/settings/plan`}>
            See plans
          </Link>
        </Card>
      </div>
    </>
  );
}
