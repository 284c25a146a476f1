// A Supabase Realtime channel of postgres_changes joined with the signed-in user's session, so RLS decides what it
// receives, and rebuilt with a fresh token (backing off up to 30 s) when the server refuses or closes it. Every
// live view (the activity feed, the notification count) subscribes through it; each (re)subscription calls
// onSubscribed, where the view fetches what it may have missed while it wasn't listening.
import type { RealtimeChannel, SupabaseClient } from "@supabase/supabase-js";

export interface PostgresChangesBinding {
  event: "*" | "INSERT" | "UPDATE" | "DELETE";
  schema: string;
  table: string;
  /** e.g. `organization_id=eq.<id>` */
  filter?: string;
  onChange: (payload: {
    eventType: string;
    new: Record<string, unknown>;
    old: Record<string, unknown>;
  }) => void;
}

export interface LiveChannelOptions {
  supabase: SupabaseClient;
  topic: string;
  changes: PostgresChangesBinding[];
  /** The channel is (again) subscribed: catch up on anything missed. */
  onSubscribed: () => void;
  onStatus?: (status: string) => void;
}

export class LiveChannel {
  private channel: RealtimeChannel | null = null;
  private stopped = false;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private retries = 0;

  constructor(private readonly opts: LiveChannelOptions) {}

  get isStopped(): boolean {
    return this.stopped;
  }

  /**
   * Subscribes with the signed-in user's access token. The join must carry the token — a join sent before the
   * session is loaded acts as `anon`, which RLS shows nothing — so the token is set first.
   */
  async start(): Promise<void> {
    const { supabase, topic, changes } = this.opts;
    const { data } = await supabase.auth.getSession();
    if (this.stopped) return;
    if (data.session) await supabase.realtime.setAuth(data.session.access_token);
    let channel = supabase.channel(topic);
    for (const { onChange, ...filter } of changes) {
      // The overloads of `on` are keyed by the literal event; the binding's event is one of them.
      channel = channel.on("postgres_changes", filter as { event: "*"; schema: string }, (payload) =>
        onChange(payload as Parameters<PostgresChangesBinding["onChange"]>[0]),
      );
    }
    channel.subscribe((status) => {
      if (this.stopped || channel !== this.channel) return; // a replaced channel's last words
      this.opts.onStatus?.(status);
      if (status === "SUBSCRIBED") {
        this.retries = 0;
        this.opts.onSubscribed();
      } else if (status === "CHANNEL_ERROR" || status === "TIMED_OUT" || status === "CLOSED") {
        this.resubscribeLater();
      }
    });
    this.channel = channel;
  }

  /** A channel the server refused or closed is rebuilt with a fresh token, backing off up to 30 s. */
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

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.channel) await this.opts.supabase.removeChannel(this.channel);
    this.channel = null;
  }
}

/** What a live view runs: started on mount, told when the tab wakes, stopped on unmount. */
export interface LiveSync {
  start(): Promise<void>;
  wake(): void;
  stop(): Promise<void>;
}

/**
 * Starts a live view's sync and catches up whenever the tab becomes visible again or the network comes back;
 * returns the effect's cleanup.
 */
export function runLiveSync(sync: LiveSync): () => void {
  void sync.start();
  const wake = () => {
    if (document.visibilityState === "visible") sync.wake();
  };
  document.addEventListener("visibilitychange", wake);
  window.addEventListener("online", wake);
  return () => {
    document.removeEventListener("visibilitychange", wake);
    window.removeEventListener("online", wake);
    void sync.stop();
  };
}

/**
 * A refetch for a view that reads changes only as "something changed" (docs/decisions/0013): one run at a time; a
 * call during a run asks for exactly one more after it. A failed run (offline, signed out) ends quietly — the next
 * change, (re)subscription or wake tries again.
 */
export function oneRefetchAtATime(run: () => Promise<void>, isStopped: () => boolean): () => Promise<void> {
  let running: Promise<void> | null = null;
  let again = false;
  return () => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        if (isStopped()) return;
        try {
          await run();
        } catch {
          return;
        }
      } while (again);
    })().finally(() => {
      running = null;
    });
    return running;
  };
}
