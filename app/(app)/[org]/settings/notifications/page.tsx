import type { Metadata } from "next";
import { PageHeader } from "@/components/app-shell/page-header";
import { NoPermission } from "@/components/app-shell/upgrade-prompt";
import { NotificationPreferencesForm } from "@/components/notifications/notification-preferences-form";
import { Card } from "@/components/ui";
import { pageAccess, requireOrgPage } from "@/lib/auth/guards";
import { getNotificationPreferences } from "@/lib/modules/notifications";

export const metadata: Metadata = { title: "Notification settings" };

export default async function NotificationSettingsPage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const ctx = await requireOrgPage(org, `/${org}/settings/notifications`);
  const denied = pageAccess(ctx, "notifications:read");
  if (denied) return <NoPermission message={denied.message} />;
  return (
    <>
      <PageHeader
        title="Notification settings"
        description={`What you hear about in ${ctx.organization.name}. Only you see these settings.`}
      />
      <Card className="max-w-2xl">
        <NotificationPreferencesForm
          organization={ctx.organization.slug}
          preferences={await getNotificationPreferences(ctx)}
        />
      </Card>
    </>
  );
}
