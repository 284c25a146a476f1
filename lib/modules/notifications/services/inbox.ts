import "server-only";
// The member's own inbox and choices: marking notifications read, muting kinds, the daily digest. They are the
// member's personal state, not the organization's records, so they write no audit entry; RLS lets a member change
// only their own rows.
import { AppError } from "@/lib/errors";
import { tenantService } from "@/lib/service";
import {
  markAllNotificationsReadSchema,
  markNotificationReadSchema,
  updateNotificationPreferencesSchema,
  type NotificationPreferencesView,
} from "../schemas";

export const markNotificationRead = tenantService(
  markNotificationReadSchema,
  async (tx, input, ctx): Promise<{ id: string }> => {
    const where = { id: input.notificationId, organizationId: ctx.organization.id, userId: ctx.user.id };
    const found = await tx.notification.findFirst({ where, select: { id: true, readAt: true } });
    if (!found) throw new AppError("NOT_FOUND", "We couldn't find that notification.");
    if (!found.readAt) await tx.notification.updateMany({ where, data: { readAt: new Date() } });
    return { id: found.id };
  },
);

export const markAllNotificationsRead = tenantService(
  markAllNotificationsReadSchema,
  async (tx, _input, ctx): Promise<{ count: number }> =>
    tx.notification.updateMany({
      where: { organizationId: ctx.organization.id, userId: ctx.user.id, readAt: null },
      data: { readAt: new Date() },
    }),
);

export const updateNotificationPreferences = tenantService(
  updateNotificationPreferencesSchema,
  async (tx, input, ctx): Promise<NotificationPreferencesView> => {
    const key = { organizationId: ctx.organization.id, userId: ctx.user.id };
    const choice = { muted: input.muted, dailyDigest: input.dailyDigest };
    return tx.notificationPreference.upsert({
      where: { organizationId_userId: key },
      create: { ...key, ...choice },
      update: choice,
      select: { muted: true, dailyDigest: true },
    });
  },
);
