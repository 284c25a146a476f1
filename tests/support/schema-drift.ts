// Compares the Prisma schema (its DMMF) with what the migrations built in Postgres (pg_catalog):
// models ⇔ tables, fields ⇔ columns (type, nullability, default present), enums ⇔ enum types and labels,
// relations ⇔ foreign keys (columns, referenced table and columns, ON DELETE). Returns every difference.
import { getDMMF } from "@prisma/get-dmmf";
import type pg from "pg";

type DmmfDocument = Exclude<ReturnType<typeof getDMMF>, { type: string; reason: string }>;
type Model = DmmfDocument["datamodel"]["models"][number];
type Field = Model["fields"][number];

export interface DbColumn {
  table: string;
  column: string;
  udt: string; // e.g. text, uuid, int4, numeric, timestamptz, or an enum type name
  typmod: string; // format_type(), e.g. numeric(14,2), timestamp with time zone
  nullable: boolean;
  hasDefault: boolean;
  isArray: boolean;
}
export interface DbForeignKey {
  name: string;
  table: string;
  columns: string[];
  refTable: string;
  refColumns: string[];
  onDelete: string; // a: no action, r: restrict, c: cascade, n: set null, d: set default
}
export interface DbSchema {
  tables: string[];
  columns: DbColumn[];
  enums: Record<string, string[]>;
  foreignKeys: DbForeignKey[];
}

export function loadDmmf(schemaText: string): DmmfDocument {
  const result = getDMMF({ datamodel: schemaText });
  if ("type" in result && "reason" in result)
    throw new Error(`Prisma schema does not parse: ${result.reason}`);
  return result as DmmfDocument;
}

/** Reads the public schema through the given connection (so uncommitted DDL in its transaction counts). */
export async function introspectPublicSchema(client: pg.ClientBase): Promise<DbSchema> {
  const tables = await client.query<{ name: string }>(
    `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p') order by 1`,
  );
  const columns = await client.query<{
    table: string;
    column: string;
    udt: string;
    typmod: string;
    nullable: boolean;
    hasdefault: boolean;
    isarray: boolean;
  }>(
    `select c.relname as table, a.attname as column,
            case when t.typcategory = 'A' then et.typname else t.typname end as udt,
            format_type(a.atttypid, a.atttypmod) as typmod,
            not a.attnotnull as nullable, a.atthasdef as hasdefault, t.typcategory = 'A' as isarray
       from pg_attribute a
       join pg_class c on c.oid = a.attrelid
       join pg_namespace n on n.oid = c.relnamespace
       join pg_type t on t.oid = a.atttypid
       left join pg_type et on et.oid = t.typelem
      where n.nspname = 'public' and c.relkind in ('r', 'p') and a.attnum > 0 and not a.attisdropped
      order by 1, a.attnum`,
  );
  const enums = await client.query<{ name: string; labels: string[] }>(
    `select t.typname as name, array_agg(e.enumlabel order by e.enumsortorder)::text[] as labels
       from pg_type t join pg_enum e on e.enumtypid = t.oid join pg_namespace n on n.oid = t.typnamespace
      where n.nspname = 'public' group by t.typname order by 1`,
  );
  const fks = await client.query<{
    name: string;
    table: string;
    columns: string[];
    reftable: string;
    refschema: string;
    refcolumns: string[];
    ondelete: string;
  }>(
    `select con.conname as name, c.relname as table,
            array(select a.attname from unnest(con.conkey) with ordinality k(n, i)
                  join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.n order by k.i)::text[] as columns,
            rc.relname as reftable, rn.nspname as refschema,
            array(select a.attname from unnest(con.confkey) with ordinality k(n, i)
                  join pg_attribute a on a.attrelid = con.confrelid and a.attnum = k.n order by k.i)::text[] as refcolumns,
            con.confdeltype::text as ondelete
       from pg_constraint con
       join pg_class c on c.oid = con.conrelid join pg_namespace n on n.oid = c.relnamespace
       join pg_class rc on rc.oid = con.confrelid join pg_namespace rn on rn.oid = rc.relnamespace
      where con.contype = 'f' and n.nspname = 'public' order by 1`,
  );
  return {
    tables: tables.rows.map((r) => r.name),
    columns: columns.rows.map((r) => ({
      table: r.table,
      column: r.column,
      udt: r.udt,
      typmod: r.typmod,
      nullable: r.nullable,
      hasDefault: r.hasdefault,
      isArray: r.isarray,
    })),
    enums: Object.fromEntries(enums.rows.map((r) => [r.name, r.labels])),
    // Foreign keys into Supabase's own schemas (auth, storage) are outside the Prisma model.
    foreignKeys: fks.rows
      .filter((r) => r.refschema === "public")
      .map((r) => ({
        name: r.name,
        table: r.table,
        columns: r.columns,
        refTable: r.reftable,
        refColumns: r.refcolumns,
        onDelete: r.ondelete,
      })),
  };
}

const ON_DELETE: Record<string, string> = {
  Cascade: "c",
  SetNull: "n",
  NoAction: "a",
  Restrict: "r",
  SetDefault: "d",
};

/** The Postgres type a Prisma scalar field maps to: [udt name, format_type() text or null for "any"]. */
function expectedType(field: Field, enumDbNames: Map<string, string>): [string, string | null] {
  if (field.kind === "enum") {
    const dbName = enumDbNames.get(field.type) ?? field.type;
    return [dbName, null];
  }
  const native = field.nativeType as [string, string[]] | null | undefined;
  const [nativeName, nativeArgs] = native ?? [null, []];
  switch (field.type) {
    case "String":
      if (nativeName === "Uuid") return ["uuid", "uuid"];
      if (nativeName === "Citext") return ["citext", null];
      if (nativeName === "VarChar") return ["varchar", `character varying(${nativeArgs[0]})`];
      return ["text", "text"];
    case "Int":
      return ["int4", "integer"];
    case "BigInt":
      return ["int8", "bigint"];
    case "Boolean":
      return ["bool", "boolean"];
    case "Float":
      return ["float8", "double precision"];
    case "Decimal": {
      const [p, s] = nativeName === "Decimal" ? nativeArgs : ["65", "30"];
      return ["numeric", `numeric(${p},${s})`];
    }
    case "DateTime":
      if (nativeName === "Date") return ["date", "date"];
      if (nativeName === "Timestamptz")
        return ["timestamptz", `timestamp(${nativeArgs[0] ?? 6}) with time zone`];
      return ["timestamp", `timestamp(${nativeArgs[0] ?? 3}) without time zone`];
    case "Json":
      return nativeName === "Json" ? ["json", "json"] : ["jsonb", "jsonb"];
    case "Bytes":
      return ["bytea", "bytea"];
    default:
      return [field.type, null];
  }
}

/** Postgres prints timestamptz(6) as "timestamp with time zone" (6 is its default precision). */
function normalizeTypmod(t: string): string {
  return t
    .replace("timestamp(6) with time zone", "timestamp with time zone")
    .replace("timestamp(6) without time zone", "timestamp without time zone");
}

export function compareSchema(dmmf: DmmfDocument, db: DbSchema): string[] {
  const problems: string[] = [];
  const { models, enums } = dmmf.datamodel;
  const enumDbNames = new Map(enums.map((e) => [e.name, e.dbName ?? e.name]));
  const tableOf = (m: Model) => m.dbName ?? m.name;
  const modelByName = new Map(models.map((m) => [m.name, m]));
  const colName = (m: Model, fieldName: string) => {
    const f = m.fields.find((x) => x.name === fieldName);
    return f ? (f.dbName ?? f.name) : fieldName;
  };

  // Models ⇔ tables
  const modelTables = new Set(models.map(tableOf));
  for (const t of db.tables)
    if (!modelTables.has(t)) problems.push(`table ${t} exists in the database but has no Prisma model`);
  for (const m of models)
    if (!db.tables.includes(tableOf(m)))
      problems.push(`model ${m.name} maps to table ${tableOf(m)}, which does not exist`);

  // Fields ⇔ columns
  for (const m of models) {
    const table = tableOf(m);
    if (!db.tables.includes(table)) continue;
    const cols = new Map(db.columns.filter((c) => c.table === table).map((c) => [c.column, c]));
    const scalarFields = m.fields.filter((f) => f.kind === "scalar" || f.kind === "enum");
    const modelled = new Set(scalarFields.map((f) => f.dbName ?? f.name));
    for (const c of cols.keys())
      if (!modelled.has(c))
        problems.push(`column ${table}.${c} exists in the database but not in model ${m.name}`);
    for (const f of scalarFields) {
      const name = f.dbName ?? f.name;
      const col = cols.get(name);
      const where = `${m.name}.${f.name} (${table}.${name})`;
      if (!col) {
        problems.push(`field ${where} has no column in the database`);
        continue;
      }
      const [udt, typmod] = expectedType(f, enumDbNames);
      if (col.udt !== udt)
        problems.push(`field ${where}: Prisma expects type ${udt}, the database has ${col.udt}`);
      else if (typmod && normalizeTypmod(col.typmod).replace(/\[\]$/, "") !== normalizeTypmod(typmod)) {
        problems.push(`field ${where}: Prisma expects ${typmod}, the database has ${col.typmod}`);
      }
      if (f.isList !== col.isArray)
        problems.push(`field ${where}: list=${f.isList} but database array=${col.isArray}`);
      if (f.isRequired === col.nullable && !f.isList) {
        problems.push(
          `field ${where}: Prisma says ${f.isRequired ? "required" : "optional"}, the column is ${col.nullable ? "nullable" : "NOT NULL"}`,
        );
      }
      if (f.hasDefaultValue !== col.hasDefault && !f.isUpdatedAt) {
        problems.push(
          `field ${where}: Prisma default=${f.hasDefaultValue}, database default=${col.hasDefault}`,
        );
      }
    }
  }

  // Enums
  for (const e of enums) {
    const dbName = e.dbName ?? e.name;
    const labels = db.enums[dbName];
    const values = e.values.map((v) => v.dbName ?? v.name);
    if (!labels) problems.push(`enum ${e.name} maps to type ${dbName}, which does not exist`);
    else if (labels.join(",") !== values.join(",")) {
      problems.push(
        `enum ${e.name}: Prisma has [${values.join(", ")}], the database has [${labels.join(", ")}]`,
      );
    }
  }
  const modelledEnums = new Set(enums.map((e) => e.dbName ?? e.name));
  for (const name of Object.keys(db.enums))
    if (!modelledEnums.has(name)) problems.push(`enum type ${name} exists in the database but not in Prisma`);

  // Relations ⇔ foreign keys
  const key = (t: string, cols: string[], rt: string, rcols: string[]) =>
    `${t}(${cols.join(",")})->${rt}(${rcols.join(",")})`;
  const dbFks = new Map(
    db.foreignKeys.map((fk) => [key(fk.table, fk.columns, fk.refTable, fk.refColumns), fk]),
  );
  const seen = new Set<string>();
  for (const m of models) {
    for (const f of m.fields) {
      if (f.kind !== "object" || !f.relationFromFields?.length) continue;
      const target = modelByName.get(f.type)!;
      const k = key(
        tableOf(m),
        f.relationFromFields.map((n) => colName(m, n)),
        tableOf(target),
        (f.relationToFields ?? []).map((n) => colName(target, n)),
      );
      seen.add(k);
      const fk = dbFks.get(k);
      if (!fk) {
        problems.push(`relation ${m.name}.${f.name} has no foreign key ${k} in the database`);
        continue;
      }
      const expected = ON_DELETE[f.relationOnDelete ?? (f.isRequired ? "Restrict" : "SetNull")];
      if (fk.onDelete !== expected) {
        problems.push(
          `relation ${m.name}.${f.name}: Prisma onDelete ${f.relationOnDelete ?? "(default)"} but ${fk.name} has confdeltype '${fk.onDelete}'`,
        );
      }
    }
  }
  for (const [k, fk] of dbFks)
    if (!seen.has(k)) problems.push(`foreign key ${fk.name} ${k} has no Prisma relation`);
  return problems;
}
