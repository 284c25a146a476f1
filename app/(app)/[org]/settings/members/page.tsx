import type { Metadata } from "next";
import { PageHeader } from "@/components/app-shell/page-header";
import { NoPermission } from "@/components/app-shell/upgrade-prompt";
import { InviteMemberForm } from "@/components/organizations/invite-member-form";
import { MembersTable } from "@/components/organizations/members-table";
import { Card, CardHeader } from "@/components/ui";
import { pageAccess, requireOrgPage } from "@/lib/auth/guards";
import { listMembers } from "@/lib/modules/organizations";

export const metadata: Metadata = { title: "Members" };

export default async function MembersPage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const ctx = await requireOrgPage(org, `/${org}/settings/members`);
  const readDenied = pageAccess(ctx, "members:read");
  if (readDenied) return <NoPermission message={readDenied.message} />;
  const canManage = pageAccess(ctx, "members:manage") === null;
  const { members, invitations } = await listMembers(ctx);
  return (
    <>
      <PageHeader title="Members" description={`People in ${ctx.organization.name} and what they can do.`} />
      <div className="flex flex-col gap-6">
        {canManage && (
          <Card>
            <CardHeader
              title="Invite someone"
              description="They get a link to join with the role you choose."
            />
            <InviteMemberForm
              organization={ctx.organization.slug}
              pendingEmails={invitations.map((i) => i.email)}
            />
          </Card>
        )}
        <MembersTable
          organization={ctx.organization.slug}
          currentUserId={ctx.user.id}
          canManage={canManage}
          isOwner={ctx.role === "OWNER"}
          members={members.map((m) => ({ ...m, acceptedAt: m.acceptedAt?.toISOString() ?? null }))}
          invitations={invitations.map((i) => ({ ...i, expiresAt: i.expiresAt.toISOString() }))}
        />
      </div>
    </>
  );
}
