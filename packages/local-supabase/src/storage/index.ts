// The local Storage service at /storage/v1, wire-compatible with Supabase Storage as storage-js calls it: buckets,
// object upload (multipart and raw, streamed to disk), download, info, signed URLs, remove, list, move, copy.
// Object rows live in storage.objects under RLS, bytes under <dataDir>/storage.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { PlatformContext, PlatformService } from "../context";
import { HttpError, sendJson } from "../http";
import { authenticate } from "./auth";
import { createBucket, deleteBucket, emptyBucket, getBucket, listBuckets, updateBucket } from "./buckets";
import { ERRORS, StorageError } from "./errors";
import { ObjectFiles } from "./files";
import {
  copyObject,
  getObject,
  getObjectInfo,
  getPublicObject,
  listObjects,
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
import type { StorageContext } from "./storage-context";
import { uploadFromRequest } from "./upload";
import { decodePathPart, hasAmbiguousPath } from "./validation";

type Handler = () => Promise<void>;

function bucketPart(raw: string): string {
  return decodePathPart(raw, () => ERRORS.invalidBucketName());
}

function keyPart(parts: string[]): string {
  const raw = parts.join("/");
  return decodePathPart(raw, () => ERRORS.invalidKey(raw));
}

/** Picks the handler for a request, mirroring Storage's routes (static segments win per method). */
function route(
  sc: StorageContext,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  url: URL,
): Handler | null {
  const method = req.method ?? "GET";
  const [area, ...rest] = path.split("/").slice(1);
  const n = rest.length;

  if (area === "bucket") {
    if (n === 0 || (n === 1 && rest[0] === "")) {
      if (method === "GET") return () => listBuckets(sc, req, res, url);
      if (method === "POST") return () => createBucket(sc, req, res);
      return null;
    }
    const id = bucketPart(rest[0]!);
    if (n === 1) {
      if (method === "GET") return () => getBucket(sc, req, res, id);
      if (method === "PUT") return () => updateBucket(sc, req, res, id);
      if (method === "DELETE") return () => deleteBucket(sc, req, res, id);
    }
    if (n === 2 && rest[1] === "empty" && method === "POST") return () => emptyBucket(sc, req, res, id);
    return null;
  }
  if (area !== "object" || n === 0) return null;

  const [first = "", second = "", ...more] = rest;
  const head = method === "HEAD";
  const objectIn = (bucketRaw: string, keyParts: string[]) => ({
    bucketId: bucketPart(bucketRaw),
    key: keyPart(keyParts),
  });

  if (method === "POST") {
    if (first === "list" && n === 2) return () => listObjects(sc, req, res, bucketPart(second));
    if (first === "move" && n === 1) return () => moveObject(sc, req, res);
    if (first === "copy" && n === 1) return () => copyObject(sc, req, res);
    if (first === "sign" && n === 2) return () => createSignedUrls(sc, req, res, bucketPart(second));
    if (first === "sign" && n >= 3) return () => createSignedUrl(sc, req, res, objectIn(second, more));
    if (first === "upload" && second === "sign" && n >= 4) {
      return () => createSignedUploadUrl(sc, req, res, objectIn(more[0]!, more.slice(1)));
    }
  }
  if (method === "PUT" && first === "upload" && second === "sign" && n >= 4) {
    return () => uploadToSignedUrl(sc, req, res, url, objectIn(more[0]!, more.slice(1)));
  }
  if (method === "GET" || head) {
    if (first === "sign" && n >= 3)
      return () => getSignedObject(sc, req, res, url, { ...objectIn(second, more), head });
    if (first === "public" && n >= 3)
      return () => getPublicObject(sc, req, res, url, { ...objectIn(second, more), head });
    if (first === "authenticated" && n >= 3) {
      return () => getObject(sc, req, res, url, { ...objectIn(second, more), requireAuth: true, head });
    }
    if (method === "GET" && first === "info") {
      if ((second === "public" || second === "authenticated") && more.length >= 2) {
        const target = objectIn(more[0]!, more.slice(1));
        return () => getObjectInfo(sc, req, res, { ...target, mode: second });
      }
      if (n >= 3) return () => getObjectInfo(sc, req, res, { ...objectIn(second, more), mode: "any" });
    }
  }

  if (n === 1) {
    return method === "DELETE" ? () => removeObjects(sc, req, res, bucketPart(first)) : null;
  }
  const target = () => objectIn(first, rest.slice(1));
  switch (method) {
    case "GET":
    case "HEAD":
      return () => getObject(sc, req, res, url, { ...target(), requireAuth: false, head });
    case "POST":
    case "PUT": {
      const isUpdate = method === "PUT";
      return async () => {
        const { bucketId, key } = target();
        const caller = await authenticate(req, sc.keys);
        const id = await uploadFromRequest(sc, req, {
          bucketId,
          key,
          upsert: isUpdate || req.headers["x-upsert"] === "true",
          owner: caller.owner,
          caller,
        });
        sendJson(res, 200, { Id: id, Key: `${bucketId}/${key}` });
      };
    }
    case "DELETE":
      return () => removeObject(sc, req, res, target());
    default:
      return null;
  }
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

export function createStorageService(ctx: PlatformContext): PlatformService {
  const files = new ObjectFiles(ctx.dataDir);
  files.sweepStaleTemp().catch((err: Error) => ctx.log(`[storage] temp sweep failed: ${err.message}`));
  const sc: StorageContext = {
    db: ctx.db,
    keys: ctx.keys,
    files,
    maxFileSize: ctx.config.storage.maxFileSize,
    log: ctx.log,
  };

  return {
    handle: async (req, res, path, url) => {
      const where = `${req.method} ${path}`;
      try {
        // URL parsing already resolved "." / ".." segments and turned "\" into "/"; a key never contains them,
        // so a request that relied on that is refused rather than served from a different key.
        const rawPath = (req.url ?? "").split("?")[0] ?? "";
        if (hasAmbiguousPath(rawPath)) throw ERRORS.invalidKey(rawPath);
        const handler = route(sc, req, res, path, url);
        if (!handler) throw ERRORS.routeNotFound(req.method ?? "GET", `${path}${url.search}`);
        await handler();
      } catch (err) {
        sendError(sc, req, res, err, where);
      }
    },
    close: () => files.removeOwnTemp().catch(() => {}),
  };
}
