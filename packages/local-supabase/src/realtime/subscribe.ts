// Turns a channel's postgres_changes bindings into subscriptions, checked the way Realtime checks them when
// it inserts into realtime.subscription: the table must be in the supabase_realtime publication, filter
// columns must exist and be selectable by the subscriber's role, filter values must cast to the column type.
// All bindings of a channel subscribe, or none (with Realtime's error message). Stricter than Realtime, which
// accepts any table and then sends an "Error 401" payload for every change of one the role may not read: a
// table the subscriber's role cannot SELECT (its key columns) is refused as unauthorized, and a wildcard
// binding covers only the tables the role can read.
import type pg from "pg";
import type { Catalog, TableMeta } from "./catalog";
import {
  compareModes,
  parseSubscriptionParams,
  type CompiledFilter,
  type EventFilter,
  type SubscriptionParams,
} from "./filters";
import type { SubscriberRole } from "./tokens";

export const PUBLICATION = "supabase_realtime";

export interface CompiledSubscription {
  bindingId: number;
  relid: number;
  event: EventFilter;
  filters: CompiledFilter[];
  /** Columns the subscriber asked for (`select`), null for all. */
  select: Set<string> | null;
}

export type SubscribeResult =
  { ok: true; subs: CompiledSubscription[] } | { ok: false; message: string; unauthorized?: boolean };

/** Whether the role may read the table's changes: SELECT on some column, and on every primary key column. */
export function canRead(meta: TableMeta, role: SubscriberRole): boolean {
  const selectable = meta.selectable[role];
  return selectable.size > 0 && meta.pk.every((c) => selectable.has(c));
}

const unauthorized = (schema: string, table: string): SubscribeResult => ({
  ok: false,
  unauthorized: true,
  message: `Unauthorized: You do not have permissions to read from this table: ${schema}.${table}`,
});

const PG_CONDITIONS: Record<string, string> = {
  P0001: "raise_exception",
  "22P02": "invalid_text_representation",
  "22007": "invalid_datetime_format",
  "22008": "datetime_field_overflow",
  "22003": "numeric_value_out_of_range",
  "22001": "string_data_right_truncation",
  "23514": "check_violation",
  "42704": "undefined_object",
};

class SubscribeError extends Error {
  constructor(
    message: string,
    public code = "P0001",
  ) {
    super(message);
  }
}

function describe(p: SubscriptionParams): string {
  const filters = p.filters
    .map(
      (f) =>
        `{${JSON.stringify(f.column)}, ${JSON.stringify(f.op)}, ${JSON.stringify(f.value)}, ${f.negate}}`,
    )
    .join(", ");
  const select = p.select ? `[${p.select.map((s) => JSON.stringify(s)).join(", ")}]` : "nil";
  return `event: ${p.event}, schema: ${p.schema}, table: ${p.table}, filters: [${filters}], select: ${select}`;
}

/**
 * Validates and compiles the bindings of one channel. `bindings` are the raw `config.postgres_changes`
 * entries with the ids the join reply gives them.
 */
export async function compileSubscriptions(
  db: pg.Pool,
  catalog: Catalog,
  role: SubscriberRole,
  bindings: Array<{ id: number; params: Record<string, unknown> }>,
): Promise<SubscribeResult> {
  const parsed: Array<{ id: number; params: SubscriptionParams }> = [];
  for (const b of bindings) {
    const r = parseSubscriptionParams(b.params);
    if (!r.ok) return { ok: false, message: r.error };
    parsed.push({ id: b.id, params: r.value });
  }
  if (parsed.length === 0) return { ok: true, subs: [] };

  const { rows: published } = await db.query<{ relid: string; schema: string; table: string }>(
    `select c.oid::int8::text as relid, p.schemaname::text as schema, p.tablename::text as table
       from pg_publication_tables p
       join pg_namespace n on n.nspname = p.schemaname
       join pg_class c on c.relnamespace = n.oid and c.relname = p.tablename
      where p.pubname = $1`,
    [PUBLICATION],
  );

  const subs: CompiledSubscription[] = [];
  for (const { id, params } of parsed) {
    const entities = published.filter(
      (t) =>
        (params.schema === "*" || t.schema === params.schema) &&
        (params.table === "*" || t.table === params.table),
    );
    if (entities.length === 0) {
      return {
        ok: false,
        message: `Unable to subscribe to changes with given parameters. Please check Realtime is enabled for the given connect parameters: [${describe(params)}]`,
      };
    }
    const relids = entities.map((e) => Number(e.relid));
    const wildcard = params.schema === "*" || params.table === "*";
    try {
      await catalog.ensureTables(relids, 0);
      let readable = 0;
      for (const relid of relids) {
        const meta = catalog.table(relid);
        if (!meta) throw new SubscribeError(`relation ${relid} does not exist`, "42P01");
        if (!canRead(meta, role)) {
          if (wildcard) continue;
          return unauthorized(meta.schema, meta.table);
        }
        readable++;
        subs.push({
          bindingId: id,
          relid,
          event: params.event,
          filters: await compileFilters(db, catalog, meta, role, params),
          select: params.select ? new Set(params.select) : null,
        });
      }
      if (readable === 0) return unauthorized(params.schema, params.table);
    } catch (err) {
      const e = err as { message?: string; code?: string };
      const code = typeof e.code === "string" ? e.code : "XX000";
      const condition = PG_CONDITIONS[code] ? ` (${PG_CONDITIONS[code]})` : "";
      return {
        ok: false,
        message:
          `Unable to subscribe to changes with given parameters. An exception happened so please check your ` +
          `connect parameters: [${describe(params)}]. Exception: ERROR ${code}${condition} ${e.message ?? String(err)}`,
      };
    }
  }
  return { ok: true, subs };
}

async function compileFilters(
  db: pg.Pool,
  catalog: Catalog,
  meta: TableMeta,
  role: SubscriberRole,
  params: SubscriptionParams,
): Promise<CompiledFilter[]> {
  const selectable = meta.selectable[role];
  const out: CompiledFilter[] = [];
  for (const f of params.filters) {
    const column = meta.columns.find((c) => c.name === f.column);
    if (!column || !selectable.has(f.column))
      throw new SubscribeError(`invalid column for filter ${f.column}`);
    const type = catalog.type(column.typeOid);
    const baseOid = type?.baseOid ?? column.typeOid;
    const modes = compareModes({
      baseOid,
      isEnum: type?.isEnum ?? false,
      byteCollation: column.byteCollation,
      deterministicCollation: column.deterministicCollation,
    });
    let canonical: string | null = null;
    let canonicalList: string[] | null = null;
    if (f.op === "in") {
      const { rows } = await db.query<{ v: string[] }>("select realtime_local.canonical_array($1, $2) as v", [
        f.value,
        column.typeOid,
      ]);
      canonicalList = rows[0]?.v ?? [];
      if (canonicalList.length > 100)
        throw new SubscribeError("too many values for `in` filter. Maximum 100");
    } else if (f.op === "is") {
      if (!["null", "true", "false", "unknown"].includes(f.value)) {
        throw new SubscribeError("invalid value for is filter: must be null, true, false, or unknown");
      }
      if (f.value !== "null" && baseOid !== 16) {
        throw new SubscribeError(
          `is ${f.value} filter requires a boolean column, got ${type?.name ?? column.typeOid}`,
        );
      }
    } else {
      const { rows } = await db.query<{ v: string }>("select realtime_local.canonical_value($1, $2) as v", [
        f.value,
        column.typeOid,
      ]);
      canonical = rows[0]?.v ?? null;
    }
    out.push({
      column: f.column,
      op: f.op,
      negate: f.negate,
      typeOid: column.typeOid,
      baseOid,
      ...modes,
      value: f.value,
      canonical,
      canonicalList,
    });
  }
  if (params.select) {
    for (const col of params.select) {
      if (!selectable.has(col)) throw new SubscribeError(`invalid column for select ${col}`);
    }
  }
  return out;
}
