// Storage's error vocabulary and its wire shape `{statusCode, code, error, message}`. Like Supabase Storage, a
// client error travels with HTTP 400 and its real meaning in `statusCode` (a legacy choice Supabase keeps), server
// faults with 500, and a few errors (role checks, ranges, unknown routes) with their own HTTP status.
import type { DatabaseError } from "pg";

export class StorageError extends Error {
  constructor(
    readonly code: string,
    /** The semantic status, sent as the string `statusCode`. */
    readonly statusCode: number,
    message: string,
    /** The legacy `error` field; defaults to the code. */
    readonly errorName?: string,
    /** HTTP status when it differs from Storage's default (500 for 500, else 400). */
    readonly httpStatus?: number,
  ) {
    super(message);
  }

  get status(): number {
    return this.httpStatus ?? (this.statusCode === 500 ? 500 : 400);
  }

  render() {
    return {
      statusCode: String(this.statusCode),
      code: this.code,
      error: this.errorName ?? this.code,
      message: this.message,
    };
  }
}

export const ERRORS = {
  noSuchBucket: () => new StorageError("NoSuchBucket", 404, "Bucket not found", "Bucket not found"),
  noSuchKey: () => new StorageError("NoSuchKey", 404, "Object not found", "not_found"),
  /** What the asset renderer answers when the row exists but the bytes do not. */
  resourceNotFound: () => new StorageError("NoSuchKey", 404, "The resource was not found", "Not found"),
  invalidKey: (key: string) => new StorageError("InvalidKey", 400, `Invalid key: ${key}`),
  invalidBucketName: () => new StorageError("InvalidBucketName", 400, "Bucket name invalid", "Invalid Input"),
  accessDenied: (message = "Access denied", httpStatus?: number) =>
    new StorageError("AccessDenied", 403, message, "Unauthorized", httpStatus),
  invalidJwt: (message = "Invalid JWT") => new StorageError("InvalidJWT", 400, message),
  invalidSignature: (message = "Invalid signature") => new StorageError("InvalidSignature", 400, message),
  expiredSignature: () => new StorageError("ExpiredToken", 400, "The provided token has expired."),
  keyAlreadyExists: () =>
    new StorageError("KeyAlreadyExists", 409, "The resource already exists", "Duplicate"),
  bucketAlreadyExists: () =>
    new StorageError("BucketAlreadyExists", 409, "The resource already exists", "Duplicate"),
  resourceAlreadyExists: () =>
    new StorageError("ResourceAlreadyExists", 409, "The resource already exists", "Duplicate"),
  bucketNotEmpty: () =>
    new StorageError("ResourceNotEmpty", 409, "The bucket you tried to delete is not empty"),
  entityTooLarge: (entity = "object", limit = "the maximum allowed size") =>
    new StorageError("EntityTooLarge", 413, `The ${entity} exceeded ${limit}`, "Payload too large"),
  invalidMimeType: (mimeType: string) =>
    new StorageError("InvalidMimeType", 415, `mime type ${mimeType} is not supported`, "invalid_mime_type"),
  invalidRequest: (message = "Invalid Request") => new StorageError("InvalidRequest", 400, message),
  validation: (message: string) => new StorageError("InvalidRequest", 400, message, "Bad Request"),
  noContentProvided: (message = "No content provided") => new StorageError("InvalidRequest", 400, message),
  invalidFileSizeLimit: () =>
    new StorageError("InvalidRequest", 400, "Invalid file size format, hint: use 20GB / 20MB / 30KB / 3B"),
  invalidParameter: (name: string, message?: string) =>
    new StorageError("InvalidParameter", 400, message ?? `Invalid Parameter ${name}`),
  invalidRange: () => new StorageError("InvalidRange", 416, "invalid range provided", "invalid_range", 416),
  resourceReferenced: (message: string) => new StorageError("ResourceReferenced", 409, message),
  relatedResourceNotFound: () =>
    new StorageError("InvalidRequest", 404, "The related resource does not exist"),
  databaseTimeout: () =>
    new StorageError("DatabaseTimeout", 544, "The connection to the database timed out", undefined, 544),
  databaseError: (code: string) => new StorageError("DatabaseError", 500, `database error, code: ${code}`),
  internal: () => new StorageError("InternalError", 500, "Internal server error", "Internal"),
  routeNotFound: (method: string, url: string) =>
    new StorageError("InvalidRequest", 404, `Route ${method}:${url} not found`, "Not Found", 404),
};

function isDatabaseError(err: unknown): err is DatabaseError {
  return err instanceof Error && typeof (err as { code?: unknown }).code === "string" && "severity" in err;
}

/** Postgres errors as Storage reports them (RLS denials, unique and foreign key violations, timeouts). */
export function fromDatabaseError(err: unknown): unknown {
  if (!isDatabaseError(err)) return err;
  switch (err.code) {
    case "42501":
      return ERRORS.accessDenied(
        err.message.includes("row-level security")
          ? "new row violates row-level security policy"
          : err.message,
      );
    case "23505":
      return ERRORS.resourceAlreadyExists();
    case "23503":
      return err.detail?.includes("is still referenced from table")
        ? ERRORS.resourceReferenced(
            "The resource could not be updated or removed due to a foreign key constraint",
          )
        : ERRORS.relatedResourceNotFound();
    case "57014":
      return ERRORS.databaseTimeout();
    case "22P02":
      return ERRORS.invalidParameter(
        "value",
        err.message || "Invalid value format or type conversion failed",
      );
    default:
      return ERRORS.databaseError(err.code ?? "unknown");
  }
}
