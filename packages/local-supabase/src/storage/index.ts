// The local Storage service at /storage/v1, wire-compatible with Supabase Storage as storage-js calls it: buckets,
// object upload (multipart and raw, streamed to disk), download, info, signed URLs, remove, list, move, copy.
// Object rows live in storage.objects under RLS, bytes under <dataDir>/storage.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { PlatformContext } from "../context";
import { HttpError, sendJson } from "../http";
import { defineService, routeBuilder, type Call, type Service } from "../router";
import { authenticate, requireServiceRole, type Caller } from "./auth";
import { createBucket, deleteBucket, emptyBucket, getBucket, listBuckets, updateBucket } from "./buckets";
import { ERRORS, StorageError } from "./errors";
import { ObjectFiles } from "./files";
import { listObjects, listObjectsV2 } from "./list";
import {
  copyObject,
  getObject,
  getObjectInfo,
  getPublicObject,
  moveObject,
  removeObject,
  removeObjects,
} from "./objects";
import {
  createSignedUploadUrl,
  createSignedUrl,
  createSignedUrls,
  getSignedObject,
  uploadToSignedUrl,
} from "./signed-urls";
import type { ObjectTarget, StorageContext } from "./storage-context";
import { createObject } from "./upload";
import { decodePathPart, hasAmbiguousPath } from "./validation";

/** Storage's authentication options (its route groups): registerJwtAuth, the same with enforceJwtRoles, routes
 * that read public buckets with or without a token, and the unauthenticated routes (signed URLs, public reads). */
interface StorageCallers {
  /** A valid JWT (a user's access token, or the anon / service-role key). */
  jwt: Caller;
  /** A valid JWT, or anonymous when the token is missing or invalid. */
  "jwt-or-anon": Caller;
  /** A valid JWT whose role is service_role. */
  service_role: Caller;
  /** No authentication (the route's token, or the bucket being public, authorizes). */
  none: null;
}

const route = routeBuilder<StorageCallers>();

function bucketPart(raw: string): string {
  return decodePathPart(raw, () => ERRORS.invalidBucketName());
}

/** `:bucket` and the rest of the path (`*`) of an object route, decoded. */
function objectOf(c: Call<unknown>): ObjectTarget {
  const raw = c.params["*"]!;
  return { bucketId: bucketPart(c.params.bucket!), key: decodePathPart(raw, () => ERRORS.invalidKey(raw)) };
}

const bucketOf = (c: Call<unknown>) => bucketPart(c.params.bucket!);

/** Storage's routes (its src/http/routes/{bucket,object}); a path matches its most specific route, so
 * /object/list-v2/b is a listing, never an upload into a bucket named "list-v2". */
function storageRoutes(sc: StorageContext) {
  return [
    route(["GET"], "/bucket", "jwt", (c) => listBuckets(sc, c)),
    route(["GET"], "/bucket/", "jwt", (c) => listBuckets(sc, c)),
    route(["POST"], "/bucket", "jwt", (c) => createBucket(sc, c)),
    route(["POST"], "/bucket/", "jwt", (c) => createBucket(sc, c)),
    route(["GET"], "/bucket/:bucket", "jwt", (c) => getBucket(sc, c, bucketOf(c))),
    route(["PUT"], "/bucket/:bucket", "jwt", (c) => updateBucket(sc, c, bucketOf(c))),
    route(["DELETE"], "/bucket/:bucket", "jwt", (c) => deleteBucket(sc, c, bucketOf(c))),
    route(["POST"], "/bucket/:bucket/empty", "service_role", (c) => emptyBucket(sc, c, bucketOf(c))),

    route(["POST"], "/object/list/:bucket", "jwt", (c) => listObjects(sc, c, bucketOf(c))),
    route(["POST"], "/object/list-v2/:bucket", "jwt", (c) => listObjectsV2(sc, c, bucketOf(c))),
    route(["POST"], "/object/move", "jwt", (c) => moveObject(sc, c)),
    route(["POST"], "/object/copy", "jwt", (c) => copyObject(sc, c)),
    route(["POST"], "/object/sign/:bucket", "jwt", (c) => createSignedUrls(sc, c, bucketOf(c))),
    route(["POST"], "/object/sign/:bucket/*", "jwt", (c) => createSignedUrl(sc, c, objectOf(c))),
    route(["GET", "HEAD"], "/object/sign/:bucket/*", "none", (c) => getSignedObject(sc, c, objectOf(c))),
    route(["POST"], "/object/upload/sign/:bucket/*", "jwt", (c) => createSignedUploadUrl(sc, c, objectOf(c))),
    route(["PUT"], "/object/upload/sign/:bucket/*", "none", (c) => uploadToSignedUrl(sc, c, objectOf(c))),
    route(["GET", "HEAD"], "/object/public/:bucket/*", "none", (c) => getPublicObject(sc, c, objectOf(c))),
    route(["GET", "HEAD"], "/object/authenticated/:bucket/*", "jwt", (c) => getObject(sc, c, objectOf(c))),
    route(["GET"], "/object/info/public/:bucket/*", "none", (c) => getObjectInfo(sc, c, objectOf(c))),
    route(["GET"], "/object/info/authenticated/:bucket/*", "jwt", (c) => getObjectInfo(sc, c, objectOf(c))),
    route(["GET"], "/object/info/:bucket/*", "jwt-or-anon", (c) => getObjectInfo(sc, c, objectOf(c))),
    route(["GET", "HEAD"], "/object/:bucket/*", "jwt-or-anon", (c) => getObject(sc, c, objectOf(c))),
    route(["POST", "PUT"], "/object/:bucket/*", "jwt", (c) => createObject(sc, c, objectOf(c))),
    route(["DELETE"], "/object/:bucket", "jwt", (c) => removeObjects(sc, c, bucketOf(c))),
    route(["DELETE"], "/object/:bucket/*", "jwt", (c) => removeObject(sc, c, objectOf(c))),
  ];
}

function sendError(
  sc: StorageContext,
  req: IncomingMessage,
  res: ServerResponse,
  err: unknown,
  where: string,
) {
  let error: StorageError;
  if (err instanceof StorageError) error = err;
  else if (err instanceof HttpError) error = new StorageError("InvalidRequest", err.status, err.message);
  else {
    sc.log(`[storage] ${where} failed: ${(err as Error)?.stack ?? String(err)}`);
    error = ERRORS.internal();
  }
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (!req.complete) {
    // The body was refused before it was all read (too large, not allowed). Closing at once could reset the
    // connection before the client reads this answer, so the rest is drained; a body still arriving after a
    // grace period is not worth reading, and the connection is dropped.
    res.once("finish", () => {
      req.resume();
      const timer = setTimeout(() => {
        if (!req.complete) req.socket?.destroy();
      }, 5000).unref();
      req.once("end", () => clearTimeout(timer));
    });
  }
  sendJson(res, error.status, error.render());
}

export function createStorageService(ctx: PlatformContext): Service {
  const files = new ObjectFiles(ctx.dataDir);
  files.sweepStaleTemp().catch((err: Error) => ctx.log(`[storage] temp sweep failed: ${err.message}`));
  const sc: StorageContext = {
    db: ctx.db,
    keys: ctx.keys,
    files,
    maxFileSize: ctx.config.storage.maxFileSize,
    log: ctx.log,
  };

  return defineService<StorageCallers>({
    prefix: "/storage/v1",
    routes: storageRoutes(sc),
    authenticate: {
      jwt: (req) => authenticate(req, sc.keys),
      "jwt-or-anon": (req) => authenticate(req, sc.keys, { allowInvalid: true }),
      service_role: async (req) => requireServiceRole(await authenticate(req, sc.keys)),
      none: async () => null,
    },
    // URL parsing already resolved "." / ".." segments and turned "\" into "/"; a key never contains them, so a
    // request that relied on that is refused rather than served from a different key.
    precheck: (req) => {
      const rawPath = (req.url ?? "").split("?")[0] ?? "";
      if (hasAmbiguousPath(rawPath)) throw ERRORS.invalidKey(rawPath);
    },
    notFound: (method, path, url) => ERRORS.routeNotFound(method, `${path}${url.search}`),
    renderError: (err, req, res) => sendError(sc, req, res, err, `${req.method} ${req.url}`),
    close: () => files.removeOwnTemp().catch(() => {}),
  });
}
