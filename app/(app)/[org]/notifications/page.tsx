import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/app-shell/page-header";
import { NoPermission } from "@/components/app-shell/upgrade-prompt";
import { MarkAllReadButton, NotificationList } from "@/components/notifications/notification-list";
import { buttonClasses } from "@/components/ui";
import { pageAccess, requireOrgPage } from "@/lib/auth/guards";
import { listNotifications } from "@/lib/modules/notifications";

export const metadata: Metadata = { title: "Notifications" };

export default async function NotificationsPage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const ctx = await requireOrgPage(org, `/${org}/notifications`);
  const denied = pageAccess(ctx, "notifications:read");
  if (denied) return <NoPermission message={denied.message} />;
  const slug = ctx.organization.slug;
  const { items, unread } = await listNotifications(ctx);
  return (
    <>
      <PageHeader
        title="Notifications"
        description={
          unread > 0
            ? `${unread} unread in ${ctx.organization.name}.`
            : `You're all caught up in ${ctx.organization.name}.`
        }
        action={
          <>
            <MarkAllReadButton organization={slug} unread={unread} />
            <Link className={buttonClasses("ghost")} href={`/${slug}/settings/notifications`}>
              Notification settings
            </Link>
          </>
        }
      />
      <NotificationList organization={slug} notifications={items} />
    </>
  );
}
