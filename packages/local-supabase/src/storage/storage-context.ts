// What every Storage route works with: the database, the signing keys, the files on disk, the global size limit,
// plus the row shapes and lookups shared by bucket and object routes.
import type { PlatformKeys } from "../keys";
import type { Call } from "../router";
import type { Caller } from "./auth";
import { type Db, superuserQuery } from "./db";
import { ERRORS } from "./errors";
import type { ObjectFiles } from "./files";

export interface StorageContext {
  db: Db;
  keys: PlatformKeys;
  files: ObjectFiles;
  /** Upper bound for any upload and any bucket's file_size_limit (Storage's global FILE_SIZE_LIMIT). */
  maxFileSize: number;
  log: (message: string) => void;
}

/** A route call whose authentication established a caller (a valid JWT, or anonymous where routes allow it). */
export type StorageCall = Call<Caller>;

/** The object a route names: `:bucket` and the rest of the path, decoded. */
export interface ObjectTarget {
  bucketId: string;
  key: string;
}

export interface BucketLimits {
  id: string;
  public: boolean;
  file_size_limit: number | null;
  allowed_mime_types: string[] | null;
}

/** Bucket lookup as the superuser (Storage resolves buckets before RLS decides on objects). */
export async function findBucket(db: Db, bucketId: string): Promise<BucketLimits> {
  const { rows } = await superuserQuery<{
    id: string;
    public: boolean;
    file_size_limit: string | null;
    allowed_mime_types: string[] | null;
  }>(db, "select id, public, file_size_limit, allowed_mime_types from storage.buckets where id = $1", [
    bucketId,
  ]);
  const row = rows[0];
  if (!row) throw ERRORS.noSuchBucket();
  return { ...row, file_size_limit: row.file_size_limit === null ? null : Number(row.file_size_limit) };
}

export interface ObjectMetadata {
  eTag: string;
  size: number;
  mimetype: string;
  cacheControl: string;
  lastModified: string;
  contentLength: number;
  httpStatusCode: number;
}

export interface ObjectRow {
  id: string;
  bucket_id: string;
  name: string;
  owner: string | null;
  owner_id: string | null;
  version: string | null;
  metadata: Partial<ObjectMetadata> | null;
  user_metadata: Record<string, unknown> | null;
  created_at: Date;
  updated_at: Date;
  last_accessed_at: Date;
}

/** The columns Storage returns for an object (its `objectSchema`). */
export const OBJECT_COLUMNS =
  "id, bucket_id, name, owner, owner_id, version, metadata, user_metadata, created_at, updated_at, last_accessed_at";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `owner` is a uuid column (set only for uuid subjects); `owner_id` keeps any subject as text. */
export function ownerColumns(owner: string | undefined): { owner: string | null; owner_id: string | null } {
  return { owner: owner && UUID.test(owner) ? owner : null, owner_id: owner ?? null };
}
