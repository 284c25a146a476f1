// Keeps a browser's view of one loop current: Supabase Realtime postgres_changes (INSERT, UPDATE and DELETE) on the
// loop and on its tasks, documents, participants, key dates and document slots — filtered to the loop, authorized
// per row by RLS with the signed-in user's token (a DELETE carries only the deleted row's key) — and a refresh
// whenever the channel (re)subscribes, the tab wakes up or the network comes back, so nothing missed while away
// stays missing. Changes arriving together cause one refresh.
import type { RealtimeChannel, SupabaseClient } from "@supabase/supabase-js";

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
  /** Called (debounced) after changes, and after every (re)subscription: fetch the loop again. */
  onRefresh: (changes: LoopChange[]) => void;
  onStatus?: (status: string) => void;
  debounceMs?: number;
}

export class LoopSync {
  private channel: RealtimeChannel | null = null;
  private stopped = false;
  private pending: LoopChange[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private retries = 0;
  private subscribedOnce = false;

  constructor(private readonly opts: LoopSyncOptions) {}

  /** Subscribes with the signed-in user's access token (a join sent before the session loads would be anon's). */
  async start(): Promise<void> {
    const { supabase, loopId } = this.opts;
    const { data } = await supabase.auth.getSession();
    if (this.stopped) return;
    if (data.session) await supabase.realtime.setAuth(data.session.access_token);
    let channel = supabase.channel(`loop:${loopId}`);
    for (const [table, column] of LOOP_TABLES) {
      channel = channel.on(
        "postgres_changes",
        { event: "*", schema: "public", table, filter: `${column}=eq.${loopId}` },
        (payload) => this.changed({ table, type: payload.eventType }),
      );
    }
    this.channel = channel.subscribe((status) => {
      if (this.stopped || channel !== this.channel) return;
      this.opts.onStatus?.(status);
      if (status === "SUBSCRIBED") {
        this.retries = 0;
        // The page was rendered before we listened, or we were away: whatever changed meanwhile is fetched now.
        if (this.subscribedOnce) this.flushSoon();
        this.subscribedOnce = true;
      } else if (status === "CHANNEL_ERROR" || status === "TIMED_OUT" || status === "CLOSED") {
        this.resubscribeLater();
      }
    });
  }

  /** Call when the tab becomes visible again or the network comes back. */
  wake(): void {
    this.flushSoon();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.channel) await this.opts.supabase.removeChannel(this.channel);
    this.channel = null;
  }

  private changed(change: LoopChange): void {
    if (this.stopped) return;
    this.pending.push(change);
    this.flushSoon();
  }

  private flushSoon(): void {
    if (this.stopped || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      const changes = this.pending;
      this.pending = [];
      this.opts.onRefresh(changes);
    }, this.opts.debounceMs ?? 150);
  }

  /** A refused or closed channel is rebuilt with a fresh token, backing off up to 30 s. */
  private resubscribeLater(): void {
    if (this.stopped || this.retryTimer) return;
    const delay = Math.min(30_000, 1_000 * 2 ** this.retries++);
    this.retryTimer = setTimeout(async () => {
      this.retryTimer = null;
      if (this.stopped) return;
      const old = this.channel;
      this.channel = null;
      if (old) await this.opts.supabase.removeChannel(old);
      await this.start();
    }, delay);
  }
}
