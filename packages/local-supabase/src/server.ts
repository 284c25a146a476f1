// The local platform's single HTTP port: /auth/v1, /storage/v1, /realtime/v1 (WebSocket), like the
// Supabase API gateway in front of hosted projects. Unknown routes and malformed requests get
// Supabase-shaped 4xx answers; a failing request never takes the process down.
import http from "node:http";
import type { Duplex } from "node:stream";
import type { PlatformContext, PlatformService } from "./context";
import { CORS_HEADERS, HttpError, sendJson } from "./http";

export interface PlatformServer {
  server: http.Server;
  close: () => Promise<void>;
}

export function createPlatformServer(
  ctx: PlatformContext,
  services: Record<string, PlatformService>,
): PlatformServer {
  const prefixes = Object.keys(services).sort((a, b) => b.length - a.length);
  const route = (pathname: string) => {
    for (const prefix of prefixes) {
      if (pathname === prefix || pathname.startsWith(`${prefix}/`)) {
        return { service: services[prefix]!, rest: pathname.slice(prefix.length) || "/" };
      }
    }
    return null;
  };

  const server = http.createServer({ maxHeaderSize: 32 * 1024, requestTimeout: 0 }, async (req, res) => {
    for (const [k, v] of Object.entries(CORS_HEADERS)) res.setHeader(k, v);
    let url: URL;
    try {
      url = new URL(req.url ?? "/", "http://local");
    } catch {
      sendJson(res, 400, { message: "Malformed request URL" });
      return;
    }
    if (req.method === "OPTIONS") {
      res.writeHead(204).end();
      return;
    }
    if (url.pathname === "/health" || url.pathname === "/") {
      sendJson(res, 200, { status: "ok", services: prefixes });
      return;
    }
    const match = route(url.pathname);
    if (!match) {
      sendJson(res, 404, { message: "no Route matched with those values" });
      return;
    }
    try {
      await match.service.handle(req, res, match.rest, url);
    } catch (err) {
      if (err instanceof HttpError) {
        sendJson(res, err.status, { code: err.code, message: err.message, ...err.extra });
      } else {
        ctx.log(`[platform] ${req.method} ${url.pathname} failed: ${(err as Error).stack ?? err}`);
        sendJson(res, 500, { code: "unexpected_failure", message: "Unexpected failure" });
      }
    }
  });

  server.on("upgrade", (req, socket: Duplex, head: Buffer) => {
    socket.on("error", () => socket.destroy());
    let url: URL;
    try {
      url = new URL(req.url ?? "/", "http://local");
    } catch {
      socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n");
      return;
    }
    const match = route(url.pathname);
    if (!match?.service.upgrade) {
      socket.end("HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n");
      return;
    }
    match.service.upgrade(req, socket, head, match.rest, url);
  });

  // Oversized headers, garbage request lines: answer with a JSON body instead of a bare reset.
  server.on("clientError", (err: NodeJS.ErrnoException, socket: Duplex) => {
    if (!socket.writable) return socket.destroy();
    const status = err.code === "HPE_HEADER_OVERFLOW" ? 431 : 400;
    const body = JSON.stringify({
      code: status === 431 ? "request_header_fields_too_large" : "bad_request",
      message: status === 431 ? "Request headers are too large" : "Malformed HTTP request",
    });
    socket.end(
      `HTTP/1.1 ${status} ${status === 431 ? "Request Header Fields Too Large" : "Bad Request"}\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });

  const close = async () => {
    await Promise.allSettled(Object.values(services).map((s) => s.close()));
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  };
  return { server, close };
}
