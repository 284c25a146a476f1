// Small HTTP helpers shared by the local platform services.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { PlatformKeys } from "./keys";

export class HttpError extends Error {
  constructor(
    public status: number,
    public code: string,
    message: string,
    public extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** An answer that is not in the service's error shape — the API gateway's (`{message}` for a missing or wrong API
 * key), or a route the service doesn't have — sent as given. */
export class GatewayError extends Error {
  constructor(
    public status: number,
    public body: Record<string, unknown>,
    public headers: Record<string, string> = {},
  ) {
    super(typeof body.message === "string" ? body.message : `HTTP ${status}`);
  }
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  if (res.headersSent) {
    res.end();
    return;
  }
  const text = body === undefined ? "" : JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/** Reads the whole body, up to limitBytes. An oversized body is drained (up to a hard cap) before the 413 so the
 * client reads the answer instead of a reset connection. */
export async function readBytes(req: IncomingMessage, limitBytes = 1_000_000): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  const hardCap = Math.max(limitBytes, 16 * 1024 * 1024);
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > hardCap) throw new HttpError(413, "request_too_large", "Request body is too large", {});
    if (size <= limitBytes) chunks.push(chunk as Buffer);
  }
  if (size > limitBytes) throw new HttpError(413, "request_too_large", "Request body is too large");
  return Buffer.concat(chunks);
}

/** Reads the whole body (bounded, as readBytes) and parses JSON; an empty body is `{}`. */
export async function readJson<T = Record<string, unknown>>(
  req: IncomingMessage,
  limitBytes = 1_000_000,
): Promise<T> {
  const text = (await readBytes(req, limitBytes)).toString("utf8").trim();
  if (!text) return {} as T;
  try {
    const parsed = JSON.parse(text);
    if (parsed === null || typeof parsed !== "object") throw new Error("not an object");
    return parsed as T;
  } catch {
    throw new HttpError(400, "bad_json", "Could not parse request body as JSON");
  }
}

export function bearerToken(req: IncomingMessage): string | null {
  const header = req.headers.authorization;
  if (!header) return null;
  const match = /^Bearer\s+(.+)$/i.exec(header.trim());
  return match?.[1]?.trim() || null;
}

/** The API key of a request (`apikey` header, else `?apikey=`), if it is a valid anon or service-role key. */
export function apiKeyRole(
  req: IncomingMessage,
  url: URL,
  keys: PlatformKeys,
): "anon" | "service_role" | null {
  const raw = (req.headers.apikey as string | undefined) ?? url.searchParams.get("apikey");
  if (!raw) return null;
  if (raw === keys.anonKey) return "anon";
  if (raw === keys.serviceRoleKey) return "service_role";
  return null;
}

export const CORS_HEADERS: Record<string, string> = {
  "access-control-allow-origin": "*",
  "access-control-allow-methods": "GET, POST, PUT, PATCH, DELETE, OPTIONS, HEAD",
  "access-control-allow-headers":
    "authorization, x-client-info, apikey, content-type, x-upsert, x-supabase-api-version, cache-control, x-metadata, content-length, range, accept-profile, content-profile, prefer",
  "access-control-expose-headers":
    "content-length, content-range, content-type, etag, x-supabase-api-version",
  "access-control-max-age": "86400",
};
