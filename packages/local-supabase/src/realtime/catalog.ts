// What Realtime needs to know about published tables and column types, read from pg_catalog and cached:
// primary key, whether RLS is on, which columns each API role may SELECT, type names and JSON shapes.
import type pg from "pg";
import type { SubscriberRole } from "./tokens";
import type { TypeInfo } from "./values";

export interface ColumnMeta {
  name: string;
  typeOid: number;
  typmod: number;
  /** Collation compares bytes (C / POSIX, or a database default that is C / POSIX). */
  byteCollation: boolean;
  deterministicCollation: boolean;
}

export interface TableMeta {
  relid: number;
  schema: string;
  table: string;
  rlsEnabled: boolean;
  /** Primary key columns in key order (empty: no primary key). */
  pk: string[];
  columns: ColumnMeta[];
  selectable: Record<SubscriberRole, Set<string>>;
  loadedAt: number;
}

interface TableRow {
  relid: string;
  schema: string;
  table: string;
  rls: boolean;
  pk: string[];
  columns: Array<{
    name: string;
    type: number;
    typmod: number;
    anon: boolean;
    authenticated: boolean;
    service_role: boolean;
    collname: string | null;
    deterministic: boolean;
  }>;
}

const TABLES_SQL = `
  select c.oid::int8::text as relid, n.nspname as schema, c.relname as table, c.relrowsecurity as rls,
         coalesce((select array_agg(a.attname::text order by k.ord)
                     from pg_index i
                     cross join lateral unnest(i.indkey::int2[]) with ordinality as k(attnum, ord)
                     join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum
                    where i.indrelid = c.oid and i.indisprimary), '{}') as pk,
         coalesce((select json_agg(json_build_object(
                     'name', a.attname, 'type', a.atttypid::int8, 'typmod', a.atttypmod,
                     'anon', has_column_privilege('anon', c.oid, a.attnum, 'SELECT'),
                     'authenticated', has_column_privilege('authenticated', c.oid, a.attnum, 'SELECT'),
                     'service_role', has_column_privilege('service_role', c.oid, a.attnum, 'SELECT'),
                     'collname', case when co.collname = 'default' then d.datcollate else co.collname end,
                     'deterministic', coalesce(co.collisdeterministic, true)) order by a.attnum)
                     from pg_attribute a
                     left join pg_collation co on co.oid = a.attcollation
                     cross join (select datcollate from pg_database where datname = current_database()) d
                    where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped), '[]') as columns
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
   where c.oid = any($1::oid[])`;

const TYPES_SQL = `
  select oid::int8::text as oid, typname::text as name, typtype::text as typtype, typbasetype::int8::text as base,
         case when typcategory = 'A' then typelem else 0 end::int8::text as elem, typdelim::text as delim
    from pg_type where oid = any($1::oid[])`;

interface TypeRow {
  oid: string;
  name: string;
  typtype: string;
  base: string;
  elem: string;
  delim: string;
}

export class Catalog {
  private tables = new Map<number, TableMeta>();
  private rawTypes = new Map<number, TypeRow>();
  private types = new Map<number, TypeInfo & { isEnum: boolean }>();

  constructor(private readonly db: pg.Pool) {}

  table(relid: number): TableMeta | undefined {
    return this.tables.get(relid);
  }

  type(oid: number): (TypeInfo & { isEnum: boolean }) | undefined {
    return this.types.get(oid);
  }

  readonly lookupType = (oid: number): TypeInfo | undefined => this.types.get(oid);

  /** Loads tables that are unknown or older than maxAgeMs (0: always reload). */
  async ensureTables(relids: Iterable<number>, maxAgeMs: number): Promise<void> {
    const now = Date.now();
    const stale = [...new Set(relids)].filter((id) => {
      const t = this.tables.get(id);
      return !t || now - t.loadedAt >= maxAgeMs;
    });
    if (stale.length === 0) return;
    const { rows } = await this.db.query<TableRow>(TABLES_SQL, [stale]);
    const seen = new Set<number>();
    for (const row of rows) {
      const relid = Number(row.relid);
      seen.add(relid);
      const selectable = {
        anon: new Set(row.columns.filter((c) => c.anon).map((c) => c.name)),
        authenticated: new Set(row.columns.filter((c) => c.authenticated).map((c) => c.name)),
        service_role: new Set(row.columns.filter((c) => c.service_role).map((c) => c.name)),
      };
      this.tables.set(relid, {
        relid,
        schema: row.schema,
        table: row.table,
        rlsEnabled: row.rls,
        pk: row.pk,
        columns: row.columns.map((c) => ({
          name: c.name,
          typeOid: Number(c.type),
          typmod: c.typmod,
          byteCollation: c.collname === null || c.collname === "C" || c.collname === "POSIX",
          deterministicCollation: c.deterministic,
        })),
        selectable,
        loadedAt: now,
      });
    }
    for (const id of stale) if (!seen.has(id)) this.tables.delete(id);
    await this.ensureTypes(rows.flatMap((r) => r.columns.map((c) => Number(c.type))));
  }

  /** Loads type information for the given oids (and the base/element types they refer to). */
  async ensureTypes(oids: Iterable<number>): Promise<void> {
    let missing = [...new Set(oids)].filter((oid) => !this.rawTypes.has(oid));
    for (let depth = 0; missing.length > 0 && depth < 5; depth++) {
      const { rows } = await this.db.query<TypeRow>(TYPES_SQL, [missing]);
      for (const row of rows) this.rawTypes.set(Number(row.oid), row);
      const next = new Set<number>();
      for (const row of rows) {
        for (const ref of [Number(row.base), Number(row.elem)])
          if (ref !== 0 && !this.rawTypes.has(ref)) next.add(ref);
      }
      missing = [...next];
    }
    for (const oid of this.rawTypes.keys()) if (!this.types.has(oid)) this.resolveType(oid);
  }

  private resolveType(oid: number): (TypeInfo & { isEnum: boolean }) | undefined {
    const known = this.types.get(oid);
    if (known) return known;
    const row = this.rawTypes.get(oid);
    if (!row) return undefined;
    let baseOid = oid;
    let baseRow = row;
    for (let i = 0; i < 10 && baseRow.typtype === "d"; i++) {
      const next = this.rawTypes.get(Number(baseRow.base));
      if (!next) break;
      baseOid = Number(baseRow.base);
      baseRow = next;
    }
    const elem = Number(baseRow.elem);
    const elemInfo = elem !== 0 ? this.resolveType(elem) : undefined;
    const info = {
      oid,
      name: row.name,
      baseOid,
      elemOid: elem !== 0 ? (elemInfo?.baseOid ?? elem) : 0,
      delim: baseRow.delim || ",",
      isEnum: baseRow.typtype === "e",
    };
    this.types.set(oid, info);
    return info;
  }
}
