// Decoder for the messages of Postgres' built-in `pgoutput` logical decoding plugin (protocol version 1, text
// tuple values), as streamed by START_REPLICATION: Begin, Commit, Relation, Insert, Update,
// Delete (Origin, Type, Truncate and Message are read and skipped).

export interface RelationColumn {
  name: string;
  typeOid: number;
  typmod: number;
  /** Part of the replica identity (pgoutput flag 1). */
  isKey: boolean;
}

export interface Relation {
  relid: number;
  schema: string;
  table: string;
  /** d(efault), n(othing), f(ull), i(ndex) */
  replicaIdentity: string;
  columns: RelationColumn[];
}

/** A tuple's column values: text, null (SQL NULL) or undefined (unchanged TOASTed value not in the WAL). */
export type TupleValues = Array<string | null | undefined>;

export interface RowChange {
  type: "INSERT" | "UPDATE" | "DELETE";
  relation: Relation;
  newTuple: TupleValues | null;
  oldTuple: TupleValues | null;
  /** K: only the replica identity columns are set in oldTuple; O: the whole old row. */
  oldKind: "K" | "O" | null;
}

export interface Transaction {
  /** LSN of the commit record. */
  commitLsn: bigint;
  /** The transaction's id (32 bits, as pgoutput's Begin message carries it). */
  xid: number;
  /** LSN just past the commit record: what a replication client confirms once the transaction is handled. */
  endLsn: bigint;
  /** Commit time in milliseconds since the Unix epoch. */
  commitTimeMs: number;
  changes: RowChange[];
}

const PG_EPOCH_MS = 946_684_800_000n; // 2000-01-01T00:00:00Z

class Reader {
  private pos = 0;
  constructor(private readonly buf: Buffer) {}
  u8(): number {
    const v = this.buf.readUInt8(this.pos);
    this.pos += 1;
    return v;
  }
  i16(): number {
    const v = this.buf.readInt16BE(this.pos);
    this.pos += 2;
    return v;
  }
  i32(): number {
    const v = this.buf.readInt32BE(this.pos);
    this.pos += 4;
    return v;
  }
  u32(): number {
    const v = this.buf.readUInt32BE(this.pos);
    this.pos += 4;
    return v;
  }
  u64(): bigint {
    const v = this.buf.readBigUInt64BE(this.pos);
    this.pos += 8;
    return v;
  }
  i64(): bigint {
    const v = this.buf.readBigInt64BE(this.pos);
    this.pos += 8;
    return v;
  }
  cstring(): string {
    const end = this.buf.indexOf(0, this.pos);
    if (end < 0) throw new Error("pgoutput: unterminated string");
    const s = this.buf.toString("utf8", this.pos, end);
    this.pos = end + 1;
    return s;
  }
  bytes(n: number): string {
    if (n < 0 || this.pos + n > this.buf.length) throw new Error("pgoutput: value past end of message");
    const s = this.buf.toString("utf8", this.pos, this.pos + n);
    this.pos += n;
    return s;
  }
}

function readTuple(r: Reader): TupleValues {
  const n = r.i16();
  const values: TupleValues = new Array(n);
  for (let i = 0; i < n; i++) {
    const kind = String.fromCharCode(r.u8());
    if (kind === "n") values[i] = null;
    else if (kind === "u") values[i] = undefined;
    else if (kind === "t") values[i] = r.bytes(r.i32());
    else throw new Error(`pgoutput: unsupported tuple value kind ${JSON.stringify(kind)}`);
  }
  return values;
}

/**
 * Decodes one batch of pgoutput messages (in WAL order) into committed transactions. Relations are
 * remembered in `relations` (pgoutput re-sends them at the start of every decoding call before first use).
 */
export function decodeBatch(messages: Buffer[], relations: Map<number, Relation>): Transaction[] {
  const txns: Transaction[] = [];
  let current: Transaction | null = null;
  const relationOf = (relid: number) => {
    const rel = relations.get(relid);
    if (!rel) throw new Error(`pgoutput: change for unknown relation ${relid}`);
    return rel;
  };
  for (const msg of messages) {
    if (msg.length === 0) continue;
    const r = new Reader(msg);
    const tag = String.fromCharCode(r.u8());
    switch (tag) {
      case "B": {
        r.u64(); // final LSN (the commit record); Commit carries it again
        const ts = r.i64();
        const xid = r.u32();
        current = {
          commitLsn: 0n,
          endLsn: 0n,
          xid,
          commitTimeMs: Number(PG_EPOCH_MS + ts / 1000n),
          changes: [],
        };
        break;
      }
      case "C": {
        r.u8(); // flags
        const commitLsn = r.u64();
        const endLsn = r.u64();
        const ts = r.i64();
        if (current) {
          current.commitLsn = commitLsn;
          current.endLsn = endLsn;
          current.commitTimeMs = Number(PG_EPOCH_MS + ts / 1000n);
          txns.push(current);
        }
        current = null;
        break;
      }
      case "R": {
        const relid = r.u32();
        const schema = r.cstring();
        const table = r.cstring();
        const replicaIdentity = String.fromCharCode(r.u8());
        const n = r.i16();
        const columns: RelationColumn[] = [];
        for (let i = 0; i < n; i++) {
          const flags = r.u8();
          const name = r.cstring();
          const typeOid = r.u32();
          const typmod = r.i32();
          columns.push({ name, typeOid, typmod, isKey: (flags & 1) === 1 });
        }
        relations.set(relid, { relid, schema, table, replicaIdentity, columns });
        break;
      }
      case "I": {
        const relation = relationOf(r.u32());
        r.u8(); // 'N'
        current?.changes.push({
          type: "INSERT",
          relation,
          newTuple: readTuple(r),
          oldTuple: null,
          oldKind: null,
        });
        break;
      }
      case "U": {
        const relation = relationOf(r.u32());
        let kind = String.fromCharCode(r.u8());
        let oldTuple: TupleValues | null = null;
        let oldKind: "K" | "O" | null = null;
        if (kind === "K" || kind === "O") {
          oldKind = kind;
          oldTuple = readTuple(r);
          kind = String.fromCharCode(r.u8());
        }
        if (kind !== "N") throw new Error("pgoutput: update without new tuple");
        current?.changes.push({ type: "UPDATE", relation, newTuple: readTuple(r), oldTuple, oldKind });
        break;
      }
      case "D": {
        const relation = relationOf(r.u32());
        const kind = String.fromCharCode(r.u8());
        if (kind !== "K" && kind !== "O") throw new Error("pgoutput: delete without old tuple");
        current?.changes.push({
          type: "DELETE",
          relation,
          newTuple: null,
          oldTuple: readTuple(r),
          oldKind: kind,
        });
        break;
      }
      // Origin, Type, Truncate, logical Message: nothing Realtime delivers.
      default:
        break;
    }
  }
  return txns;
}

/** "16/B374D848" → bigint */
export function parseLsn(text: string): bigint {
  const m = /^([0-9A-Fa-f]+)\/([0-9A-Fa-f]+)$/.exec(text);
  if (!m) throw new Error(`invalid LSN ${text}`);
  return (BigInt(`0x${m[1]}`) << 32n) + BigInt(`0x${m[2]}`);
}
