// The browser's live unread count: Supabase Realtime changes on the signed-in user's own notifications
// (`user_id=eq.<me>`; RLS lets nobody else receive them), each followed by a fresh count from the server — also
// on every (re)subscription and when the tab wakes — so the count never drifts from what the list shows.
import type { SupabaseClient } from "@supabase/supabase-js";
import { LiveChannel, oneRefetchAtATime } from "@/lib/supabase/live-channel";

export interface UnreadCountSyncOptions {
  supabase: SupabaseClient;
  organizationId: string;
  userId: string;
  /** The member's unread count in this organization, from the server. */
  fetchCount: () => Promise<number>;
  onCount: (count: number) => void;
  onStatus?: (status: string) => void;
}

export class UnreadCountSync {
  private readonly live: LiveChannel;
  /** One count request at a time; changes during one ask for one more. */
  private readonly refresh = oneRefetchAtATime(
    async () => {
      const count = await this.opts.fetchCount();
      if (!this.live.isStopped) this.opts.onCount(count);
    },
    () => this.live.isStopped,
  );

  constructor(private readonly opts: UnreadCountSyncOptions) {
    this.live = new LiveChannel({
      supabase: opts.supabase,
      topic: `notifications:${opts.organizationId}:${opts.userId}`,
      changes: [
        {
          event: "*",
          schema: "public",
          table: "notifications",
          filter: `user_id=eq.${opts.userId}`,
          onChange: (payload) => {
            // The member's notifications of other organizations count on those organizations' pages.
            const org = (payload.new?.organization_id ?? payload.old?.organization_id) as string | undefined;
            if (org === undefined || org === opts.organizationId) void this.refresh();
          },
        },
      ],
      onSubscribed: () => void this.refresh(),
      onStatus: opts.onStatus,
    });
  }

  start(): Promise<void> {
    return this.live.start();
  }

  /** Call when the tab becomes visible again or the network comes back. */
  wake(): void {
    void this.refresh();
  }

  stop(): Promise<void> {
    return this.live.stop();
  }
}
