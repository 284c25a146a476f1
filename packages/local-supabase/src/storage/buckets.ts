// Bucket routes (/bucket): create, list, get, update, delete (only when empty), empty (service role only).
// They run as the caller, so RLS on storage.buckets decides for non-service callers, as in Supabase.
import { sendJson } from "../http";
import { asCaller, enterCallerScope, superuserQuery, transaction } from "./db";
import { ERRORS, StorageError } from "./errors";
import {
  optionalBoolean,
  optionalEnum,
  optionalInteger,
  optionalString,
  queryRecord,
  readBody,
  requiredString,
  stringArray,
  type Body,
} from "./request-body";
import { findBucket, ownerColumns, type StorageCall, type StorageContext } from "./storage-context";
import { mustBeValidBucketName, parseFileSizeToBytes, validateAllowedMimeTypes } from "./validation";

const BUCKET_COLUMNS = "id, name, owner, public, file_size_limit, allowed_mime_types, created_at, updated_at";

interface BucketRow {
  id: string;
  name: string;
  owner: string | null;
  public: boolean;
  file_size_limit: string | null;
  allowed_mime_types: string[] | null;
  created_at: Date;
  updated_at: Date;
}

// Postgres bigint arrives as a string; Storage answers with a number.
const present = (row: BucketRow) => ({
  ...row,
  file_size_limit: row.file_size_limit === null ? null : Number(row.file_size_limit),
});

/** `file_size_limit` as storage-js sends it: a byte count, a "50MB"-style string, or null to clear it. */
function fileSizeLimit(sc: StorageContext, body: Body): number | null | undefined {
  const value = body.file_size_limit;
  if (value === undefined) return undefined;
  if (value === null) return null;
  let bytes: number;
  if (typeof value === "number") {
    if (!Number.isSafeInteger(value) || value < 0)
      throw ERRORS.validation("body/file_size_limit must be integer");
    bytes = value;
  } else if (typeof value === "string") {
    bytes = parseFileSizeToBytes(value);
  } else {
    throw ERRORS.validation("body/file_size_limit must be integer,string");
  }
  if (bytes > sc.maxFileSize) throw ERRORS.entityTooLarge();
  return bytes;
}

function allowedMimeTypes(body: Body): string[] | null | undefined {
  const list = stringArray(body, "allowed_mime_types", { required: false, nullable: true });
  if (!list) return list;
  const types = list.filter((t) => t);
  validateAllowedMimeTypes(types);
  return types;
}

export async function createBucket(sc: StorageContext, c: StorageCall) {
  const body = await readBody(c.req);
  const name = requiredString(body, "name");
  const id = optionalString(body, "id") || name;
  const isPublic = optionalBoolean(body, "public") ?? false;
  optionalEnum(body, "type", ["STANDARD", "ANALYTICS"] as const);
  if (name.trim() !== name) throw ERRORS.invalidBucketName();
  mustBeValidBucketName(name);
  mustBeValidBucketName(id);
  if (body.type === "ANALYTICS")
    throw new StorageError(
      "FeatureNotEnabled",
      409,
      "The feature iceberg_catalog is not enabled for this resource",
    );
  const limit = fileSizeLimit(sc, body) ?? null;
  const mimeTypes = allowedMimeTypes(body) ?? null;
  const { owner, owner_id } = ownerColumns(c.caller.owner);
  try {
    await asCaller(sc.db, c.caller, (tx) =>
      tx.query(
        `insert into storage.buckets (id, name, owner, owner_id, public, file_size_limit, allowed_mime_types)
         values ($1, $2, $3, $4, $5, $6, $7)`,
        [id, name, owner, owner_id, isPublic, limit, mimeTypes],
      ),
    );
  } catch (err) {
    if (err instanceof StorageError && err.code === "ResourceAlreadyExists")
      throw ERRORS.bucketAlreadyExists();
    throw err;
  }
  sendJson(c.res, 200, { name });
}

const SORT_COLUMNS = ["id", "name", "created_at", "updated_at"] as const;

export async function listBuckets(sc: StorageContext, c: StorageCall) {
  const query = queryRecord(c.url, ["limit", "offset"]);
  const limit = optionalInteger(query, "limit", 1, "querystring");
  const offset = optionalInteger(query, "offset", 0, "querystring");
  const sortColumn = optionalEnum(query, "sortColumn", SORT_COLUMNS, "querystring");
  const sortOrder = optionalEnum(query, "sortOrder", ["asc", "desc"] as const, "querystring") ?? "asc";
  const search = optionalString(query, "search", "querystring");
  const values: unknown[] = [];
  let sql = `select ${BUCKET_COLUMNS} from storage.buckets`;
  if (search) {
    values.push(`%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    sql += ` where name ilike $${values.length}`;
  }
  if (sortColumn) sql += ` order by ${sortColumn} ${sortOrder}`;
  if (limit !== undefined) {
    values.push(limit);
    sql += ` limit $${values.length}`;
  }
  if (offset !== undefined) {
    values.push(offset);
    sql += ` offset $${values.length}`;
  }
  const rows = await asCaller(sc.db, c.caller, async (tx) => (await tx.query<BucketRow>(sql, values)).rows);
  sendJson(
    c.res,
    200,
    rows.map((row) => ({ ...present(row), type: "STANDARD" })),
  );
}

export async function getBucket(sc: StorageContext, c: StorageCall, bucketId: string) {
  const rows = await asCaller(
    sc.db,
    c.caller,
    async (tx) =>
      (await tx.query<BucketRow>(`select ${BUCKET_COLUMNS} from storage.buckets where id = $1`, [bucketId]))
        .rows,
  );
  if (!rows[0]) throw ERRORS.noSuchBucket();
  sendJson(c.res, 200, present(rows[0]));
}

export async function updateBucket(sc: StorageContext, c: StorageCall, bucketId: string) {
  mustBeValidBucketName(bucketId);
  const body = await readBody(c.req);
  const changes: Record<string, unknown> = {};
  const isPublic = optionalBoolean(body, "public");
  if (isPublic !== undefined) changes.public = isPublic;
  const limit = fileSizeLimit(sc, body);
  if (limit !== undefined) changes.file_size_limit = limit;
  const mimeTypes = allowedMimeTypes(body);
  if (mimeTypes !== undefined) changes.allowed_mime_types = mimeTypes;
  const columns = Object.keys(changes);
  if (columns.length === 0) throw ERRORS.noContentProvided();
  const sets = columns.map((column, i) => `${column} = $${i + 2}`).join(", ");
  const updated = await asCaller(
    sc.db,
    c.caller,
    async (tx) =>
      (
        await tx.query(`update storage.buckets set ${sets}, updated_at = now() where id = $1`, [
          bucketId,
          ...Object.values(changes),
        ])
      ).rowCount,
  );
  if (!updated) throw ERRORS.noSuchBucket();
  sendJson(c.res, 200, { message: "Successfully updated" });
}

export async function deleteBucket(sc: StorageContext, c: StorageCall, bucketId: string) {
  await readBody(c.req);
  await transaction(sc.db, async (tx) => {
    const found = await tx.query("select id from storage.buckets where id = $1 for update", [bucketId]);
    if (!found.rows[0]) throw ERRORS.noSuchBucket();
    const objects = await tx.query("select 1 from storage.objects where bucket_id = $1 limit 1", [bucketId]);
    if (objects.rows.length > 0) throw ERRORS.bucketNotEmpty();
    await enterCallerScope(tx, c.caller);
    const deleted = await tx.query("delete from storage.buckets where id = $1", [bucketId]);
    if (!deleted.rowCount) throw ERRORS.noSuchBucket();
  });
  await sc.files.removeBucket(bucketId);
  sendJson(c.res, 200, { message: "Successfully deleted" });
}

/** POST /bucket/{id}/empty: deletes every object (service role only). Done at once; Storage queues it. */
export async function emptyBucket(sc: StorageContext, c: StorageCall, bucketId: string) {
  await readBody(c.req);
  await findBucket(sc.db, bucketId);
  for (;;) {
    const { rows } = await superuserQuery<{ version: string | null }>(
      sc.db,
      `delete from storage.objects where id in (select id from storage.objects where bucket_id = $1 limit 1000)
       returning version`,
      [bucketId],
    );
    await Promise.all(rows.map((row) => sc.files.removeVersion(bucketId, row.version)));
    if (rows.length < 1000) break;
  }
  sendJson(c.res, 200, { message: "Empty bucket has been queued. Completion may take up to an hour." });
}
