// Input rules of Storage: object keys, bucket names, size limits ("50MB"), MIME type lists. Keys use Storage's
// S3-safe character set, and on top of it no segment may be empty, "." or ".." so a key can never be read as a
// path that leaves its bucket.
import { ERRORS } from "./errors";

const VALID_OBJECT_KEY = /^[A-Za-z0-9_/!.*'() &$=@;:+,?-]*$/;
const VALID_BUCKET_NAME = /^[A-Za-z0-9_!.*'() &$=@;:+,?-]*$/;
export const MAX_KEY_LENGTH = 1024;

export function isValidKey(key: string): boolean {
  if (key.length === 0 || key.length > MAX_KEY_LENGTH || !VALID_OBJECT_KEY.test(key)) return false;
  return key.split("/").every((segment) => segment !== "" && segment !== "." && segment !== "..");
}

export function mustBeValidKey(key: unknown): asserts key is string {
  if (typeof key !== "string" || !isValidKey(key))
    throw ERRORS.invalidKey(typeof key === "string" ? key : "");
}

export function isValidBucketName(name: string): boolean {
  return name.length > 0 && name.length < 101 && VALID_BUCKET_NAME.test(name);
}

export function mustBeValidBucketName(name: unknown): asserts name is string {
  if (typeof name !== "string" || !isValidBucketName(name)) throw ERRORS.invalidBucketName();
}

/** Decodes a URL path part; malformed escapes are the client's error. */
export function decodePathPart(raw: string, onError: () => Error): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw onError();
  }
}

/** True when a raw request path contains a dot segment (literal or percent-encoded) or a backslash, which URL
 * normalization would silently resolve; Storage keys never contain them, so such a request is refused. */
export function hasAmbiguousPath(rawPath: string): boolean {
  if (rawPath.includes("\\") || /%5c/i.test(rawPath)) return true;
  return rawPath.split("/").some((segment) => {
    const s = segment.toLowerCase().replace(/%2e/g, ".");
    return s === "." || s === "..";
  });
}

/** Object names ending in this are folder placeholders the dashboard creates: always empty. */
export function isEmptyFolderPlaceholder(name: string): boolean {
  return name.endsWith(".emptyFolderPlaceholder");
}

const SIZE_WITH_UNIT = /^([0-9]+(?:\.[0-9]+)?)(gb|mb|kb|b)$/i;

/** "50MB"-style limits are decimal units, as Storage parses them. */
export function parseFileSizeToBytes(value: string): number {
  const match = SIZE_WITH_UNIT.exec(value);
  if (!match) throw ERRORS.invalidFileSizeLimit();
  const amount = Number(Number.parseFloat(match[1]!).toPrecision(3));
  const unit = match[2]!.toUpperCase();
  const factor = unit === "GB" ? 1e9 : unit === "MB" ? 1e6 : unit === "KB" ? 1e3 : 1;
  return Math.round(amount * factor);
}

const ALLOWED_MIME_ENTRY = /^([a-zA-Z0-9\-+.]+)\/([a-zA-Z0-9\-+.]+)(;\s*charset=[a-zA-Z0-9-]+)?$|\*$/;

export function validateAllowedMimeTypes(types: string[]): void {
  for (const type of types) {
    if (type.length > 1000 || !ALLOWED_MIME_ENTRY.test(type)) throw ERRORS.invalidMimeType(type);
  }
}

/** An upload's MIME type against a bucket's list; `image/*` allows every image type. */
export function assertMimeTypeAllowed(mimeType: string, allowed: string[]): void {
  const [type, subtype, ...rest] = mimeType.split("/");
  if (type === undefined || subtype === undefined || rest.length > 0) throw ERRORS.invalidMimeType(mimeType);
  for (const entry of allowed) {
    const [allowedType, allowedSubtype] = entry.split("/");
    if (allowedType === type && (allowedSubtype === "*" || allowedSubtype === subtype)) return;
  }
  throw ERRORS.invalidMimeType(mimeType);
}
