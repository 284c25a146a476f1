// The archive of `npm run db:backup` / `db:restore` (docs/decisions/0019-backups-without-pg-dump.md): a gzipped tar of
//   manifest.json        format, time, applied migrations, per table its row count, per file its sha256, the key
//                        versions the documents need (never a key)
//   tables/<schema>.<table>.ndjson   every row of public, private, auth and storage (not storage.objects), one JSON
//                        object a line, read in ONE repeatable-read snapshot so the archive is consistent
//   objects/<bucket>/<name>          each stored object's bytes (documents: ciphertext), fetched through the Storage
//                        API with the service role, so it works the same against the local platform and a hosted one
// Restore refuses a database that already holds users or organizations, checks every checksum before writing, loads
// the rows in one transaction with triggers off (the audit chain and append-only guards must take the rows as they
// were) and uploads the objects through the Storage API, which recreates storage.objects.
import { createHash } from "node:crypto";
import { spawnSync } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { createClient } from "@supabase/supabase-js";

export const BACKUP_FORMAT = 1;
const SCHEMAS = ["public", "private", "auth", "storage"];
/** Recreated by the Storage API when the objects are uploaded. */
const SKIPPED_TABLES = new Set(["storage.objects"]);
const PAGE = 1000;

export interface BackupTarget {
  databaseUrl: string;
  supabaseUrl: string;
  serviceRoleKey: string;
}

interface TableEntry {
  name: string;
  file: string;
  rows: number;
  sha256: string;
}
interface ObjectEntry {
  bucket: string;
  name: string;
  file: string;
  size: number;
  sha256: string;
  contentType: string | null;
}
export interface Manifest {
  format: number;
  createdAt: string;
  migrations: string[];
  tables: TableEntry[];
  sequences: { name: string; value: string; isCalled: boolean }[];
  objects: ObjectEntry[];
  documentKeyVersions: number[];
}

const sha256 = (b: Buffer | string) => createHash("sha256").update(b).digest("hex");
const qualified = (schema: string, table: string) =>
  `${pg.escapeIdentifier(schema)}.${pg.escapeIdentifier(table)}`;
const objectFile = (bucket: string, name: string) => path.posix.join("objects", bucket, name);

function storage(target: BackupTarget) {
  return createClient(target.supabaseUrl, target.serviceRoleKey, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
  }).storage;
}

function tar(args: string[]) {
  const r = spawnSync("tar", args, { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`tar ${args[0]} failed: ${r.stderr || r.error?.message}`);
}

async function tablesOf(client: pg.Client) {
  const { rows } = await client.query<{ schema: string; table: string }>(
    `select n.nspname as schema, c.relname as table from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind in ('r', 'p') and not c.relispartition and n.nspname = any($1) order by 1, 2`,
    [SCHEMAS],
  );
  return rows.filter((r) => !SKIPPED_TABLES.has(`${r.schema}.${r.table}`));
}

async function migrationsOf(client: pg.Client): Promise<string[]> {
  const { rows } = await client.query<{ version: string }>(
    `select version from supabase_migrations.schema_migrations order by version`,
  );
  return rows.map((r) => r.version);
}

export async function writeBackup(
  target: BackupTarget,
  outFile: string,
  log = console.info,
): Promise<Manifest> {
  const work = await mkdtemp(path.join(os.tmpdir(), "hearth-backup-"));
  const client = new pg.Client({ connectionString: target.databaseUrl });
  await client.connect();
  try {
    await client.query("begin isolation level repeatable read read only");
    const manifest: Manifest = {
      format: BACKUP_FORMAT,
      createdAt: new Date().toISOString(),
      migrations: await migrationsOf(client),
      tables: [],
      sequences: [],
      objects: [],
      documentKeyVersions: (
        await client.query<{ v: number }>(
          `select distinct key_version as v from public.transaction_documents where wrapped_key is not null order by 1`,
        )
      ).rows.map((r) => r.v),
    };
    await mkdir(path.join(work, "tables"), { recursive: true });
    for (const { schema, table } of await tablesOf(client)) {
      const lines: string[] = [];
      // Pages in physical order inside the snapshot: the table is never read whole into one result.
      let after = "(0,0)";
      for (;;) {
        // Ordered by the tid itself: `order by ctid` next to an output column named ctid would sort its text, and
        // "(10,1)" < "(2,1)" pages rows twice and skips others.
        const { rows } = await client.query<{ tid: string; row: string }>(
          `select t.ctid::text as tid, row_to_json(t)::text as row from ${qualified(schema, table)} t
            where t.ctid > $1::tid order by t.ctid limit ${PAGE}`,
          [after],
        );
        for (const r of rows) lines.push(r.row);
        if (rows.length < PAGE) break;
        after = rows.at(-1)!.tid;
      }
      const file = `tables/${schema}.${table}.ndjson`;
      const body = lines.length ? `${lines.join("\n")}\n` : "";
      await writeFile(path.join(work, file), body);
      manifest.tables.push({ name: `${schema}.${table}`, file, rows: lines.length, sha256: sha256(body) });
    }
    const { rows: seqs } = await client.query<{ schema: string; name: string }>(
      `select schemaname as schema, sequencename as name from pg_sequences where schemaname = any($1) order by 1, 2`,
      [SCHEMAS],
    );
    for (const s of seqs) {
      const { rows } = await client.query<{ last_value: string; is_called: boolean }>(
        `select last_value::text, is_called from ${qualified(s.schema, s.name)}`,
      );
      manifest.sequences.push({
        name: `${s.schema}.${s.name}`,
        value: rows[0]!.last_value,
        isCalled: rows[0]!.is_called,
      });
    }
    const { rows: objects } = await client.query<{ bucket: string; name: string; mimetype: string | null }>(
      `select bucket_id as bucket, name, metadata->>'mimetype' as mimetype from storage.objects order by bucket_id, name`,
    );
    await client.query("commit");
    const api = storage(target);
    for (const o of objects) {
      const { data, error } = await api.from(o.bucket).download(o.name);
      if (error || !data)
        throw new Error(`could not download ${o.bucket}/${o.name}: ${error?.message ?? "no data"}`);
      const bytes = Buffer.from(await data.arrayBuffer());
      const file = objectFile(o.bucket, o.name);
      await mkdir(path.dirname(path.join(work, file)), { recursive: true });
      await writeFile(path.join(work, file), bytes);
      manifest.objects.push({
        ...o,
        file,
        size: bytes.length,
        sha256: sha256(bytes),
        contentType: o.mimetype,
      });
    }
    await writeFile(path.join(work, "manifest.json"), JSON.stringify(manifest, null, 2));
    await mkdir(path.dirname(path.resolve(outFile)), { recursive: true });
    tar(["-czf", path.resolve(outFile), "-C", work, "."]);
    log(
      `db:backup — ${manifest.tables.reduce((n, t) => n + t.rows, 0)} rows in ${manifest.tables.length} tables, ` +
        `${manifest.objects.length} objects → ${outFile}`,
    );
    return manifest;
  } finally {
    await client.end();
    await rm(work, { recursive: true, force: true });
  }
}

export class RestoreRefused extends Error {
  override name = "RestoreRefused";
}

export async function restoreBackup(
  target: BackupTarget,
  archive: string,
  opts: { keyVersions?: number[]; log?: (line: string) => void } = {},
): Promise<Manifest> {
  const log = opts.log ?? console.info;
  const work = await mkdtemp(path.join(os.tmpdir(), "hearth-restore-"));
  const client = new pg.Client({ connectionString: target.databaseUrl });
  await client.connect();
  try {
    tar(["-xzf", path.resolve(archive), "-C", work]);
    const manifest = JSON.parse(await readFile(path.join(work, "manifest.json"), "utf8")) as Manifest;
    if (manifest.format !== BACKUP_FORMAT)
      throw new RestoreRefused(`unknown archive format ${manifest.format}`);
    for (const entry of [...manifest.tables, ...manifest.objects]) {
      if (sha256(await readFile(path.join(work, entry.file))) !== entry.sha256)
        throw new RestoreRefused(`${entry.file} does not match its checksum: the archive is damaged`);
    }
    const { rows: occupied } = await client.query<{ what: string; n: number }>(
      `select 'users' as what, count(*)::int as n from auth.users
       union all select 'organizations', count(*)::int from public.organizations
       union all select 'stored objects', count(*)::int from storage.objects`,
    );
    const found = occupied.filter((r) => r.n > 0);
    if (found.length > 0)
      throw new RestoreRefused(
        `the target database is not empty (${found.map((r) => `${r.n} ${r.what}`).join(", ")}). ` +
          `Restore only into a fresh stack: a new project, or a new STACK_DIR with \`npm run stack\`.`,
      );
    const migrations = await migrationsOf(client);
    const missing = manifest.migrations.filter((m) => !migrations.includes(m));
    if (missing.length > 0)
      throw new RestoreRefused(
        `the target lacks migrations the backup was taken with (${missing.join(", ")}): run \`npm run db:migrate\` first`,
      );
    if (opts.keyVersions) {
      const lacking = manifest.documentKeyVersions.filter((v) => !opts.keyVersions!.includes(v));
      if (lacking.length > 0)
        log(
          `db:restore — warning: DOCUMENT_ENCRYPTION_KEYS lacks key versions ${lacking.join(", ")}; those documents stay unreadable until it has them`,
        );
    }

    await client.query("begin");
    // Triggers (foreign keys, the audit chain, append-only guards) off: the rows go back exactly as they were.
    await client.query("set local session_replication_role = replica");
    const names = manifest.tables.map((t) => {
      const [schema, table] = t.name.split(".") as [string, string];
      return qualified(schema, table);
    });
    // Rows the migrations inserted (permission tables, buckets) are replaced by the backup's.
    for (const name of names) await client.query(`delete from ${name}`);
    for (const t of manifest.tables) {
      const [schema, table] = t.name.split(".") as [string, string];
      const { rows: cols } = await client.query<{ name: string; identity: string }>(
        `select attname as name, attidentity as identity from pg_attribute
          where attrelid = $1::regclass and attnum > 0 and not attisdropped and attgenerated = '' order by attnum`,
        [qualified(schema, table)],
      );
      const list = cols.map((c) => pg.escapeIdentifier(c.name)).join(", ");
      const overriding = cols.some((c) => c.identity === "a") ? "overriding system value" : "";
      const lines = (await readFile(path.join(work, t.file), "utf8")).split("\n").filter(Boolean);
      if (lines.length !== t.rows)
        throw new RestoreRefused(`${t.file} holds ${lines.length} rows, its manifest says ${t.rows}`);
      for (let i = 0; i < lines.length; i += PAGE) {
        await client.query(
          `insert into ${qualified(schema, table)} (${list}) ${overriding}
           select ${list} from json_populate_recordset(null::${qualified(schema, table)}, $1::json)`,
          [`[${lines.slice(i, i + PAGE).join(",")}]`],
        );
      }
    }
    for (const s of manifest.sequences) {
      const [schema, name] = s.name.split(".") as [string, string];
      await client.query(`select setval($1::regclass, $2::bigint, $3)`, [
        qualified(schema, name),
        s.value,
        s.isCalled,
      ]);
    }
    await client.query("commit");

    const api = storage(target);
    for (const o of manifest.objects) {
      const bytes = await readFile(path.join(work, o.file));
      const { error } = await api.from(o.bucket).upload(o.name, bytes, {
        contentType: o.contentType ?? "application/octet-stream",
        upsert: false,
      });
      if (error) throw new Error(`could not upload ${o.bucket}/${o.name}: ${error.message}`);
    }
    log(
      `db:restore — ${manifest.tables.reduce((n, t) => n + t.rows, 0)} rows in ${manifest.tables.length} tables, ` +
        `${manifest.objects.length} objects restored from ${archive} (taken ${manifest.createdAt})`,
    );
    return manifest;
  } catch (err) {
    await client.query("rollback").catch(() => undefined);
    throw err;
  } finally {
    await client.end();
    await rm(work, { recursive: true, force: true });
  }
}

/** The database and platform the scripts' environment points at (the local stack's .stack/env by default). */
export function backupTargetFromEnv(requireEnv: (name: string, hint: string) => string): BackupTarget {
  const hint = "Start the local stack (`npm run stack`) or set the variable (see README → Backups).";
  return {
    databaseUrl: process.env.DIRECT_URL || requireEnv("DATABASE_URL", hint),
    supabaseUrl: requireEnv("NEXT_PUBLIC_SUPABASE_URL", hint),
    serviceRoleKey: requireEnv("SUPABASE_SERVICE_ROLE_KEY", hint),
  };
}
