// Object routes other than upload and signed URLs: download (authenticated, public), info/HEAD, remove, list,
// move and copy. Reads and writes of storage.objects run as the caller so RLS decides; public buckets are read as
// the superuser, as Storage does.
import { randomUUID } from "node:crypto";
import { sendJson } from "../http";
import type { Call } from "../router";
import type { Caller } from "./auth";
import { asCaller, enterCallerScope, lockObjectKey, superuserQuery, transaction } from "./db";
import { serveObject } from "./download";
import { ERRORS } from "./errors";
import {
  optionalBoolean,
  optionalString,
  readBody,
  requiredString,
  stringArray,
  type Body,
} from "./request-body";
import {
  findBucket,
  OBJECT_COLUMNS,
  ownerColumns,
  type ObjectRow,
  type ObjectTarget,
  type StorageCall,
  type StorageContext,
} from "./storage-context";
import { canUpload, commitObject, parseMetadataHeader } from "./upload";
import { mustBeValidBucketName, mustBeValidKey } from "./validation";

export const MAX_OBJECTS_PER_REQUEST = 1000;

/** One object row as the caller sees it through RLS (or as the superuser when `caller` is null). */
export async function findObject(
  sc: StorageContext,
  caller: Caller | null,
  bucketId: string,
  name: string,
): Promise<ObjectRow> {
  mustBeValidKey(name);
  const sql = `select ${OBJECT_COLUMNS} from storage.objects where bucket_id = $1 and name = $2 limit 1`;
  const rows = caller
    ? await asCaller(sc.db, caller, async (tx) => (await tx.query<ObjectRow>(sql, [bucketId, name])).rows)
    : (await superuserQuery<ObjectRow>(sc.db, sql, [bucketId, name])).rows;
  if (!rows[0]) throw ERRORS.noSuchKey();
  return rows[0];
}

async function findBucketOrNull(sc: StorageContext, bucketId: string) {
  try {
    return await findBucket(sc.db, bucketId);
  } catch (err) {
    if ((err as { code?: string }).code === "NoSuchBucket") return null;
    throw err;
  }
}

/**
 * Finds the object an authenticated-or-anonymous read may see: an unauthenticated caller only in a public bucket,
 * public buckets without RLS, private ones through RLS.
 */
async function resolveReadable(
  sc: StorageContext,
  caller: Caller,
  bucketId: string,
  key: string,
): Promise<ObjectRow> {
  mustBeValidBucketName(bucketId);
  const bucket = await findBucketOrNull(sc, bucketId);
  if (!bucket || (!caller.authenticated && !bucket.public)) throw ERRORS.noSuchBucket();
  return findObject(sc, bucket.public ? null : caller, bucketId, key);
}

/** GET|HEAD /object/{bucket}/{key} (any token or none) and /object/authenticated/{bucket}/{key} (valid token). */
export async function getObject(sc: StorageContext, c: StorageCall, target: ObjectTarget) {
  await serveObject(sc, c, {
    bucketId: target.bucketId,
    read: () => resolveReadable(sc, c.caller, target.bucketId, target.key),
  });
}

/** A public bucket's object, read without RLS; a private or missing bucket is "not found". */
async function findPublicObject(sc: StorageContext, target: ObjectTarget): Promise<ObjectRow> {
  mustBeValidBucketName(target.bucketId);
  const bucket = await findBucketOrNull(sc, target.bucketId);
  if (!bucket?.public) throw ERRORS.noSuchBucket();
  return findObject(sc, null, target.bucketId, target.key);
}

/** GET|HEAD /object/public/{bucket}/{key}: no token needed, the bucket must be public. */
export async function getPublicObject(sc: StorageContext, c: Call<null>, target: ObjectTarget) {
  await serveObject(sc, c, { bucketId: target.bucketId, read: () => findPublicObject(sc, target) });
}

/** GET /object/info[/authenticated|/public]/{bucket}/{key}: the object's metadata as JSON; the public route has no
 * caller and serves public buckets only. */
export async function getObjectInfo(sc: StorageContext, c: Call<Caller | null>, target: ObjectTarget) {
  const row = c.caller
    ? await resolveReadable(sc, c.caller, target.bucketId, target.key)
    : await findPublicObject(sc, target);
  const meta = row.metadata ?? {};
  const headers: Record<string, string> = {};
  if (meta.eTag) headers.etag = meta.eTag;
  if (meta.cacheControl) headers["cache-control"] = meta.cacheControl;
  if (meta.lastModified) headers["last-modified"] = new Date(meta.lastModified).toUTCString();
  sendJson(
    c.res,
    200,
    {
      id: row.id,
      name: row.name,
      version: row.version,
      bucket_id: row.bucket_id,
      size: meta.size ?? null,
      content_type: meta.mimetype ?? null,
      cache_control: meta.cacheControl ?? null,
      etag: meta.eTag ?? null,
      metadata: row.user_metadata,
      last_modified: row.updated_at,
      created_at: row.created_at,
    },
    headers,
  );
}

/** DELETE /object/{bucket} {prefixes}: deletes the named objects RLS lets the caller delete; returns them. */
export async function removeObjects(sc: StorageContext, c: StorageCall, bucketId: string) {
  mustBeValidBucketName(bucketId);
  const body = await readBody(c.req);
  const prefixes = stringArray(body, "prefixes", { required: true, minItems: 1 })!;
  if (prefixes.length > MAX_OBJECTS_PER_REQUEST) {
    throw ERRORS.invalidRequest(
      `Bulk object requests are limited to ${MAX_OBJECTS_PER_REQUEST} objects per request.`,
    );
  }
  const deleted = await asCaller(sc.db, c.caller, async (tx) => {
    const { rows } = await tx.query<ObjectRow>(
      `delete from storage.objects where bucket_id = $1 and name = any($2::text[]) returning ${OBJECT_COLUMNS}`,
      [bucketId, prefixes],
    );
    return rows;
  });
  await Promise.all(deleted.map((row) => sc.files.removeVersion(bucketId, row.version)));
  sendJson(c.res, 200, deleted);
}

/** DELETE /object/{bucket}/{key}. */
export async function removeObject(sc: StorageContext, c: StorageCall, target: ObjectTarget) {
  mustBeValidBucketName(target.bucketId);
  await findObject(sc, null, target.bucketId, target.key);
  const version = await asCaller(sc.db, c.caller, async (tx) => {
    const { rows } = await tx.query<{ version: string | null }>(
      "delete from storage.objects where bucket_id = $1 and name = $2 returning version",
      [target.bucketId, target.key],
    );
    if (!rows[0]) throw ERRORS.accessDenied("Access denied");
    return rows[0].version;
  });
  await sc.files.removeVersion(target.bucketId, version);
  sendJson(c.res, 200, { message: "Successfully deleted" });
}

interface TransferBody {
  bucketId: string;
  sourceKey: string;
  destinationBucket: string;
  destinationKey: string;
}

function transferBody(body: Body): TransferBody {
  const bucketId = requiredString(body, "bucketId");
  const sourceKey = requiredString(body, "sourceKey");
  const destinationKey = requiredString(body, "destinationKey");
  const destinationBucket = optionalString(body, "destinationBucket") || bucketId;
  mustBeValidBucketName(bucketId);
  mustBeValidBucketName(destinationBucket);
  mustBeValidKey(sourceKey);
  mustBeValidKey(destinationKey);
  return { bucketId, sourceKey, destinationBucket, destinationKey };
}

/** POST /object/move: renames an object (possibly into another bucket); RLS must allow reading and updating it. */
export async function moveObject(sc: StorageContext, c: StorageCall) {
  const { caller } = c;
  const t = transferBody(await readBody(c.req));
  if (t.destinationBucket !== t.bucketId) await findBucket(sc.db, t.destinationBucket);
  const crossBucket = t.destinationBucket !== t.bucketId;
  const newVersion = randomUUID();
  const state: { linked?: string } = {};
  try {
    const moved = await transaction(sc.db, async (tx) => {
      // Both keys locked in a stable order, so two crossing moves cannot deadlock.
      const keys = [`${t.bucketId}/${t.sourceKey}`, `${t.destinationBucket}/${t.destinationKey}`].sort();
      for (const k of keys) await lockObjectKey(tx, k.slice(0, k.indexOf("/")), k.slice(k.indexOf("/") + 1));
      await enterCallerScope(tx, caller);
      const source = await tx.query<{ id: string; version: string | null }>(
        "select id, version from storage.objects where bucket_id = $1 and name = $2",
        [t.bucketId, t.sourceKey],
      );
      const sourceRow = source.rows[0];
      if (!sourceRow) throw ERRORS.noSuchKey();
      if (crossBucket && sourceRow.version) {
        state.linked = await sc.files.duplicate(
          t.bucketId,
          sourceRow.version,
          t.destinationBucket,
          newVersion,
        );
      }
      const { owner, owner_id } = ownerColumns(caller.owner);
      const updated = await tx.query<{ id: string }>(
        `update storage.objects
            set bucket_id = $3, name = $4, version = $5, updated_at = now(),
                owner = coalesce($6, owner), owner_id = coalesce($7, owner_id)
          where bucket_id = $1 and name = $2
          returning id`,
        [
          t.bucketId,
          t.sourceKey,
          t.destinationBucket,
          t.destinationKey,
          state.linked ? newVersion : sourceRow.version,
          owner,
          owner_id,
        ],
      );
      if (!updated.rows[0]) throw ERRORS.noSuchKey();
      return { id: updated.rows[0].id, oldVersion: sourceRow.version };
    });
    if (state.linked) await sc.files.removeVersion(t.bucketId, moved.oldVersion);
    sendJson(c.res, 200, { message: "Successfully moved", Id: moved.id, Key: t.destinationKey });
  } catch (err) {
    await sc.files.discard(state.linked);
    throw err;
  }
}

/** POST /object/copy: a new object with the source's bytes; reading the source and writing the copy both go
 * through RLS. `x-upsert: true` replaces an existing destination. */
export async function copyObject(sc: StorageContext, c: StorageCall) {
  const { caller, req } = c;
  const body = await readBody(req);
  const t = transferBody(body);
  const copyMetadata = optionalBoolean(body, "copyMetadata") ?? true;
  const overrides =
    body.metadata !== undefined && body.metadata !== null && typeof body.metadata === "object"
      ? (body.metadata as Body)
      : {};
  const upsert = req.headers["x-upsert"] === "true";
  await findBucket(sc.db, t.destinationBucket);
  const source = await findObject(sc, caller, t.bucketId, t.sourceKey);

  const metadata = { ...(source.metadata ?? {}) };
  if (!copyMetadata) {
    if (typeof overrides.cacheControl === "string") metadata.cacheControl = overrides.cacheControl;
    if (typeof overrides.mimetype === "string") metadata.mimetype = overrides.mimetype;
  }
  const userMetadata = copyMetadata
    ? (source.user_metadata ?? undefined)
    : parseMetadataHeader(req.headers["x-metadata"]);
  const write = {
    bucketId: t.destinationBucket,
    name: t.destinationKey,
    upsert,
    owner: caller.owner,
    metadata,
    userMetadata,
  };
  await canUpload(sc, caller, write);
  const tmpFile = await sc.files.tempPath();
  try {
    await sc.files.copyToTemp(t.bucketId, source.version, tmpFile);
  } catch (err) {
    await sc.files.discard(tmpFile);
    throw err;
  }
  write.metadata = { ...metadata, lastModified: new Date().toISOString() };
  const id = await commitObject(sc, caller, write, tmpFile);
  const { rows } = await superuserQuery<ObjectRow>(
    sc.db,
    `select ${OBJECT_COLUMNS} from storage.objects where id = $1`,
    [id],
  );
  sendJson(c.res, 200, { Id: id, Key: `${t.destinationBucket}/${t.destinationKey}`, ...rows[0] });
}
