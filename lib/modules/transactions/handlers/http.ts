import "server-only";
// Shared plumbing of the document route handlers: caller checks, error responses (JSON for scripts and XHR,
// a small HTML page for people who opened a link), and the streamed, verified download response.
import type { CurrentUser } from "@/lib/auth/current-user";
import { toAppError } from "@/lib/database/errors";
import { AppError, defaultMessage } from "@/lib/errors";
import { FILE_CSP } from "@/lib/security/headers";
import { contentDisposition } from "@/lib/storage/filename";
import { servedContentType } from "../services/document-views";
import type { OpenedDocument } from "../services/documents";

export function requireCaller(caller: CurrentUser | null): CurrentUser {
  if (!caller) throw new AppError("UNAUTHENTICATED");
  if (caller.globalRole === "SUSPENDED") {
    throw new AppError("UNAUTHENTICATED", "Your account is suspended. Contact your administrator.", {
      details: { reason: "suspended" },
    });
  }
  return caller;
}

/** Refuses cross-site requests that carry the session cookie (the upload also needs a custom header). */
export function assertSameOrigin(request: Request): void {
  const origin = request.headers.get("origin");
  const site = request.headers.get("sec-fetch-site");
  if (site === "cross-site") throw new AppError("FORBIDDEN", "Cross-site requests are not allowed.");
  if (!origin) return;
  const host =
    request.headers.get("x-forwarded-host") ?? request.headers.get("host") ?? new URL(request.url).host;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    throw new AppError("FORBIDDEN", "Cross-site requests are not allowed.");
  }
  if (originHost !== host) throw new AppError("FORBIDDEN", "Cross-site requests are not allowed.");
}

const wantsHtml = (request: Request) => (request.headers.get("accept") ?? "").includes("text/html");

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function errorResponse(request: Request, err: unknown, context: string): Response {
  const mapped = toAppError(err);
  let error: { code: string; message: string; details?: Record<string, unknown> };
  let status: number;
  if (mapped instanceof AppError) {
    if (mapped.code === "INTERNAL") console.error(`[documents] ${context} failed`, mapped.cause ?? mapped);
    if (mapped.code === "INTEGRITY")
      console.warn(`[documents] ${context}: integrity check failed`, mapped.details ?? {});
    error = {
      code: mapped.code,
      message: mapped.message,
      ...(mapped.details && mapped.code !== "INTEGRITY" ? { details: mapped.details } : {}),
    };
    status = mapped.status;
  } else {
    console.error(`[documents] ${context} failed`, err);
    error = { code: "INTERNAL", message: defaultMessage("INTERNAL") };
    status = 500;
  }
  const headers = { "cache-control": "no-store", "x-content-type-options": "nosniff" };
  if (request.method === "GET" && wantsHtml(request)) {
    const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>Document unavailable</title></head><body style="font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem"><h1 style="font-size:1.25rem">Document unavailable</h1><p>${escapeHtml(error.message)}</p><p><a href="/app">Back to Hearth</a></p></body></html>`;
    return new Response(html, {
      status,
      headers: {
        ...headers,
        "content-type": "text/html; charset=utf-8",
        "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'",
      },
    });
  }
  return Response.json({ error }, { status, headers });
}

/**
 * The plaintext as an attachment. The first chunk is read (and so verified) before the response starts, so a
 * document that fails early gets a clean error status; a failure later aborts the stream — the client never
 * gets a complete body (Content-Length is set and the final chunk is only released after the sha256 check).
 */
export async function documentResponse(doc: OpenedDocument): Promise<Response> {
  const reader = doc.stream.getReader();
  const first = await reader.read();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      if (first.done) controller.close();
      else controller.enqueue(first.value);
    },
    async pull(controller) {
      try {
        const next = await reader.read();
        if (next.done) controller.close();
        else controller.enqueue(next.value);
      } catch (err) {
        console.warn(
          `[documents] download of ${doc.id} aborted: ${(err as Error).message}`,
          (err as AppError).details ?? {},
        );
        controller.error(err);
      }
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
  return new Response(body, {
    status: 200,
    headers: {
      "content-type": servedContentType(doc.sniffedType),
      "content-length": String(doc.sizeBytes),
      "content-disposition": contentDisposition(doc.fileName),
      "x-content-type-options": "nosniff",
      "content-security-policy": FILE_CSP,
      "cache-control": "private, no-store",
      "referrer-policy": "no-referrer",
    },
  });
}

export const UUID_PARAM = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
