import "server-only";
// Route handlers answer failures with the same codes actions use, rendered in one place: an AppError becomes its
// HTTP status with a JSON body (or, for a person who opened a link in the browser, a small HTML page); unknown
// errors are logged and become a generic 500 — internals never reach the client. Plus the one same-origin check
// for requests that carry the session cookie.
import { toAppError } from "./database/errors";
import { AppError, defaultMessage } from "./errors";

const wantsHtml = (request: Request) =>
  request.method === "GET" && (request.headers.get("accept") ?? "").includes("text/html");

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function errorResponse(request: Request, err: unknown, context: string): Response {
  const mapped = toAppError(err);
  let error: { code: string; message: string; details?: Record<string, unknown> };
  let status: number;
  const headers: Record<string, string> = {
    "cache-control": "no-store",
    "x-content-type-options": "nosniff",
  };
  if (mapped instanceof AppError) {
    if (mapped.code === "INTERNAL") console.error(`[route] ${context} failed`, mapped.cause ?? mapped);
    // An integrity failure's details name what failed; they go to the log, not to the client.
    if (mapped.code === "INTEGRITY")
      console.warn(`[route] ${context}: integrity check failed`, mapped.details ?? {});
    error = {
      code: mapped.code,
      message: mapped.message,
      ...(mapped.details && mapped.code !== "INTEGRITY" ? { details: mapped.details } : {}),
    };
    status = mapped.status;
    if (mapped.code === "SERVICE_UNAVAILABLE")
      console.warn(`[route] ${context}: database unavailable`, (mapped.cause as Error | undefined)?.message);
    if (
      (mapped.code === "RATE_LIMITED" || mapped.code === "SERVICE_UNAVAILABLE") &&
      mapped.details?.retryAfterSeconds
    )
      headers["retry-after"] = String(mapped.details.retryAfterSeconds);
  } else {
    console.error(`[route] ${context} failed`, err);
    error = { code: "INTERNAL", message: defaultMessage("INTERNAL") };
    status = 500;
  }
  if (wantsHtml(request)) {
    const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>Unavailable</title></head><body style="font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem"><h1 style="font-size:1.25rem">This isn't available</h1><p>${escapeHtml(error.message)}</p><p><a href="/app">Back to Hearth</a></p></body></html>`;
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

const crossSite = () => new AppError("FORBIDDEN", "Requests from other sites are not allowed.");

/**
 * Refuses cross-site requests that carry the session cookie. Browsers send Origin on every POST and
 * Sec-Fetch-Site on every request; `Origin: null` (sandboxed frames, some redirects) is never ours.
 */
export function assertSameOrigin(request: Request): void {
  if (request.headers.get("sec-fetch-site") === "cross-site") throw crossSite();
  const origin = request.headers.get("origin");
  if (origin === null) return;
  const host =
    request.headers.get("x-forwarded-host") ?? request.headers.get("host") ?? new URL(request.url).host;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    throw crossSite();
  }
  if (!originHost || originHost !== host) throw crossSite();
}
