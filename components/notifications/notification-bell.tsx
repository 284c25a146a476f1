"use client";
// The bell in the app shell: the member's unread count in this organization, live. One subscription per page
// (UnreadCountProvider), however many bells the layout shows (the phone's top bar and the desktop sidebar).
import Link from "next/link";
import { createContext, useContext, useEffect, useState, type ReactNode } from "react";
import { cn } from "@/components/ui";
import { getJson } from "@/lib/http-client";
import { UnreadCountSync } from "@/lib/modules/notifications/client";
import { createBrowserSupabase, type PublicSupabaseConfig } from "@/lib/supabase/browser";
import { runLiveSync } from "@/lib/supabase/live-channel";

const UnreadCount = createContext<number>(0);

export function UnreadCountProvider({
  organization,
  userId,
  initialUnread,
  supabase: config,
  children,
}: {
  organization: { id: string; slug: string };
  userId: string;
  initialUnread: number;
  supabase: PublicSupabaseConfig;
  children: ReactNode;
}) {
  const [unread, setUnread] = useState(initialUnread);
  useEffect(() => {
    const sync = new UnreadCountSync({
      supabase: createBrowserSupabase(config),
      organizationId: organization.id,
      userId,
      fetchCount: async () => {
        const result = await getJson<{ unread: number }>(
          `/api/organizations/${encodeURIComponent(organization.slug)}/notifications/unread`,
        );
        if (!result.ok) throw new Error(result.error.message);
        return result.data.unread;
      },
      onCount: setUnread,
    });
    return runLiveSync(sync);
    // Restarts only for another organization or user (the layout keys it by organization too).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [organization.id, userId]);
  return <UnreadCount.Provider value={unread}>{children}</UnreadCount.Provider>;
}

export function NotificationBell({ href, className }: { href: string; className?: string }) {
  const unread = useContext(UnreadCount);
  const label = unread > 0 ? `Notifications, ${unread} unread` : "Notifications";
  return (
    <Link
      href={href}
      aria-label={label}
      title={label}
      className={cn(
        "relative inline-flex size-9 items-center justify-center rounded-md text-fg-muted hover:bg-surface-muted hover:text-fg",
        className,
      )}
    >
      <svg
        aria-hidden="true"
        viewBox="0 0 24 24"
        className="size-5"
        fill="none"
        stroke="currentColor"
        strokeWidth="2"
      >
        <path d="M6 8a6 6 0 1 1 12 0c0 7 3 9 3 9H3s3-2 3-9" strokeLinecap="round" strokeLinejoin="round" />
        <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" strokeLinecap="round" strokeLinejoin="round" />
      </svg>
      {unread > 0 && (
        <span
          aria-hidden="true"
          data-testid="unread-count"
          className="absolute -top-0.5 -right-0.5 flex min-w-5 items-center justify-center rounded-full bg-accent px-1 text-xs font-semibold text-accent-contrast"
        >
          {unread > 99 ? "99+" : unread}
        </span>
      )}
    </Link>
  );
}
