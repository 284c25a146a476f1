// Keeps a browser's copy of an organization's audit log in sync: Supabase Realtime INSERTs on
// transaction_audit_logs (filtered by organization; RLS decides who receives them) plus a backfill whenever the
// channel (re)subscribes or the tab wakes up. Entries commit unsealed and are sealed into the hash chain shortly
// after (decision 0028), so the backfill's cursor is the chain position (commit order): it returns everything
// sealed after the highest position this copy has seen, plus everything not sealed yet. An entry that commits late
// with a low append number is therefore never skipped. Entries are delivered once (keyed by their append number).
import type { SupabaseClient } from "@supabase/supabase-js";
import { LiveChannel } from "@/lib/supabase/live-channel";

export interface SeqEntry {
  /** Append number: unique per entry. */
  seq: number;
  /** Chain position once sealed. */
  chainSeq?: number | null;
}

export interface ActivitySyncOptions<T extends SeqEntry> {
  supabase: SupabaseClient;
  organizationId: string;
  /** The highest chain position among the entries the caller already shows (0 if none). */
  sealedThrough: number;
  /** Append numbers of the entries the caller already shows (never delivered again). */
  known?: number[];
  /** Turns a realtime record (snake_case row) into an entry. */
  fromRecord: (record: Record<string, unknown>) => T;
  /** Entries sealed after chain position `afterChainSeq` (ascending), then the unsealed ones. */
  backfill: (afterChainSeq: number) => Promise<T[]>;
  /** New entries, never seen before, in the order they arrived. */
  onEntries: (entries: T[]) => void;
  onStatus?: (status: string) => void;
}

/** How many delivered append numbers are remembered for de-duplication (far more than a sealing window holds). */
const SEEN_LIMIT = 5_000;

export class ActivitySync<T extends SeqEntry> {
  private readonly live: LiveChannel;
  private cursor: number;
  private readonly seen = new Set<number>();
  private backfilling: Promise<void> | null = null;
  private backfillAgain = false;

  constructor(private readonly opts: ActivitySyncOptions<T>) {
    this.cursor = opts.sealedThrough;
    for (const seq of opts.known ?? []) this.remember(seq);
    this.live = new LiveChannel({
      supabase: opts.supabase,
      topic: `activity:${opts.organizationId}`,
      changes: [
        {
          event: "INSERT",
          schema: "public",
          table: "transaction_audit_logs",
          filter: `organization_id=eq.${opts.organizationId}`,
          onChange: (payload) => this.deliver([this.opts.fromRecord(payload.new)]),
        },
      ],
      // (Re)subscribed: anything written while we were away is fetched now.
      onSubscribed: () => void this.catchUp(),
      onStatus: opts.onStatus,
    });
  }

  /** The backfill cursor: every readable entry sealed up to this chain position has been delivered. */
  get sealedThrough(): number {
    return this.cursor;
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

  private remember(seq: number): void {
    this.seen.add(seq);
    if (this.seen.size > SEEN_LIMIT) this.seen.delete(this.seen.values().next().value!);
  }

  private deliver(entries: T[]): void {
    const out = entries.filter((e) => !this.seen.has(e.seq));
    for (const e of out) this.remember(e.seq);
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
          const entries = await this.opts.backfill(this.cursor);
          if (this.stopped) return;
          this.deliver(entries);
          // The server returns every sealed entry after the cursor this user may read, in chain order: a hole
          // among them is an entry the user may not read, not a missed one.
          for (const e of entries)
            if (e.chainSeq != null && e.chainSeq > this.cursor) this.cursor = e.chainSeq;
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
