// Calling the document route handlers' logic the way Next does: a real Web Request with a real stream body.
import { createHash } from "node:crypto";
import { downloadDocumentRoute } from "@/lib/modules/documents/routes/download";
import { documentLinkRoute } from "@/lib/modules/documents/routes/link";
import { uploadDocumentRoute } from "@/lib/modules/documents/routes/upload";
import { viewDocumentRoute } from "@/lib/modules/documents/routes/view";
import type { UploadOptions } from "@/lib/modules/documents/services/documents";
import { createLoop } from "@/lib/modules/transactions/services/loops";
import { asCurrentUser, type TestUser } from "../../../support/factories";
import { serviceClient } from "../../../support/supabase";
import { ctxFor } from "./helpers";

export const BASE = "http://app.test";
export const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

export function streamOf(bytes: Uint8Array, piece = 16 * 1024): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream({
    pull(c) {
      if (at >= bytes.length) return c.close();
      c.enqueue(bytes.slice(at, at + piece));
      at += piece;
    },
  });
}

export interface UploadRequestOptions {
  name?: string;
  type?: string;
  /** The checklist slot (?slot=). */
  slot?: string;
  contentType?: string;
  /** Send Content-Length (default true for byte bodies). */
  withLength?: boolean;
  headers?: Record<string, string>;
}

export function uploadRequest(
  org: string,
  loopId: string,
  body: Uint8Array | ReadableStream<Uint8Array>,
  o: UploadRequestOptions = {},
): Request {
  const headers = new Headers({ "content-type": o.contentType ?? "application/octet-stream", ...o.headers });
  if (o.name !== undefined) headers.set("x-file-name", encodeURIComponent(o.name));
  if (body instanceof Uint8Array && o.withLength !== false)
    headers.set("content-length", String(body.length));
  const query = new URLSearchParams({
    ...(o.type ? { type: o.type } : {}),
    ...(o.slot ? { slot: o.slot } : {}),
  });
  const url = `${BASE}/api/documents/${org}/loops/${loopId}${query.size ? `?${query}` : ""}`;
  return new Request(url, {
    method: "POST",
    headers,
    body: body instanceof Uint8Array ? streamOf(body) : body,
    duplex: "half",
  } as RequestInit);
}

export async function upload(
  user: TestUser,
  org: string,
  loopId: string,
  bytes: Uint8Array,
  o: UploadRequestOptions = {},
  opts?: UploadOptions,
) {
  const res = await uploadDocumentRoute(opts).as(asCurrentUser(user))(
    uploadRequest(org, loopId, bytes, { name: "file.pdf", ...o }),
    { params: Promise.resolve({ org, loopId }) },
  );
  return {
    res,
    json: (await res.json()) as {
      document?: { id: string; fileName: string; sniffedType: string; sizeBytes: number };
      error?: { code: string; message: string };
    },
  };
}

export function download(user: TestUser | null, org: string, documentId: string, accept = "*/*") {
  return downloadDocumentRoute.as(user ? asCurrentUser(user) : null)(
    new Request(`${BASE}/api/documents/${org}/files/${documentId}`, { headers: { accept } }),
    { params: Promise.resolve({ org, documentId }) },
  );
}

/** The viewer's read of a document (GET …/files/<id>/view). */
export function view(user: TestUser | null, org: string, documentId: string) {
  return viewDocumentRoute.as(user ? asCurrentUser(user) : null)(
    new Request(`${BASE}/api/documents/${org}/files/${documentId}/view`, { headers: { accept: "*/*" } }),
    { params: Promise.resolve({ org, documentId }) },
  );
}

export function openLink(user: TestUser | null, url: string, accept = "*/*") {
  const token = url.split("/api/documents/links/")[1]!;
  return documentLinkRoute.as(user ? asCurrentUser(user) : null)(new Request(url, { headers: { accept } }), {
    params: Promise.resolve({ token }),
  });
}

/** Reads a response body to the end; a stream error is returned (with the bytes received before it), not thrown. */
export async function readBody(res: Response): Promise<{ bytes: Buffer; error?: unknown }> {
  const parts: Uint8Array[] = [];
  const reader = res.body!.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { bytes: Buffer.concat(parts) };
      parts.push(value);
    }
  } catch (error) {
    return { bytes: Buffer.concat(parts), error };
  }
}

export async function newLoop(user: TestUser, org: string) {
  const ctx = await ctxFor(user, org);
  return (
    await createLoop(ctx, {
      organization: org,
      propertyAddress: "9 Quay Street",
      transactionType: "PURCHASE",
    })
  ).id;
}

export const bucket = () => serviceClient().storage.from("documents");

export async function rawObject(path: string): Promise<Buffer | null> {
  const { data, error } = await bucket().download(path);
  if (error || !data) return null;
  return Buffer.from(await data.arrayBuffer());
}

export async function putRawObject(path: string, bytes: Uint8Array) {
  const { error } = await bucket().upload(path, bytes, {
    upsert: true,
    contentType: "application/octet-stream",
  });
  if (error) throw error;
}
