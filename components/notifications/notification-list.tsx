"use client";
// The notification centre's list: newest first, unread ones marked (a dot and the words, not colour alone), each
// linking to what it is about, with "Mark as read" per item and for all.
import Link from "next/link";
import { useRunAction } from "@/components/forms/use-run-action";
import { Button, EmptyState, cn } from "@/components/ui";
import { markAllNotificationsReadAction } from "@/lib/modules/notifications/actions/mark-all-notifications-read";
import { markNotificationReadAction } from "@/lib/modules/notifications/actions/mark-notification-read";
import type { NotificationView } from "@/lib/modules/notifications/schemas";
import { RelativeTime } from "@/components/activity/relative-time";

export function NotificationList({
  organization,
  notifications,
}: {
  organization: string;
  notifications: NotificationView[];
}) {
  const { run, pending } = useRunAction();
  if (notifications.length === 0) {
    return (
      <EmptyState
        title="No notifications yet"
        description="You'll hear here when a task or a contact is assigned to you, when your documents are reviewed, and when key dates come close."
      />
    );
  }
  return (
    <ol aria-label="Notifications" className="flex flex-col rounded-lg border border-border bg-surface">
      {notifications.map((n) => (
        <li
          key={n.id}
          className={cn(
            "flex items-start gap-3 border-b border-border px-4 py-3 last:border-b-0",
            !n.read && "bg-accent/5",
          )}
        >
          <span
            aria-hidden="true"
            className={cn(
              "mt-1.5 inline-block size-2 shrink-0 rounded-full",
              n.read ? "bg-transparent" : "bg-accent",
            )}
          />
          <div className="min-w-0 flex-1 text-sm">
            <p className={cn("break-words", !n.read && "font-semibold")}>
              {!n.read && <span className="sr-only">Unread: </span>}
              {n.link ? (
                <Link className="underline-offset-2 hover:underline" href={n.link}>
                  {n.title}
                </Link>
              ) : (
                n.title
              )}
            </p>
            {n.body && <p className="break-words whitespace-pre-line text-fg-muted">{n.body}</p>}
            <p className="text-xs text-fg-muted">
              <RelativeTime iso={n.createdAt} />
            </p>
          </div>
          {!n.read && (
            <Button
              variant="ghost"
              size="sm"
              disabled={pending}
              aria-label={`Mark “${n.title}” as read`}
              onClick={() => run(() => markNotificationReadAction({ organization, notificationId: n.id }))}
            >
              Mark as read
            </Button>
          )}
        </li>
      ))}
    </ol>
  );
}

export function MarkAllReadButton({ organization, unread }: { organization: string; unread: number }) {
  const { run, pending } = useRunAction();
  if (unread === 0) return null;
  return (
    <Button
      variant="secondary"
      pending={pending}
      onClick={() =>
        run(() => markAllNotificationsReadAction({ organization }), {
          success: "All notifications marked as read",
        })
      }
    >
      Mark all as read
    </Button>
  );
}
