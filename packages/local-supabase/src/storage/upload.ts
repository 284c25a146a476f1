// Uploads (POST/PUT /object/{bucket}/{key}, signed uploads, copies): multipart or raw bodies streamed to a temp
// file, then one transaction that writes the storage.objects row as the caller (RLS decides) and renames the
// file into place. Either both the row and the bytes exist, or neither does.
import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { Readable } from "node:stream";
import busboy from "busboy";
import { sendJson } from "../http";
import type { Caller } from "./auth";
import {
  enterCallerScope,
  leaveCallerScope,
  lockObjectKey,
  testPermission,
  transaction,
  type Tx,
} from "./db";
import { ERRORS, StorageError } from "./errors";
import {
  findBucket,
  ownerColumns,
  type ObjectMetadata,
  type ObjectTarget,
  type StorageCall,
  type StorageContext,
} from "./storage-context";
import {
  assertMimeTypeAllowed,
  isEmptyFolderPlaceholder,
  mustBeValidBucketName,
  mustBeValidKey,
} from "./validation";

const MAX_USER_METADATA_BYTES = 1024 * 1024;

interface Incoming {
  stream: Readable;
  mimeType: string;
  cacheControl: string;
  userMetadata: Record<string, unknown> | undefined;
  declaredLength: number | undefined;
}

export interface ObjectWrite {
  bucketId: string;
  name: string;
  upsert: boolean;
  owner: string | undefined;
  metadata: Partial<ObjectMetadata>;
  userMetadata: Record<string, unknown> | undefined;
}

function declaredLength(req: IncomingMessage): number | undefined {
  const n = Number(req.headers["content-length"]);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

function parseJsonObject(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === "object" && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** `x-metadata` is base64(JSON) on raw uploads; unparseable metadata is ignored, as Storage does. */
export function parseMetadataHeader(
  value: string | string[] | undefined,
): Record<string, unknown> | undefined {
  if (typeof value !== "string") return undefined;
  return parseJsonObject(Buffer.from(value, "base64").toString("utf8"));
}

function readRaw(req: IncomingMessage): Incoming {
  if (req.readableEnded || req.destroyed)
    throw ERRORS.noContentProvided("Request stream closed before upload could begin");
  return {
    stream: req,
    mimeType: req.headers["content-type"] || "application/octet-stream",
    cacheControl: req.headers["cache-control"] ?? "no-cache",
    userMetadata: parseMetadataHeader(req.headers["x-metadata"]),
    declaredLength: declaredLength(req),
  };
}

/** Reads the form's fields up to the first file part and hands over that part's stream unread. */
function readMultipart(req: IncomingMessage, aborted: AbortSignal): Promise<Incoming> {
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: req.headers,
      limits: { fields: 10, files: 1, parts: 20, fieldSize: MAX_USER_METADATA_BYTES + 1 },
    });
  } catch (err) {
    return Promise.reject(ERRORS.noContentProvided((err as Error).message));
  }
  return new Promise<Incoming>((resolve, reject) => {
    const fields: Record<string, string> = {};
    let file: Readable | undefined;
    let failure: StorageError | undefined;
    parser.on("field", (name, value, info) => {
      if (info.valueTruncated && (name === "metadata" || name === "userMetadata")) {
        failure ??= ERRORS.entityTooLarge("user_metadata");
      }
      fields[name] = value;
    });
    parser.on("file", (_name, stream, info) => {
      if (file) return void stream.resume();
      file = stream;
      // Until the upload reads it, a parse error must not go unheard (an unhandled 'error' ends the process).
      stream.on("error", () => {});
      stream.pause();
      if (failure) {
        stream.resume();
        return reject(failure);
      }
      resolve({
        stream,
        mimeType: fields.contentType || info.mimeType,
        cacheControl: fields.cacheControl ? `max-age=${fields.cacheControl}` : "no-cache",
        userMetadata: parseJsonObject(fields.metadata ?? fields.userMetadata),
        declaredLength: declaredLength(req),
      });
    });
    parser.on("error", (err: Error) => {
      if (file) file.destroy(err);
      else reject(ERRORS.noContentProvided(err.message));
    });
    parser.on("close", () => {
      if (!file) reject(ERRORS.noContentProvided());
    });
    aborted.addEventListener(
      "abort",
      () => {
        if (!file) reject(ERRORS.noContentProvided("Request stream closed before upload could begin"));
      },
      { once: true },
    );
    req.pipe(parser);
  });
}

const INSERT_OBJECT = `
  insert into storage.objects (id, bucket_id, name, owner, owner_id, metadata, user_metadata, version)
  values ($1, $2, $3, $4, $5, $6, $7, $8)`;

function upsertObjectSql(write: ObjectWrite): string {
  // Like Storage, an upsert keeps the previous owner / user metadata when the new write has none.
  const sets = ["metadata = excluded.metadata", "version = excluded.version", "updated_at = now()"];
  if (write.owner !== undefined) sets.push("owner = excluded.owner", "owner_id = excluded.owner_id");
  if (write.userMetadata !== undefined) sets.push("user_metadata = excluded.user_metadata");
  return `${INSERT_OBJECT} on conflict (bucket_id, name) do update set ${sets.join(", ")}`;
}

async function writeObjectRow(tx: Tx, write: ObjectWrite, version: string): Promise<void> {
  const { owner, owner_id } = ownerColumns(write.owner);
  const values = [
    randomUUID(),
    write.bucketId,
    write.name,
    owner,
    owner_id,
    JSON.stringify(write.metadata),
    write.userMetadata === undefined ? null : JSON.stringify(write.userMetadata),
    version,
  ];
  // No RETURNING: an insert needs only an INSERT policy, as in Storage.
  await tx.query(write.upsert ? upsertObjectSql(write) : INSERT_OBJECT, values);
}

function asKeyConflict(err: unknown): unknown {
  return err instanceof StorageError && err.code === "ResourceAlreadyExists"
    ? ERRORS.keyAlreadyExists()
    : err;
}

/** Asks RLS (in a rolled-back transaction) whether the caller may write this object, before any byte is read. */
export async function canUpload(
  sc: StorageContext,
  caller: Caller | null,
  write: ObjectWrite,
): Promise<void> {
  const attempt = (tx: Tx) => writeObjectRow(tx, write, "1");
  try {
    if (caller) await testPermission(sc.db, caller, attempt);
    else await transaction(sc.db, attempt, { rollback: true });
  } catch (err) {
    throw asKeyConflict(err);
  }
}

/**
 * Makes a fully received temp file the object's current version: row written as the caller, file renamed into
 * place, both under one transaction and a per-key lock; the previous version's bytes go after the commit.
 */
export async function commitObject(
  sc: StorageContext,
  caller: Caller | null,
  write: ObjectWrite,
  tmpFile: string,
): Promise<string> {
  const version = randomUUID();
  let placed: string | undefined;
  try {
    const { id, previousVersion } = await transaction(sc.db, async (tx) => {
      await lockObjectKey(tx, write.bucketId, write.name);
      const existing = await tx.query<{ version: string | null }>(
        "select version from storage.objects where bucket_id = $1 and name = $2",
        [write.bucketId, write.name],
      );
      if (caller) await enterCallerScope(tx, caller);
      await writeObjectRow(tx, write, version);
      if (caller) await leaveCallerScope(tx);
      const row = await tx.query<{ id: string }>(
        "select id from storage.objects where bucket_id = $1 and name = $2",
        [write.bucketId, write.name],
      );
      placed = await sc.files.place(tmpFile, write.bucketId, version);
      return { id: row.rows[0]!.id, previousVersion: existing.rows[0]?.version ?? null };
    });
    if (previousVersion && previousVersion !== version)
      await sc.files.removeVersion(write.bucketId, previousVersion);
    return id;
  } catch (err) {
    await sc.files.discard(placed ?? tmpFile);
    throw asKeyConflict(err);
  }
}

export interface UploadRequest {
  bucketId: string;
  key: string;
  upsert: boolean;
  owner: string | undefined;
  /** null: the signed-upload route, authorized by its token instead of RLS. */
  caller: Caller | null;
}

/** The whole upload: validation, limits, RLS pre-check, streaming, commit. Returns the object id. */
export async function uploadFromRequest(
  sc: StorageContext,
  req: IncomingMessage,
  upload: UploadRequest,
): Promise<string> {
  mustBeValidBucketName(upload.bucketId);
  mustBeValidKey(upload.key);
  const bucket = await findBucket(sc.db, upload.bucketId);
  const placeholder = isEmptyFolderPlaceholder(upload.key);
  const maxSize = placeholder
    ? 0
    : Math.min(bucket.file_size_limit ?? Number.POSITIVE_INFINITY, sc.maxFileSize);

  const aborted = new AbortController();
  const onClose = () => {
    if (!req.complete) aborted.abort();
  };
  req.once("close", onClose);
  let incoming: Incoming | undefined;
  try {
    const isMultipart = (req.headers["content-type"] ?? "").toLowerCase().startsWith("multipart/form-data");
    incoming = isMultipart ? await readMultipart(req, aborted.signal) : readRaw(req);
    if (bucket.allowed_mime_types && bucket.allowed_mime_types.length > 0 && !placeholder) {
      assertMimeTypeAllowed(incoming.mimeType, bucket.allowed_mime_types);
    }
    // A raw body's declared length is its size: refuse before reading it.
    if (!isMultipart && incoming.declaredLength !== undefined && incoming.declaredLength > maxSize) {
      throw ERRORS.entityTooLarge();
    }
    const write: ObjectWrite = {
      bucketId: upload.bucketId,
      name: upload.key,
      upsert: upload.upsert,
      owner: upload.owner,
      metadata: { mimetype: incoming.mimeType, contentLength: incoming.declaredLength },
      userMetadata: incoming.userMetadata,
    };
    await canUpload(sc, upload.caller, write);

    const tmpFile = await sc.files.tempPath();
    let received;
    try {
      received = await sc.files.receive(incoming.stream, tmpFile, maxSize, aborted.signal);
    } catch (err) {
      await sc.files.discard(tmpFile);
      throw err;
    }
    write.metadata = {
      eTag: `"${received.md5}"`,
      size: received.size,
      mimetype: incoming.mimeType,
      cacheControl: incoming.cacheControl,
      lastModified: new Date().toISOString(),
      contentLength: received.size,
      httpStatusCode: 200,
    };
    write.userMetadata = incoming.userMetadata ?? {};
    return await commitObject(sc, upload.caller, write, tmpFile);
  } catch (err) {
    // Whatever of the body is still unread is drained (and the connection closed by the router).
    incoming?.stream.resume();
    throw err;
  } finally {
    req.off("close", onClose);
  }
}

/** POST /object/{bucket}/{key} creates (`x-upsert: true` replaces), PUT replaces; the caller owns the object. */
export async function createObject(sc: StorageContext, c: StorageCall, target: ObjectTarget) {
  const id = await uploadFromRequest(sc, c.req, {
    ...target,
    upsert: c.req.method === "PUT" || c.req.headers["x-upsert"] === "true",
    owner: c.caller.owner,
    caller: c.caller,
  });
  sendJson(c.res, 200, { Id: id, Key: `${target.bucketId}/${target.key}` });
}
