// Keeps a browser's copy of an organization's audit log in sync: Supabase Realtime INSERTs on
// transaction_audit_logs (filtered by organization; RLS decides who receives them) plus a backfill of
// everything after the last entry it holds whenever the channel (re)subscribes, the tab wakes up, or a
// gap in the chain's seq numbers shows a missed event. Entries are delivered once, in seq order.
import type { SupabaseClient } from "@supabase/supabase-js";
import { LiveChannel } from "@/lib/supabase/live-channel";

export interface SeqEntry {
  seq: number;
}

export interface ActivitySyncOptions<T extends SeqEntry> {
  supabase: SupabaseClient;
  organizationId: string;
  /** The highest seq the caller already shows (0 if none). */
  lastSeq: number;
  /** Turns a realtime record (snake_case row) into an entry. */
  fromRecord: (record: Record<string, unknown>) => T;
  /** Entries with seq > afterSeq, ascending. */
  backfill: (afterSeq: number) => Promise<T[]>;
  /** New entries, ascending by seq, never seen before. */
  onEntries: (entries: T[]) => void;
  onStatus?: (status: string) => void;
}

export class ActivitySync<T extends SeqEntry> {
  private readonly live: LiveChannel;
  private lastSeq: number;
  private pending = new Map<number, T>();
  private backfilling: Promise<void> | null = null;
  private backfillAgain = false;

  constructor(private readonly opts: ActivitySyncOptions<T>) {
    this.lastSeq = opts.lastSeq;
    this.live = new LiveChannel({
      supabase: opts.supabase,
      topic: `activity:${opts.organizationId}`,
      changes: [
        {
          event: "INSERT",
          schema: "public",
          table: "transaction_audit_logs",
          filter: `organization_id=eq.${opts.organizationId}`,
          onChange: (payload) => this.receive(this.opts.fromRecord(payload.new)),
        },
      ],
      // (Re)subscribed: anything written while we were away is fetched now.
      onSubscribed: () => void this.catchUp(),
      onStatus: opts.onStatus,
    });
  }

  get seq(): number {
    return this.lastSeq;
  }

  private get stopped(): boolean {
    return this.live.isStopped;
  }

  /** Subscribes with the signed-in user's session (lib/supabase/live-channel.ts). */
  start(): Promise<void> {
    return this.live.start();
  }

  /** Call when the tab becomes visible again or the network comes back. */
  wake(): void {
    void this.catchUp();
  }

  stop(): Promise<void> {
    return this.live.stop();
  }

  private receive(entry: T): void {
    if (this.stopped || entry.seq <= this.lastSeq) return;
    this.pending.set(entry.seq, entry);
    this.flush();
    // A hole before this entry means an event went missing: fetch it.
    if (this.pending.size > 0) void this.catchUp();
  }

  /** Emits the contiguous run after lastSeq, and everything pending up to `through` (gaps included). */
  private flush(through = this.lastSeq): void {
    const out: T[] = [];
    for (const seq of [...this.pending.keys()].filter((s) => s <= through).sort((a, b) => a - b)) {
      out.push(this.pending.get(seq)!);
      this.pending.delete(seq);
    }
    if (through > this.lastSeq) this.lastSeq = through;
    while (this.pending.has(this.lastSeq + 1)) {
      const next = this.pending.get(this.lastSeq + 1)!;
      this.pending.delete(this.lastSeq + 1);
      this.lastSeq = next.seq;
      out.push(next);
    }
    if (out.length > 0 && !this.stopped) this.opts.onEntries(out);
  }

  private catchUp(): Promise<void> {
    if (this.backfilling) {
      this.backfillAgain = true;
      return this.backfilling;
    }
    this.backfilling = (async () => {
      do {
        this.backfillAgain = false;
        try {
          const entries = await this.opts.backfill(this.lastSeq);
          for (const e of entries) if (e.seq > this.lastSeq) this.pending.set(e.seq, e);
          // The server returns every entry after lastSeq this user may read: a hole among them is an entry the
          // user may not read (owners and admins see more of the log than the team), not a missed event.
          const through = entries.reduce((max, e) => Math.max(max, e.seq), this.lastSeq);
          this.flush(through);
          // Whatever is still pending sits behind a gap the server doesn't have: drop it past the gap.
          if (this.pending.size > 0 && entries.length === 0) {
            const seqs = [...this.pending.keys()].sort((a, b) => a - b);
            this.lastSeq = seqs[0]! - 1;
            this.flush();
          }
        } catch {
          // Offline or signed out: the next (re)subscribe or wake retries.
          return;
        }
      } while (this.backfillAgain && !this.stopped);
    })().finally(() => {
      this.backfilling = null;
    });
    return this.backfilling;
  }
}
