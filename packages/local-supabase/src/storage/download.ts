// Sends an object's bytes (or only its headers) the way Storage's asset renderer does: content type, ETag,
// Last-Modified, Cache-Control or Expires, single byte ranges, conditional 304, ?download= attachments.
// Streams from an open file handle, so a concurrent overwrite or delete never cuts a download short.
// Never serves a type a browser could run script from as itself (servedContentType).
import { pipeline } from "node:stream/promises";
import { sendJson } from "../http";
import type { Call } from "../router";
import { ERRORS } from "./errors";
import type { ObjectRow, StorageContext } from "./storage-context";

interface ByteRange {
  start: number;
  end: number;
}

function parseRange(header: string, size: number): ByteRange {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || size <= 0) throw ERRORS.invalidRange();
  const [, from, to] = match;
  if (!from && !to) throw ERRORS.invalidRange();
  if (!from) {
    const suffix = Number(to);
    if (!Number.isSafeInteger(suffix) || suffix <= 0) throw ERRORS.invalidRange();
    return { start: Math.max(size - suffix, 0), end: size - 1 };
  }
  const start = Number(from);
  const end = to ? Number(to) : size - 1;
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start > end || start >= size) {
    throw ERRORS.invalidRange();
  }
  return { start, end: Math.min(end, size - 1) };
}

const MIME_ESSENCE = /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/;
// Documents a browser renders and can run script in: HTML, and every XML type (SVG, XHTML, XSLT, plain XML...),
// which may embed XHTML <script>; multipart/x-mixed-replace renders its parts, which can be HTML.
const SCRIPTABLE = new Set(["text/html", "text/xsl", "multipart/x-mixed-replace"]);
// Types that make a browser guess the type from the bytes.
const UNKNOWN = new Set(["unknown/unknown", "application/unknown", "*/*"]);

/**
 * The Content-Type an object is served with. Storage serves text/html as text/plain so a bucket can never deliver
 * a page that runs script on its origin; the same holds here for every scriptable type. Only the type and a
 * charset are passed on: anything else (a list, a parameter hiding ", text/html") could be read as another type.
 */
export function servedContentType(mimetype: string | undefined): string {
  const [rawEssence = "", ...params] = (mimetype ?? "").split(";");
  const essence = rawEssence.trim().toLowerCase();
  if (!MIME_ESSENCE.test(essence) || UNKNOWN.has(essence)) return "application/octet-stream";
  if (SCRIPTABLE.has(essence) || essence.endsWith("/xml") || essence.endsWith("+xml")) return "text/plain";
  const charset = params.length === 1 ? /^\s*charset="?([a-z0-9._-]+)"?\s*$/i.exec(params[0]!) : null;
  return charset ? `${essence}; charset=${charset[1]}` : essence;
}

function contentDisposition(download: string | null): string | undefined {
  if (download === null) return undefined;
  if (download === "") return "attachment;";
  const name = encodeURIComponent(download);
  return `attachment; filename=${name}; filename*=UTF-8''${name}`;
}

type ServedRow = Pick<ObjectRow, "version" | "metadata">;

export interface ServeOptions {
  bucketId: string;
  /** Reads the row; read again when its version's bytes are gone (an upsert that committed after the first read
   * has already removed them). */
  read: () => Promise<ServedRow>;
  /** Signed URLs send Expires (the token's expiry) instead of Cache-Control. */
  expires?: string;
}

/** GET (bytes) or HEAD (headers only) of an object; `?download=` makes it an attachment. */
export async function serveObject(sc: StorageContext, c: Call<unknown>, opts: ServeOptions) {
  const { req, res, url } = c;
  let row = await opts.read();
  let handle = await sc.files.open(opts.bucketId, row.version);
  if (!handle) {
    row = await opts.read();
    handle = await sc.files.open(opts.bucketId, row.version);
  }
  if (!handle) {
    const err = ERRORS.resourceNotFound();
    sendJson(res, err.status, err.render(), { "cache-control": "no-store" });
    return;
  }
  let streaming = false;
  try {
    const { size, mtime } = await handle.stat();
    const meta = row.metadata ?? {};
    const eTag = meta.eTag ?? `"${row.version}"`;
    const lastModified = meta.lastModified ? new Date(meta.lastModified) : mtime;
    const headers: Record<string, string> = {
      "accept-ranges": "bytes",
      "content-type": servedContentType(meta.mimetype),
      // Browsers take the type as given, instead of guessing a scriptable one from the bytes.
      "x-content-type-options": "nosniff",
      etag: eTag,
      "x-robots-tag": "none",
    };
    if (!Number.isNaN(lastModified.getTime())) headers["last-modified"] = lastModified.toUTCString();
    if (opts.expires) headers.expires = opts.expires;
    else headers["cache-control"] = meta.cacheControl || "no-cache";
    const disposition = contentDisposition(url.searchParams.get("download"));
    if (disposition) headers["content-disposition"] = disposition;

    if (req.headers["if-none-match"] === eTag) {
      res.writeHead(304, headers).end();
      return;
    }
    let status = 200;
    let range: ByteRange = { start: 0, end: size - 1 };
    const rangeHeader = req.headers.range;
    if (rangeHeader) {
      range = parseRange(rangeHeader, size);
      status = 206;
      headers["content-range"] = `bytes ${range.start}-${range.end}/${size}`;
    }
    headers["content-length"] = String(Math.max(range.end - range.start + 1, 0));
    if (req.method === "HEAD" || size === 0) {
      res.writeHead(status, headers).end();
      return;
    }
    const body = handle.createReadStream({ start: range.start, end: range.end });
    streaming = true;
    res.writeHead(status, headers);
    // A client that goes away mid-download is not an error of ours.
    await pipeline(body, res).catch(() => {});
  } finally {
    if (!streaming) await handle.close().catch(() => {});
  }
}
