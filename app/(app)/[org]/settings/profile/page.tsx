import type { Metadata } from "next";
import Link from "next/link";
import { Avatar } from "@/components/account/avatar";
import { ChangeEmailForm, ChangePasswordForm, ProfileNameForm } from "@/components/account/profile-forms";
import { PageHeader } from "@/components/app-shell/page-header";
import { Card, CardHeader } from "@/components/ui";
import { requireOrgPage } from "@/lib/auth/guards";

export const metadata: Metadata = { title: "Your profile" };

const EMAIL_NOTICES: Record<string, string> = {
  changed: "Your email address is confirmed and changed.",
  "link-invalid": "That confirmation link has expired or was already used. Ask for a new one below.",
};

// The signed-in person's own account, reached from the user menu in any organization: it's the same account in
// all of them (notification settings are per organization and live next door).
export default async function ProfilePage({
  params,
  searchParams,
}: {
  params: Promise<{ org: string }>;
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const { org } = await params;
  const query = await searchParams;
  const ctx = await requireOrgPage(org, `/${org}/settings/profile`);
  const { user } = ctx;
  const notice = query.email ? EMAIL_NOTICES[query.email] : undefined;
  return (
    <>
      <PageHeader title="Your profile" description="Your account in every organization you belong to." />
      <div className="flex max-w-2xl flex-col gap-6">
        <Card>
          <div className="mb-4 flex items-center gap-3">
            <Avatar name={user.name} email={user.email} className="size-12 text-base" />
            <div className="min-w-0">
              <p className="truncate font-medium">{user.name ?? user.email}</p>
              <p className="truncate text-sm text-fg-muted">{user.email}</p>
            </div>
          </div>
          <ProfileNameForm name={user.name ?? ""} />
        </Card>
        <Card id="email">
          <CardHeader title="Email" />
          {notice && (
            <p
              role="status"
              className="mb-3 rounded-md border border-border bg-surface-muted px-3 py-2 text-sm"
            >
              {notice}
            </p>
          )}
          <ChangeEmailForm email={user.email} back={`/${ctx.organization.slug}/settings/profile`} />
        </Card>
        <Card>
          <CardHeader title="Password" description="Changing it signs you out on your other devices." />
          <ChangePasswordForm />
        </Card>
        <Card>
          <CardHeader
            title="Notifications"
            description={`What you hear about in ${ctx.organization.name}, and the daily digest.`}
          />
          <Link
            href={`/${ctx.organization.slug}/settings/notifications`}
            className="text-sm font-medium text-accent underline-offset-2 hover:underline"
          >
            Notification settings
          </Link>
        </Card>
      </div>
    </>
  );
}
