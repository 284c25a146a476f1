// Keeps a browser's view of one loop current: Supabase Realtime postgres_changes (INSERT, UPDATE and DELETE) on the
// loop and on its tasks, documents, participants, key dates and document slots — filtered to the loop, authorized
// per row by RLS with the signed-in user's token (a DELETE carries only the deleted row's key) — and a refresh
// whenever the channel re-subscribes, the tab wakes up or the network comes back, so nothing missed while away
// stays missing. Changes arriving together cause one refresh. The channel itself is lib/supabase/live-channel.ts.
import type { SupabaseClient } from "@supabase/supabase-js";
import { LiveChannel } from "@/lib/supabase/live-channel";

/** The loop's tables and the column that ties each row to the loop. */
export const LOOP_TABLES = [
  ["transaction_loops", "id"],
  ["transaction_tasks", "loop_id"],
  ["transaction_documents", "loop_id"],
  ["loop_participants", "loop_id"],
  ["loop_key_dates", "loop_id"],
  ["loop_document_slots", "loop_id"],
] as const;

export interface LoopChange {
  table: string;
  type: "INSERT" | "UPDATE" | "DELETE";
}

export interface LoopSyncOptions {
  supabase: SupabaseClient;
  loopId: string;
  /** Called (debounced) after changes, and after every re-subscription: fetch the loop again. */
  onRefresh: (changes: LoopChange[]) => void;
  onStatus?: (status: string) => void;
  debounceMs?: number;
}

export class LoopSync {
  private readonly live: LiveChannel;
  private pending: LoopChange[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private subscribedOnce = false;

  constructor(private readonly opts: LoopSyncOptions) {
    this.live = new LiveChannel({
      supabase: opts.supabase,
      topic: `loop:${opts.loopId}`,
      changes: LOOP_TABLES.map(([table, column]) => ({
        event: "*" as const,
        schema: "public",
        table,
        filter: `${column}=eq.${opts.loopId}`,
        onChange: (payload: { eventType: string }) =>
          this.changed({ table, type: payload.eventType as LoopChange["type"] }),
      })),
      onSubscribed: () => {
        // The page was rendered before we first listened; after a reconnect, whatever changed meanwhile is fetched.
        if (this.subscribedOnce) this.flushSoon();
        this.subscribedOnce = true;
      },
      onStatus: opts.onStatus,
    });
  }

  start(): Promise<void> {
    return this.live.start();
  }

  /** Call when the tab becomes visible again or the network comes back. */
  wake(): void {
    this.flushSoon();
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    await this.live.stop();
  }

  private changed(change: LoopChange): void {
    if (this.live.isStopped) return;
    this.pending.push(change);
    this.flushSoon();
  }

  private flushSoon(): void {
    if (this.live.isStopped || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      const changes = this.pending;
      this.pending = [];
      this.opts.onRefresh(changes);
    }, this.opts.debounceMs ?? 150);
  }
}
