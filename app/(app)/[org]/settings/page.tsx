import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/app-shell/page-header";
import { LeaveOrganizationButton } from "@/components/organizations/leave-organization-button";
import { ComplianceSetting } from "@/components/organizations/compliance-setting";
import { OrganizationSettingsForm } from "@/components/organizations/organization-settings-form";
import { buttonClasses, Card, CardHeader } from "@/components/ui";
import { pageAccess, requireOrgPage } from "@/lib/auth/guards";
import { getOrganizationSettings } from "@/lib/modules/organizations";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const ctx = await requireOrgPage(org, `/${org}/settings`);
  const settings = await getOrganizationSettings(ctx);
  const canEdit = pageAccess(ctx, "organization:update") === null;
  return (
    <>
      <PageHeader title="Settings" description={`Address: /${ctx.organization.slug}`} />
      <div className="flex flex-col gap-6">
        <Card>
          <CardHeader title="Organization" />
          <OrganizationSettingsForm
            organization={ctx.organization.slug}
            name={settings.name}
            canEdit={canEdit}
          />
        </Card>
        {pageAccess(ctx, "documents:read")?.layer !== "tier" && (
          <Card>
            <CardHeader
              title="Compliance review"
              description="Reviewers — owners, admins and members with the reviewer flag (Members page) — approve or return each document agents submit."
            />
            <ComplianceSetting
              organization={ctx.organization.slug}
              requireApprovalToClose={settings.requireApprovalToClose}
              canEdit={canEdit}
            />
          </Card>
        )}
        {pageAccess(ctx, "loops:read") === null && (
          <Card>
            <CardHeader
              title="Checklist templates"
              description="The tasks, due dates and documents each new Purchase, Listing, Dual or Lease transaction starts with."
            />
            <Link
              href={`/${ctx.organization.slug}/settings/templates`}
              className={buttonClasses("secondary", "sm")}
            >
              {pageAccess(ctx, "templates:manage") === null
                ? "Edit checklist templates"
                : "View checklist templates"}
            </Link>
          </Card>
        )}
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
