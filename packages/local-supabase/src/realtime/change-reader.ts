// The single change reader of the Realtime service: one temporary logical replication slot (pgoutput, on the
// supabase_realtime publication) streamed over one replication connection (START_REPLICATION … LOGICAL, the
// walsender pushes each transaction as soon as its commit is flushed — no poll interval). Only committed
// transactions come out, in commit order; they are queued and handed to the dispatcher in order, one batch at a
// time (whatever arrived while the previous batch was delivered forms the next one). What has been delivered is
// confirmed back to the server (standby status updates), so the slot never retains more WAL than the queue holds.
// The slot lives as long as the connection (Postgres drops a temporary slot when its session ends), so a crash
// never leaves WAL retained. See docs/decisions/0029-realtime-streaming.md.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { decodeBatch, type Relation, type Transaction } from "./pgoutput";
import { PUBLICATION } from "./subscribe";

export const SLOT_PREFIX = "hearth_realtime_";
/** Session settings every realtime connection uses, so WAL text values and canonical filter values agree. */
export const SESSION_OPTIONS =
  "-c TimeZone=UTC -c DateStyle=ISO,MDY -c IntervalStyle=postgres -c extra_float_digits=1 -c bytea_output=hex";

/** Changes handed to the dispatcher in one batch at most (a larger transaction is still one batch). */
const MAX_CHANGES_PER_BATCH = 2_000;
/** Queued changes above which the stream is paused (TCP back-pressure to the walsender), and resumed below. */
const PAUSE_ABOVE = 50_000;
const RESUME_BELOW = 10_000;
/** Delivered positions are confirmed at most this often (and when the server asks). */
const FEEDBACK_MS = 1_000;

const PG_EPOCH_US = 946_684_800_000_000n;

export interface ChangeReaderStats {
  slot: string | null;
  /** "streaming" while START_REPLICATION runs, else "stopped". */
  state: "streaming" | "stopped";
  /** pgoutput messages received. */
  messages: number;
  /** Batches handed to the dispatcher. */
  batches: number;
  transactions: number;
  changes: number;
  /** Standby status updates sent (each confirms what was delivered). */
  feedbacks: number;
  /** Highest commit end position delivered, as "X/Y". */
  delivered: string | null;
  restarts: number;
  lastError: string | null;
}

type ReplicationClient = pg.Client & {
  connection: pg.Connection & { sendCopyFromChunk(chunk: Buffer): void };
};

const lsnText = (lsn: bigint) =>
  `${(lsn >> 32n).toString(16).toUpperCase()}/${(lsn & 0xffffffffn).toString(16).toUpperCase()}`;

export class ChangeReader {
  private client: ReplicationClient | null = null;
  private stopped = false;
  private wake: (() => void) | null = null;
  private loopDone: Promise<void> | null = null;
  private readonly relations = new Map<number, Relation>();
  private slotName: string | null = null;
  private sessions = 0;
  /** pgoutput messages of the transaction being received (up to its Commit). */
  private open: Buffer[] = [];
  private readonly queue: Transaction[] = [];
  private queuedChanges = 0;
  private pumping: Promise<void> | null = null;
  private paused = false;
  /** End of the last transaction delivered (or skipped), and what the server was last told. */
  private done = 0n;
  private confirmed = 0n;
  private lastFeedback = 0;
  private feedbackTimer: NodeJS.Timeout | null = null;
  readonly stats: ChangeReaderStats = {
    slot: null,
    state: "stopped",
    messages: 0,
    batches: 0,
    transactions: 0,
    changes: 0,
    feedbacks: 0,
    delivered: null,
    restarts: 0,
    lastError: null,
  };

  constructor(
    private readonly databaseUrl: string,
    private readonly log: (message: string) => void,
    private readonly hasSubscribers: () => boolean,
    private readonly onBatch: (txns: Transaction[]) => Promise<void>,
  ) {}

  /** Creates the slot (so changes committed from now on are captured), starts streaming, and keeps it going. */
  async start(): Promise<void> {
    let ended: Promise<void> | null = null;
    try {
      ended = (await this.connect()).ended;
    } catch (err) {
      this.fail(err);
    }
    this.loopDone = this.loop(ended);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    if (this.feedbackTimer) clearTimeout(this.feedbackTimer);
    const client = this.client;
    this.client = null;
    this.stats.slot = null;
    this.stats.state = "stopped";
    // Ending the session ends START_REPLICATION and drops the temporary slot.
    await client?.end().catch(() => {});
    const done = Promise.all([this.loopDone, this.pumping]);
    await Promise.race([done, new Promise((r) => setTimeout(r, 5_000).unref())]);
  }

  /** Opens a replication session, creates its slot and starts streaming; `ended` settles when the session ends. */
  private async connect(): Promise<{ ended: Promise<void> }> {
    const config: pg.ClientConfig & { replication: string } = {
      connectionString: this.databaseUrl,
      replication: "database",
      application_name: "hearth_realtime_reader",
      options: `${SESSION_OPTIONS} -c log_min_messages=fatal`,
      keepAlive: true,
    };
    const client = new pg.Client(config) as ReplicationClient;
    client.on("error", (err) => this.fail(err));
    await client.connect();
    try {
      // A replication connection takes only simple-protocol statements: values are quoted, never interpolated raw.
      // Permanent slots of this stack left by older versions or crashed processes would retain WAL forever.
      const stale = await client.query<{ slot_name: string }>(
        `select slot_name from pg_replication_slots
          where slot_name like ${client.escapeLiteral(`${SLOT_PREFIX}%`)} and not active
            and database = current_database()`,
      );
      for (const { slot_name } of stale.rows) {
        await client
          .query(`select pg_drop_replication_slot(${client.escapeLiteral(slot_name)})`)
          .catch(() => {});
        this.log(`[realtime] dropped stale replication slot ${slot_name}`);
      }
      const slot = `${SLOT_PREFIX}${process.pid}_${randomBytes(4).toString("hex")}`;
      await client.query(
        `CREATE_REPLICATION_SLOT ${client.escapeIdentifier(slot)} TEMPORARY LOGICAL pgoutput (SNAPSHOT 'nothing')`,
      );
      this.relations.clear();
      this.open = [];
      const started = new Promise<void>((resolve) => client.connection.once("replicationStart", resolve));
      client.connection.on("copyData", (msg: { chunk: Buffer }) => this.onCopyData(client, msg.chunk));
      const ended = client
        .query(
          `START_REPLICATION SLOT ${client.escapeIdentifier(slot)} LOGICAL 0/0 ` +
            `(proto_version '1', publication_names ${client.escapeLiteral(client.escapeIdentifier(PUBLICATION))})`,
        )
        .then(
          () => {},
          (err: unknown) => this.fail(err),
        );
      await Promise.race([
        started,
        ended.then(() => Promise.reject(new Error(this.stats.lastError ?? "ended"))),
      ]);
      this.client = client;
      this.slotName = slot;
      this.sessions++;
      this.stats.slot = slot;
      this.stats.state = "streaming";
      this.confirmed = 0n;
      return { ended };
    } catch (err) {
      await client.end().catch(() => {});
      throw err;
    }
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

  /** Keeps one session streaming: when it ends (error, terminated backend, restart), opens another. */
  private async loop(ended: Promise<void> | null): Promise<void> {
    let backoff = 500;
    while (!this.stopped) {
      if (ended) {
        await ended;
        ended = null;
        const client = this.client;
        this.client = null;
        this.stats.slot = null;
        this.stats.state = "stopped";
        this.slotName = null;
        await client?.end().catch(() => {});
        if (this.stopped) break;
        await this.sleep(backoff);
        continue;
      }
      try {
        ended = (await this.connect()).ended;
        if (this.sessions > 1) {
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
      }
    }
  }

  /** One CopyData message of the stream: XLogData ('w') carrying a pgoutput message, or a keepalive ('k'). */
  private onCopyData(client: ReplicationClient, chunk: Buffer): void {
    if (client !== this.client && this.client !== null) return;
    const kind = chunk[0];
    if (kind === 0x77) {
      // 'w', start LSN, end of WAL, send time, then the pgoutput message.
      // A copy: the chunk is a view into the protocol parser's buffer, which is reused for later data.
      const message = Buffer.from(chunk.subarray(25));
      this.stats.messages++;
      this.open.push(message);
      if (message[0] === 0x43) this.committed(); // 'C': the transaction is complete
    } else if (kind === 0x6b) {
      // 'k', end of WAL, send time, reply requested.
      const walEnd = chunk.readBigUInt64BE(1);
      // Nothing received is pending: everything up to the server's position is delivered (pgoutput skips
      // transactions that touch no published table, which would otherwise keep the slot behind).
      if (this.open.length === 0 && this.queue.length === 0 && !this.pumping && walEnd > this.done) {
        this.done = walEnd;
      }
      if (chunk[17] === 1) this.feedback(true);
    }
  }

  private committed(): void {
    let txns: Transaction[] = [];
    try {
      txns = decodeBatch(this.open, this.relations);
    } catch (err) {
      this.log(`[realtime] could not decode a transaction: ${(err as Error).message}`);
    }
    this.open = [];
    for (const txn of txns) {
      this.queue.push(txn);
      this.queuedChanges += txn.changes.length;
      this.stats.transactions++;
      this.stats.changes += txn.changes.length;
    }
    if (this.queuedChanges > PAUSE_ABOVE && !this.paused && this.client) {
      this.paused = true;
      this.client.connection.stream.pause();
    }
    // Cleared after the assignment (a microtask later), even when the pump finishes synchronously.
    this.pumping ??= this.pump().finally(() => (this.pumping = null));
  }

  /** Hands the queue to the dispatcher in commit order, one batch at a time. */
  private async pump(): Promise<void> {
    while (this.queue.length > 0) {
      let n = 0;
      let count = 0;
      while (
        n < this.queue.length &&
        (n === 0 || count + this.queue[n]!.changes.length <= MAX_CHANGES_PER_BATCH)
      ) {
        count += this.queue[n]!.changes.length;
        n++;
      }
      const batch = this.queue.splice(0, n);
      this.queuedChanges -= count;
      if (this.hasSubscribers() && !this.stopped) {
        this.stats.batches++;
        try {
          await this.onBatch(batch);
        } catch (err) {
          this.log(`[realtime] delivering changes failed: ${(err as Error).stack ?? err}`);
        }
      }
      const end = batch[batch.length - 1]!.endLsn;
      if (end > this.done) this.done = end;
      this.stats.delivered = lsnText(this.done);
      if (this.paused && this.queuedChanges < RESUME_BELOW) {
        this.paused = false;
        this.client?.connection.stream.resume();
      }
      this.feedback(false);
    }
  }

  /** Confirms what was delivered (a standby status update), now or at most FEEDBACK_MS from the last one. */
  private feedback(force: boolean): void {
    const client = this.client;
    if (!client || (!force && this.done <= this.confirmed)) return;
    const wait = this.lastFeedback + FEEDBACK_MS - Date.now();
    if (!force && wait > 0) {
      this.feedbackTimer ??= setTimeout(() => {
        this.feedbackTimer = null;
        this.feedback(false);
      }, wait).unref();
      return;
    }
    const msg = Buffer.alloc(34);
    msg[0] = 0x72; // 'r'
    msg.writeBigUInt64BE(this.done, 1); // written
    msg.writeBigUInt64BE(this.done, 9); // flushed
    msg.writeBigUInt64BE(this.done, 17); // applied
    msg.writeBigUInt64BE(BigInt(Date.now()) * 1000n - PG_EPOCH_US, 25);
    msg[33] = 0;
    try {
      client.connection.sendCopyFromChunk(msg);
    } catch (err) {
      this.fail(err);
      return;
    }
    this.confirmed = this.done;
    this.lastFeedback = Date.now();
    this.stats.feedbacks++;
  }
}
