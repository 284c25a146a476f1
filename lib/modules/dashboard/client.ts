// Keeps the manager's dashboard's numbers current (docs/decisions/0013 applied to the dashboard): the audit log's
// Realtime INSERTs for the organization — the channel the activity feed already uses, authorized by the log's RLS
// for the subscriber's JWT — are read only as "something changed". When an entry about deals, loops, contacts,
// participants or members arrives, the numbers are fetched again (debounced: a burst causes one fetch); also after
// every (re)subscription, when the tab wakes and when the network returns.
import type { SupabaseClient } from "@supabase/supabase-js";
import { LiveChannel, oneRefetchAtATime } from "@/lib/supabase/live-channel";

/** Audit actions that can change the leaderboard, the KPIs, the pipeline, lead sources or closings. */
const PERFORMANCE_PREFIXES = ["deal.", "loop.", "contact.", "participant.", "member."] as const;

export const affectsPerformance = (action: unknown): boolean =>
  typeof action === "string" && PERFORMANCE_PREFIXES.some((p) => action.startsWith(p));

export interface PerformanceSyncOptions {
  supabase: SupabaseClient;
  organizationId: string;
  /** Fetches the numbers again and shows them. */
  refresh: () => Promise<void>;
  debounceMs?: number;
  onStatus?: (status: string) => void;
}

export class PerformanceSync {
  private readonly live: LiveChannel;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly refresh = oneRefetchAtATime(
    () => this.opts.refresh(),
    () => this.live.isStopped,
  );

  constructor(private readonly opts: PerformanceSyncOptions) {
    this.live = new LiveChannel({
      supabase: opts.supabase,
      topic: `performance:${opts.organizationId}`,
      changes: [
        {
          event: "INSERT",
          schema: "public",
          table: "transaction_audit_logs",
          filter: `organization_id=eq.${opts.organizationId}`,
          onChange: (payload) => {
            if (affectsPerformance(payload.new.action)) this.schedule();
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

  wake(): void {
    void this.refresh();
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    await this.live.stop();
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.refresh();
    }, this.opts.debounceMs ?? 300);
  }
}
