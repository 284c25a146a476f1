// Delivery of one batch of committed changes (in commit order) to the channels subscribed to them: event and
// filter matching, Realtime's per-role column rules (nothing for a role that may not read the table), the RLS check of each INSERT/UPDATE with the subscriber's
// own claims (batched: one realtime_local.visible_rows() call checks every row of the batch for each identity —
// role and claims but exp/iat — on a few connections in parallel),
// and the `postgres_changes` payload, built once per role and column selection.
import { availableParallelism } from "node:os";
import type { TableMeta } from "./catalog";
import { evaluateFilter } from "./filters";
import type { Hub, Subscription } from "./hub";
import type { RowChange, Transaction, TupleValues } from "./pgoutput";
import { canRead } from "./subscribe";
import type { SubscriberRole } from "./tokens";
import { valueToJson } from "./values";

const MAX_RECORD_BYTES = 1024 * 1024;
const META_MAX_AGE_MS = 2_000;
/** Connections the checks of one batch are spread over: one per core, 2 to 4 (on 2 cores a third and fourth only
 * queue for the CPU: p50 15–16 → 14 ms in `npm run bench -- realtime-fanout`). */
const RLS_PARALLELISM = Math.min(4, Math.max(2, availableParallelism()));
const SLICE_BYTES = 256 * 1024;
/** How long a batch's check waits for its committed transactions to become visible (see checkRls). */
const VISIBLE_TIMEOUT_MS = 5_000;

interface Item {
  txn: Transaction;
  change: RowChange;
  meta: TableMeta;
  /** Values the filters see: the new row, or for DELETE the old row's replica identity (the key, or with REPLICA
   * IDENTITY FULL the whole row), as Realtime's apply_rls matches a DELETE against its old columns. */
  values: Map<string, string | null | undefined>;
  /** Primary key values of the new row (INSERT/UPDATE), null when incomplete. */
  pk: string[] | null;
  candidates: Subscription[];
  /** Subscriptions that get the change (after filters), and those that get an error payload instead. */
  accepted: Subscription[];
  errors: Map<Subscription, string>;
  pendingSql: Array<{ sub: Subscription; items: number[] }>;
}

interface RlsGroup {
  role: SubscriberRole;
  identity: string;
  claims: string;
  tables: Map<number, { cols: string[]; keys: string[][]; index: Map<string, number> }>;
}

const keyOf = (values: string[]) => JSON.stringify(values);

export interface DispatcherStats {
  /** RLS checks run: one per identity per batch (however many channels and rows it covers). */
  rlsChecks: number;
  /** Rows those checks covered (a row checked for two identities counts twice). */
  rlsRows: number;
  /** Identities' checks not run (their rows not delivered) because the batch's transactions stayed invisible. */
  rlsInvisible: number;
}

export class Dispatcher {
  readonly stats: DispatcherStats = { rlsChecks: 0, rlsRows: 0, rlsInvisible: 0 };

  constructor(private readonly hub: Hub) {}

  async dispatch(txns: Transaction[]): Promise<void> {
    const { catalog } = this.hub;
    const pending: Array<Omit<Item, "meta" | "values" | "pk">> = [];
    const relids = new Set<number>();
    for (const txn of txns) {
      for (const change of txn.changes) {
        const subs = this.hub.subsByTable.get(change.relation.relid);
        if (!subs) continue;
        const candidates: Subscription[] = [];
        for (const sub of subs) {
          if (sub.channel.closed || txn.commitLsn < sub.channel.joinLsn) continue;
          if (sub.event !== "*" && sub.event !== change.type) continue;
          candidates.push(sub);
        }
        if (candidates.length === 0) continue;
        relids.add(change.relation.relid);
        pending.push({ txn, change, candidates, accepted: [], errors: new Map(), pendingSql: [] });
      }
    }
    if (pending.length === 0) return;

    await catalog.ensureTables(relids, META_MAX_AGE_MS);
    const altered = [...relids].filter((relid) => {
      const meta = catalog.table(relid);
      const rel = pending.find((p) => p.change.relation.relid === relid)!.change.relation;
      return (
        !meta ||
        rel.columns.some((c) => !meta.columns.some((m) => m.name === c.name && m.typeOid === c.typeOid))
      );
    });
    if (altered.length > 0) await catalog.ensureTables(altered, 0);
    await catalog.ensureTypes(pending.flatMap((p) => p.change.relation.columns.map((c) => c.typeOid)));

    const items: Item[] = [];
    for (const p of pending) {
      const meta = catalog.table(p.change.relation.relid);
      if (!meta) continue;
      items.push({ ...p, meta, ...rowValues(p.change, meta) });
    }

    // Filters (Postgres evaluates what JavaScript can't, in one call for the whole batch).
    const sqlItems: unknown[] = [];
    const sqlIndex = new Map<string, number>();
    for (const item of items) {
      for (const sub of item.candidates) {
        // Privileges revoked since the join: nothing at all (Realtime would send an "Error 401" payload, which
        // still tells the subscriber when and how the table changed).
        if (!canRead(item.meta, sub.channel.role)) continue;
        if (item.change.type !== "DELETE" && item.meta.pk.length === 0) {
          item.errors.set(sub, "Error 400: Bad Request, no primary key");
          continue;
        }
        let rejected = false;
        const needSql: number[] = [];
        for (const f of sub.filters) {
          const value = item.values.get(f.column);
          const r = evaluateFilter(f, value);
          if (r === false) {
            rejected = true;
            break;
          }
          if (r === "sql") {
            const entry = {
              type: f.typeOid,
              op: f.op,
              value: value ?? null,
              filter: f.value,
              negate: f.negate,
            };
            const k = JSON.stringify(entry);
            let idx = sqlIndex.get(k);
            if (idx === undefined) {
              idx = sqlItems.length;
              sqlIndex.set(k, idx);
              sqlItems.push(entry);
            }
            needSql.push(idx);
          }
        }
        if (rejected) continue;
        if (needSql.length > 0) item.pendingSql.push({ sub, items: needSql });
        else item.accepted.push(sub);
      }
    }
    if (sqlItems.length > 0) {
      const passed = new Set<number>();
      try {
        const { rows } = await this.hub.db.query<{ i: number }>(
          "select i from realtime_local.eval_filters($1) as i",
          [JSON.stringify(sqlItems)],
        );
        for (const r of rows) passed.add(r.i);
      } catch (err) {
        this.hub.warn("filters", `[realtime] filter evaluation failed: ${(err as Error).message}`);
      }
      for (const item of items) {
        for (const p of item.pendingSql) if (p.items.every((i) => passed.has(i))) item.accepted.push(p.sub);
      }
    }

    const visible = await this.checkRls(items);
    try {
      await this.deliver(items, visible);
    } finally {
      this.hub.flush();
    }
  }

  /**
   * Writes the batch in slices: sockets are corked within a slice (one write per socket), and the event
   * loop runs between slices so sockets drain and clients' heartbeats are read. A client that cannot keep up
   * is dropped by Connection.checkBackpressure(), never waited for.
   */
  private async deliver(items: Item[], visible: Set<string>): Promise<void> {
    let written = 0;
    this.hub.batching = true;
    for (const item of items) {
      if (written >= SLICE_BYTES) {
        this.hub.flush();
        await new Promise((resolve) => setImmediate(resolve));
        this.hub.batching = true;
        written = 0;
      }
      const perChannel = new Map<Subscription["channel"], number[]>();
      for (const sub of item.accepted) {
        if (this.needsRls(item, sub) && !visible.has(this.rlsKey(sub, item))) continue;
        const ids = perChannel.get(sub.channel) ?? [];
        if (!ids.includes(sub.bindingId)) ids.push(sub.bindingId);
        perChannel.set(sub.channel, ids);
      }
      const errorChannels = new Map<Subscription["channel"], { ids: number[]; error: string }>();
      for (const [sub, error] of item.errors) {
        const entry = errorChannels.get(sub.channel) ?? { ids: [], error };
        if (!entry.ids.includes(sub.bindingId)) entry.ids.push(sub.bindingId);
        errorChannels.set(sub.channel, entry);
      }
      const cache = new Map<string, string>();
      for (const [channel, ids] of perChannel) {
        if (channel.closed) continue;
        const selects = item.accepted.filter((s) => s.channel === channel && ids.includes(s.bindingId));
        // One payload per channel: a column selection applies only if every matching binding asked for it.
        const select = selects.every((s) => s.select)
          ? new Set(selects.flatMap((s) => [...s.select!]))
          : null;
        const cacheKey = `${channel.role}|${select ? [...select].sort().join(",") : "*"}`;
        let data = cache.get(cacheKey);
        if (data === undefined) {
          data = this.payload(item, channel.role, select);
          cache.set(cacheKey, data);
        }
        channel.pushRaw("postgres_changes", `{"ids":${JSON.stringify(ids)},"data":${data}}`);
        written += data.length;
      }
      for (const [channel, { ids, error }] of errorChannels) {
        if (channel.closed) continue;
        const { meta, change, txn } = item;
        const data =
          `{"schema":${JSON.stringify(meta.schema)},"table":${JSON.stringify(meta.table)},` +
          `"commit_timestamp":${JSON.stringify(new Date(txn.commitTimeMs).toISOString())},` +
          `"type":${JSON.stringify(change.type)},"columns":[],"errors":${JSON.stringify([error])}}`;
        channel.pushRaw("postgres_changes", `{"ids":${JSON.stringify(ids)},"data":${data}}`);
      }
    }
  }

  private needsRls(item: Item, sub: Subscription): boolean {
    return item.change.type !== "DELETE" && item.meta.rlsEnabled && sub.channel.role !== "service_role";
  }

  private rlsKey(sub: Subscription, item: Item): string {
    return `${sub.channel.identity}\u0000${item.meta.relid}\u0000${keyOf(item.pk ?? [])}`;
  }

  /**
   * The rows each identity (role and claims but exp/iat) may SELECT now, as rlsKey()s — checked once the batch's
   * transactions are visible to new snapshots, so "now" includes them: one streams out of the slot once its commit
   * record is flushed, a moment before the committing backend leaves Postgres's running list, and a check in
   * between reads the row as it was — refused to its new reader, or shown to the one it just left (decision 0029).
   * A batch still invisible after VISIBLE_TIMEOUT_MS is delivered to nobody RLS checks (fail closed).
   */
  private async checkRls(items: Item[]): Promise<Set<string>> {
    const groups = new Map<string, RlsGroup>();
    const xids = new Set<number>();
    for (const item of items) {
      if (!item.pk) continue;
      for (const sub of item.accepted) {
        if (!this.needsRls(item, sub)) continue;
        xids.add(item.txn.xid);
        // One check per identity: its first channel's claims stand for the others (equal but for exp/iat).
        const { role, claimsJson, identity } = sub.channel;
        let group = groups.get(identity);
        if (!group) groups.set(identity, (group = { role, identity, claims: claimsJson, tables: new Map() }));
        let table = group.tables.get(item.meta.relid);
        if (!table)
          group.tables.set(item.meta.relid, (table = { cols: item.meta.pk, keys: [], index: new Map() }));
        const k = keyOf(item.pk);
        if (!table.index.has(k)) {
          table.index.set(k, table.keys.length);
          table.keys.push(item.pk);
        }
      }
    }
    const visible = new Set<string>();
    if (groups.size === 0) return visible;
    const all = [...groups.values()];
    this.stats.rlsChecks += all.length;
    for (const g of all) for (const t of g.tables.values()) this.stats.rlsRows += t.keys.length;
    await this.runChecks(all, [...xids], visible);
    return visible;
  }

  /**
   * Runs the groups' checks on a few connections in parallel, each once `xids` are visible; adds what each identity
   * may SELECT to `visible`.
   */
  private async runChecks(all: RlsGroup[], xids: number[], visible: Set<string>): Promise<void> {
    const chunks: RlsGroup[][] = Array.from({ length: Math.min(RLS_PARALLELISM, all.length) }, () => []);
    const weights = chunks.map(() => 0);
    for (const g of all) {
      const i = weights.indexOf(Math.min(...weights));
      chunks[i]!.push(g);
      for (const t of g.tables.values()) weights[i]! += t.keys.length + 1;
    }
    await Promise.all(
      chunks.map(async (chunk) => {
        const tableLists = chunk.map((g) => [...g.tables.entries()]);
        const input = chunk.map((g, gi) => ({
          role: g.role,
          claims: g.claims,
          tables: tableLists[gi]!.map(([rel, t]) => ({ rel, cols: t.cols, keys: t.keys })),
        }));
        try {
          const { rows } = await this.hub.db.query<{ g: number; t: number; k: number; err: string | null }>(
            "select g, t, k, err from realtime_local.visible_rows($1, $2, $3)",
            [JSON.stringify(input), xids, VISIBLE_TIMEOUT_MS],
          );
          for (const r of rows) {
            const group = chunk[r.g];
            if (!group) continue;
            if (r.err === "not visible") {
              this.stats.rlsInvisible += 1;
              this.hub.warn(
                "rls:invisible",
                `[realtime] transactions not visible after ${VISIBLE_TIMEOUT_MS} ms`,
              );
              continue;
            }
            if (r.err !== null) {
              this.hub.warn(`rls:${r.err}`, `[realtime] RLS check failed for role ${group.role}: ${r.err}`);
              continue;
            }
            const entry = tableLists[r.g]![r.t];
            if (!entry) continue;
            const [relid, table] = entry;
            const key = table.keys[r.k];
            if (key) visible.add(`${group.identity}\u0000${relid}\u0000${keyOf(key)}`);
          }
        } catch (err) {
          // Fail closed: nothing this chunk checks is delivered.
          this.hub.warn("rls", `[realtime] RLS check failed: ${(err as Error).message}`);
        }
      }),
    );
  }

  /** The `data` of a postgres_changes message as the role (and column selection) may see it. */
  private payload(item: Item, role: SubscriberRole, select: Set<string> | null): string {
    const { change, meta, txn } = item;
    const { catalog } = this.hub;
    const columns = change.relation.columns;
    const selectable = meta.selectable[role];
    const include = (name: string) =>
      selectable.has(name) && (!select || select.has(name) || meta.pk.includes(name));

    let walBytes = 0;
    for (const tuple of [change.newTuple, change.oldTuple]) {
      for (const v of tuple ?? []) if (typeof v === "string") walBytes += v.length;
    }
    const tooLarge = walBytes > MAX_RECORD_BYTES;

    const object = (tuple: TupleValues, only: (name: string) => boolean, fallback?: TupleValues | null) => {
      const parts: string[] = [];
      columns.forEach((c, i) => {
        if (!include(c.name) || !only(c.name)) return;
        let v = tuple[i];
        if (v === undefined && fallback) v = fallback[i];
        if (v === undefined) return; // unchanged TOAST value that the WAL does not carry
        const json = valueToJson(v, c.typeOid, catalog.lookupType);
        if (tooLarge && json.length > 64) return;
        parts.push(`${JSON.stringify(c.name)}:${json}`);
      });
      return `{${parts.join(",")}}`;
    };
    const isPk = (name: string) => meta.pk.includes(name);
    const any = () => true;

    const cols = columns
      .filter((c) => include(c.name))
      .map(
        (c) =>
          `{"name":${JSON.stringify(c.name)},"type":${JSON.stringify(catalog.type(c.typeOid)?.name ?? String(c.typeOid))}}`,
      );
    let body =
      `{"schema":${JSON.stringify(meta.schema)},"table":${JSON.stringify(meta.table)},` +
      `"commit_timestamp":${JSON.stringify(new Date(txn.commitTimeMs).toISOString())},` +
      `"type":${JSON.stringify(change.type)},"columns":[${cols.join(",")}]`;
    const fullOld = change.oldKind === "O" ? change.oldTuple : null;
    if (change.type === "INSERT" || change.type === "UPDATE") {
      body += `,"record":${object(change.newTuple!, any, fullOld)}`;
    }
    if (change.type === "UPDATE") {
      // Realtime sends the replica identity: the whole old row with REPLICA IDENTITY FULL, else the key.
      const old = fullOld ? object(fullOld, any) : object(change.oldTuple ?? change.newTuple!, isPk);
      body += `,"old_record":${old}`;
    }
    if (change.type === "DELETE") {
      // The old row's replica identity, as Realtime sends it — but on a table with RLS only the primary key:
      // nobody can be RLS-checked against a row that is gone.
      const identity = new Set(columns.filter((c) => change.oldKind === "O" || c.isKey).map((c) => c.name));
      body += `,"old_record":${object(change.oldTuple!, (name) => identity.has(name) && (!meta.rlsEnabled || isPk(name)))}`;
    }
    body += `,"errors":${tooLarge ? '["Error 413: Payload Too Large"]' : "null"}}`;
    return body;
  }
}

function rowValues(
  change: RowChange,
  meta: TableMeta,
): { values: Map<string, string | null | undefined>; pk: string[] | null } {
  const values = new Map<string, string | null | undefined>();
  const columns = change.relation.columns;
  if (change.type === "DELETE") {
    // The old tuple holds the replica identity: the key columns, or every column with REPLICA IDENTITY FULL.
    columns.forEach((c, i) => {
      if (change.oldKind === "O" || c.isKey) values.set(c.name, change.oldTuple![i]);
    });
    return { values, pk: null };
  }
  columns.forEach((c, i) => values.set(c.name, change.newTuple![i]));
  const pk: string[] = [];
  for (const name of meta.pk) {
    const v = values.get(name);
    if (typeof v !== "string") return { values, pk: null };
    pk.push(v);
  }
  return { values, pk };
}
