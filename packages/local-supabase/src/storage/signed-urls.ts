// Signed URLs: a JWT signed with the platform key, bound to one `bucket/key` and one action (download or upload)
// and an expiry. Creating a download URL is authorized like a read (RLS select), an upload URL like a write;
// using either needs no other credential.
import type { JWTPayload } from "jose";
import { sendJson } from "../http";
import type { Call } from "../router";
import { asCaller } from "./db";
import { serveObject } from "./download";
import { ERRORS } from "./errors";
import { findObject, MAX_OBJECTS_PER_REQUEST } from "./objects";
import { readBody, requiredInteger, stringArray } from "./request-body";
import type { ObjectTarget, StorageCall, StorageContext } from "./storage-context";
import { canUpload, parseMetadataHeader, uploadFromRequest } from "./upload";
import { mustBeValidBucketName, mustBeValidKey } from "./validation";

const UPLOAD_URL_TTL_SECONDS = 2 * 60 * 60;
// jose and Date must still be able to represent the expiry.
const MAX_EXPIRES_IN = Math.floor(Number.MAX_SAFE_INTEGER / 1000) - Math.floor(Date.now() / 1000) - 1;

type Scope = "download" | "upload";

function expiresInFrom(body: Record<string, unknown>): number {
  const expiresIn = requiredInteger(body, "expiresIn", 1);
  if (expiresIn > MAX_EXPIRES_IN) throw ERRORS.invalidParameter("expiresIn");
  return expiresIn;
}

/** Verifies the request's signed-URL token (`?token=`) for `bucket/key` and the action; the errors are Storage's. */
async function verifySignedToken(sc: StorageContext, c: Call<null>, target: ObjectTarget, scope: Scope) {
  mustBeValidBucketName(target.bucketId);
  const token = c.url.searchParams.get("token");
  if (!token) throw ERRORS.validation("querystring must have required property 'token'");
  let payload: JWTPayload;
  try {
    payload = await sc.keys.verify(token);
  } catch (err) {
    throw ERRORS.invalidJwt((err as Error).message || "Invalid JWT");
  }
  // Tokens minted before scopes existed are told apart by the upload-only `upsert` claim.
  const scoped =
    payload.scope === scope || (payload.scope === undefined && "upsert" in payload === (scope === "upload"));
  if (!scoped) throw ERRORS.invalidSignature(`Token is not scoped for ${scope}`);
  if (payload.url !== `${target.bucketId}/${target.key}`) throw ERRORS.invalidSignature();
  if (typeof payload.exp !== "number" || payload.exp * 1000 < Date.now()) throw ERRORS.expiredSignature();
  return payload;
}

/** POST /object/sign/{bucket}/{key} {expiresIn} → {signedURL}. */
export async function createSignedUrl(sc: StorageContext, c: StorageCall, target: ObjectTarget) {
  mustBeValidBucketName(target.bucketId);
  const expiresIn = expiresInFrom(await readBody(c.req));
  await findObject(sc, c.caller, target.bucketId, target.key);
  const url = `${target.bucketId}/${target.key}`;
  const token = await sc.keys.sign({ url, scope: "download" }, expiresIn);
  sendJson(c.res, 200, { signedURL: `/object/sign/${url}?token=${token}` });
}

/** POST /object/sign/{bucket} {expiresIn, paths} → one entry per path, with an error for what the caller can't read. */
export async function createSignedUrls(sc: StorageContext, c: StorageCall, bucketId: string) {
  mustBeValidBucketName(bucketId);
  const body = await readBody(c.req);
  const expiresIn = expiresInFrom(body);
  const paths = stringArray(body, "paths", { required: true, minItems: 1 })!;
  if (paths.length > MAX_OBJECTS_PER_REQUEST) {
    throw ERRORS.validation(`body/paths must NOT have more than ${MAX_OBJECTS_PER_REQUEST} items`);
  }
  const visible = await asCaller(sc.db, c.caller, async (tx) => {
    const { rows } = await tx.query<{ name: string }>(
      "select name from storage.objects where bucket_id = $1 and name = any($2::text[])",
      [bucketId, paths],
    );
    return new Set(rows.map((r) => r.name));
  });
  const results = await Promise.all(
    paths.map(async (path) => {
      if (!visible.has(path)) {
        return {
          error: "Either the object does not exist or you do not have access to it",
          path,
          signedURL: null,
        };
      }
      const url = `${bucketId}/${path}`;
      const token = await sc.keys.sign({ url, scope: "download" }, expiresIn);
      return { error: null, path, signedURL: `/object/sign/${url}?token=${token}` };
    }),
  );
  sendJson(c.res, 200, results);
}

/** GET|HEAD /object/sign/{bucket}/{key}?token=… — no Authorization needed. */
export async function getSignedObject(sc: StorageContext, c: Call<null>, target: ObjectTarget) {
  const payload = await verifySignedToken(sc, c, target, "download");
  await serveObject(sc, c, {
    bucketId: target.bucketId,
    read: () => findObject(sc, null, target.bucketId, target.key),
    expires: new Date((payload.exp ?? 0) * 1000).toUTCString(),
  });
}

/** POST /object/upload/sign/{bucket}/{key} → {url, token}: authorized now as the caller's write would be. */
export async function createSignedUploadUrl(sc: StorageContext, c: StorageCall, target: ObjectTarget) {
  const { caller, req } = c;
  mustBeValidBucketName(target.bucketId);
  mustBeValidKey(target.key);
  const upsert = req.headers["x-upsert"] === "true";
  const contentLength = Number(req.headers["content-length"]);
  await canUpload(sc, caller, {
    bucketId: target.bucketId,
    name: target.key,
    upsert,
    owner: caller.owner,
    metadata: {
      mimetype: req.headers["content-type"],
      contentLength: Number.isFinite(contentLength) ? contentLength : undefined,
    },
    userMetadata: parseMetadataHeader(req.headers["x-metadata"]),
  });
  const url = `${target.bucketId}/${target.key}`;
  const token = await sc.keys.sign(
    { owner: caller.owner, url, upsert, scope: "upload" },
    UPLOAD_URL_TTL_SECONDS,
  );
  sendJson(c.res, 200, { url: `/object/upload/sign/${url}?token=${token}`, token });
}

/** PUT /object/upload/sign/{bucket}/{key}?token=…: the upload the token was issued for, owned by its issuer. */
export async function uploadToSignedUrl(sc: StorageContext, c: Call<null>, target: ObjectTarget) {
  const payload = await verifySignedToken(sc, c, target, "upload");
  const id = await uploadFromRequest(sc, c.req, {
    bucketId: target.bucketId,
    key: target.key,
    upsert: payload.upsert === true,
    owner: typeof payload.owner === "string" ? payload.owner : undefined,
    caller: null,
  });
  sendJson(c.res, 200, { Id: id, Key: `${target.bucketId}/${target.key}` });
}
