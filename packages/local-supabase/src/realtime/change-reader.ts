// The single change reader of the Realtime service: one temporary logical replication slot (pgoutput, on
// the supabase_realtime publication) on one dedicated connection, polled with
// pg_logical_slot_get_binary_changes(). Only committed transactions come out, in commit order; each batch is
// handed to the dispatcher before the next poll. The slot lives as long as the connection (Postgres drops a
// temporary slot when its session ends or errors), so a crash never leaves WAL retained.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { decodeBatch, type Relation, type Transaction } from "./pgoutput";
import { PUBLICATION } from "./subscribe";

export const SLOT_PREFIX = "hearth_realtime_";
/** Session settings every realtime connection uses, so WAL text values and canonical filter values agree. */
export const SESSION_OPTIONS =
  "-c TimeZone=UTC -c DateStyle=ISO,MDY -c IntervalStyle=postgres -c extra_float_digits=1 -c bytea_output=hex";

const MAX_CHANGES_PER_POLL = 2_000;
const POLL_MS = 50;
const IDLE_POLL_MS = 250;

export interface ChangeReaderStats {
  slot: string | null;
  polls: number;
  transactions: number;
  changes: number;
  restarts: number;
  lastError: string | null;
}

export class ChangeReader {
  private client: pg.Client | null = null;
  private stopped = false;
  private wake: (() => void) | null = null;
  private loopDone: Promise<void> | null = null;
  private readonly relations = new Map<number, Relation>();
  private flushBeforePoll = false;
  private slotName: string | null = null;
  private sessions = 0;
  readonly stats: ChangeReaderStats = {
    slot: null,
    polls: 0,
    transactions: 0,
    changes: 0,
    restarts: 0,
    lastError: null,
  };

  constructor(
    private readonly databaseUrl: string,
    private readonly log: (message: string) => void,
    private readonly hasSubscribers: () => boolean,
    private readonly onBatch: (txns: Transaction[]) => Promise<void>,
  ) {}

  /** Creates the slot (so changes committed from now on are captured) and starts polling. */
  async start(): Promise<void> {
    try {
      await this.connect();
    } catch (err) {
      this.fail(err);
    }
    this.loopDone = this.loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    const done = this.loopDone ?? Promise.resolve();
    await Promise.race([done, new Promise((r) => setTimeout(r, 5_000).unref())]);
    await this.disconnect(true);
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.databaseUrl,
      application_name: "hearth_realtime_reader",
      // Every decoding call logs "starting logical decoding…" at LOG level: keep the server log readable.
      options: `${SESSION_OPTIONS} -c log_min_messages=fatal`,
    });
    client.on("error", (err) => this.fail(err));
    await client.connect();
    try {
      // Permanent slots of this stack left by older versions or crashed processes would retain WAL forever.
      const stale = await client.query<{ slot_name: string }>(
        `select slot_name from pg_replication_slots
          where slot_name like $1 and not active and database = current_database()`,
        [`${SLOT_PREFIX}%`],
      );
      for (const { slot_name } of stale.rows) {
        await client.query("select pg_drop_replication_slot($1)", [slot_name]).catch(() => {});
        this.log(`[realtime] dropped stale replication slot ${slot_name}`);
      }
      const slot = `${SLOT_PREFIX}${process.pid}_${randomBytes(4).toString("hex")}`;
      await client.query("select pg_create_logical_replication_slot($1, 'pgoutput', true)", [slot]);
      const { rows } = await client.query<{ off: boolean }>(
        "select current_setting('synchronous_commit') = 'off' as off",
      );
      // With asynchronous commit (throw-away test stacks) committed WAL reaches disk only every wal_writer_delay;
      // logical decoding reads flushed WAL only, so flush before polling to keep latency low.
      this.flushBeforePoll = rows[0]?.off ?? false;
      this.client = client;
      this.slotName = slot;
      this.sessions++;
      this.stats.slot = slot;
      this.relations.clear();
    } catch (err) {
      await client.end().catch(() => {});
      throw err;
    }
  }

  private async disconnect(dropSlot: boolean): Promise<void> {
    const client = this.client;
    this.client = null;
    this.stats.slot = null;
    if (!client) return;
    if (dropSlot && this.slotName) {
      await client.query("select pg_drop_replication_slot($1)", [this.slotName]).catch(() => {});
    }
    this.slotName = null;
    await client.end().catch(() => {});
  }

  private fail(err: unknown): void {
    const message = (err as Error)?.message ?? String(err);
    this.stats.lastError = message;
    if (!this.stopped) this.log(`[realtime] change reader failed: ${message}`);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wake = null;
        resolve();
      }, ms);
      timer.unref();
      this.wake = () => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
    });
  }

  private async loop(): Promise<void> {
    let backoff = 500;
    while (!this.stopped) {
      if (!this.client) {
        try {
          const hadSession = this.sessions > 0;
          await this.connect();
          if (hadSession) {
            this.stats.restarts++;
            this.log(
              "[realtime] change reader restarted: changes committed while it was down were not delivered",
            );
          }
          backoff = 500;
        } catch (err) {
          this.fail(err);
          await this.sleep(backoff);
          backoff = Math.min(backoff * 2, 10_000);
          continue;
        }
      }
      let delay = this.hasSubscribers() ? POLL_MS : IDLE_POLL_MS;
      let txns: Transaction[] = [];
      try {
        const client = this.client!;
        if (this.flushBeforePoll && this.hasSubscribers()) {
          await client.query(
            "select case when pg_current_wal_insert_lsn() > pg_current_wal_flush_lsn() then pg_logical_emit_message(false, 'hearth_realtime', '', true) end",
          );
        }
        const { rows } = await client.query<{ data: Buffer }>(
          `select data from pg_logical_slot_get_binary_changes($1, null, $2,
             'proto_version', '1', 'publication_names', $3)`,
          [this.slotName, MAX_CHANGES_PER_POLL, PUBLICATION],
        );
        this.stats.polls++;
        if (rows.length >= MAX_CHANGES_PER_POLL) delay = 0;
        try {
          txns = decodeBatch(
            rows.map((r) => r.data),
            this.relations,
          );
        } catch (err) {
          this.log(`[realtime] could not decode a batch of changes: ${(err as Error).message}`);
        }
      } catch (err) {
        // Any error ends the session's temporary slot: start over with a new one.
        this.fail(err);
        await this.disconnect(false);
        await this.sleep(backoff);
        continue;
      }
      if (txns.length > 0) {
        this.stats.transactions += txns.length;
        for (const t of txns) this.stats.changes += t.changes.length;
        if (this.hasSubscribers()) {
          try {
            await this.onBatch(txns);
          } catch (err) {
            this.log(`[realtime] delivering changes failed: ${(err as Error).stack ?? err}`);
          }
        }
      }
      if (delay > 0 && !this.stopped) await this.sleep(delay);
    }
  }
}
