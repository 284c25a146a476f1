import type { Metadata } from "next";
import { PageHeader } from "@/components/app-shell/page-header";
import { LeaveOrganizationButton } from "@/components/organizations/leave-organization-button";
import { OrganizationSettingsForm } from "@/components/organizations/organization-settings-form";
import { Card, CardHeader } from "@/components/ui";
import { pageAccess, requireOrgPage } from "@/lib/auth/guards";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const ctx = await requireOrgPage(org, `/${org}/settings`);
  return (
    <>
      <PageHeader title="Settings" description={`Address: /${ctx.organization.slug}`} />
      <div className="flex flex-col gap-6">
        <Card>
          <CardHeader title="Organization" />
          <OrganizationSettingsForm
            organization={ctx.organization.slug}
            name={ctx.organization.name}
            canEdit={pageAccess(ctx, "organization:update") === null}
          />
        </Card>
        <Card>
          <CardHeader
            title="Your membership"
            description={`You are ${ctx.role.toLowerCase()} of ${ctx.organization.name}.`}
          />
          <LeaveOrganizationButton organization={ctx.organization.slug} name={ctx.organization.name} />
        </Card>
      </div>
    </>
  );
}
