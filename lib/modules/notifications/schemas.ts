// Client-safe shapes, labels and schemas of notifications: the kinds a member can receive (and mute), one
// notification as the centre shows it, and the forms' schemas.
import { z } from "zod";
import type { NotificationKind as DbNotificationKind } from "@/lib/database/generated/prisma/enums";
import { organizationRef as orgRef } from "@/lib/validation";

export const NOTIFICATION_KINDS = [
  "TASK_ASSIGNED",
  "CONTACT_ASSIGNED",
  "DOCUMENT_RETURNED",
  "DOCUMENT_APPROVED",
  "REVIEW_REQUESTED",
  "KEY_DATE_SOON",
  "TASKS_OVERDUE",
] as const satisfies readonly DbNotificationKind[];
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** What each kind is about, as the preferences page asks it ("Tell me when…"). */
export const NOTIFICATION_KIND_LABELS: Record<NotificationKind, string> = {
  TASK_ASSIGNED: "A task is assigned to me",
  CONTACT_ASSIGNED: "A contact is assigned to me",
  DOCUMENT_RETURNED: "A document I work on is returned",
  DOCUMENT_APPROVED: "A document I work on is approved",
  REVIEW_REQUESTED: "A transaction is submitted for review (reviewers)",
  KEY_DATE_SOON: "A key date of my transactions is 3 days away or less",
  TASKS_OVERDUE: "My tasks are overdue",
};

/** Key dates this many days ahead (today included) count as soon: the digest and its notification. */
export const KEY_DATE_SOON_DAYS = 3;

/** One notification as the centre shows it (serializable). */
export interface NotificationView {
  id: string;
  kind: NotificationKind;
  title: string;
  body: string | null;
  link: string | null;
  read: boolean;
  createdAt: string;
}

export interface NotificationPreferencesView {
  muted: NotificationKind[];
  dailyDigest: boolean;
}

export const markNotificationReadSchema = z.object({ organization: orgRef, notificationId: z.uuid() });
export const markAllNotificationsReadSchema = z.object({ organization: orgRef });
export const updateNotificationPreferencesSchema = z.object({
  organization: orgRef,
  muted: z
    .array(z.enum(NOTIFICATION_KINDS))
    .max(NOTIFICATION_KINDS.length)
    .transform((kinds) => [...new Set(kinds)]),
  dailyDigest: z.boolean(),
});
export type UpdateNotificationPreferencesInput = z.input<typeof updateNotificationPreferencesSchema>;

/** The preferences form asks which kinds to hear about; the action stores the others as muted. */
export const notificationPreferencesFormSchema = z.object({
  organization: orgRef,
  heard: z.array(z.enum(NOTIFICATION_KINDS)),
  dailyDigest: z.boolean(),
});
export type NotificationPreferencesFormInput = z.input<typeof notificationPreferencesFormSchema>;
export const mutedKinds = (heard: readonly NotificationKind[]): NotificationKind[] =>
  NOTIFICATION_KINDS.filter((k) => !heard.includes(k));
