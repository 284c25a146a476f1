import "server-only";
// Reads of the signed-in member's own notifications in an organization (RLS shows nobody anyone else's): the
// centre's list, newest first, the unread count the bell shows, and the member's preferences.
import type { AuthContext } from "@/lib/auth/authorize";
import { withTenantContext } from "@/lib/database/tenant";
import type { NotificationPreferencesView, NotificationView } from "../schemas";

export const NOTIFICATIONS_PAGE_SIZE = 100;

const mine = (ctx: AuthContext) => ({ organizationId: ctx.organization.id, userId: ctx.user.id });

export async function listNotifications(
  ctx: AuthContext,
): Promise<{ items: NotificationView[]; unread: number }> {
  return withTenantContext(ctx, async (tx) => {
    const rows = await tx.notification.findMany({
      where: mine(ctx),
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: NOTIFICATIONS_PAGE_SIZE,
      select: { id: true, kind: true, title: true, body: true, link: true, readAt: true, createdAt: true },
    });
    const unread = await tx.notification.count({ where: { ...mine(ctx), readAt: null } });
    return {
      items: rows.map((n) => ({
        id: n.id,
        kind: n.kind,
        title: n.title,
        body: n.body,
        link: n.link,
        read: n.readAt !== null,
        createdAt: n.createdAt.toISOString(),
      })),
      unread,
    };
  });
}

export async function countUnreadNotifications(ctx: AuthContext): Promise<number> {
  return withTenantContext(ctx, (tx) => tx.notification.count({ where: { ...mine(ctx), readAt: null } }));
}

/** The member's choices; without a saved row, nothing is muted and the digest is on. */
export async function getNotificationPreferences(ctx: AuthContext): Promise<NotificationPreferencesView> {
  const row = await withTenantContext(ctx, (tx) =>
    tx.notificationPreference.findUnique({
      where: { organizationId_userId: mine(ctx) },
      select: { muted: true, dailyDigest: true },
    }),
  );
  return { muted: row?.muted ?? [], dailyDigest: row?.dailyDigest ?? true };
}
