// The local platform's single HTTP port: /auth/v1, /storage/v1, /realtime/v1 (WebSocket), like the Supabase API
// gateway in front of hosted projects. Every request is matched against one route table (router.ts); the route's
// authentication runs first, then its handler; errors are answered in the owning service's shape. Malformed
// requests get 4xx answers; a failing request never takes the process down.
import http from "node:http";
import type { Duplex } from "node:stream";
import { CORS_HEADERS, sendJson } from "./http";
import { findRoute, routeTable, type Service } from "./router";

export interface PlatformServer {
  server: http.Server;
  close: () => Promise<void>;
}

export function createPlatformServer(services: Service[]): PlatformServer {
  const table = routeTable(services);
  const byPrefix = [...services].sort((a, b) => b.prefix.length - a.prefix.length);
  const serviceOf = (pathname: string) => {
    const service = byPrefix.find((s) => pathname === s.prefix || pathname.startsWith(`${s.prefix}/`));
    return service ? { service, rest: pathname.slice(service.prefix.length) || "/" } : null;
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
      sendJson(res, 200, { status: "ok", services: byPrefix.map((s) => s.prefix) });
      return;
    }
    const mounted = serviceOf(url.pathname);
    if (!mounted) {
      sendJson(res, 404, { message: "no Route matched with those values" });
      return;
    }
    const { service } = mounted;
    const method = req.method ?? "GET";
    try {
      service.precheck?.(req);
      const rest = service.normalizePath ? service.normalizePath(mounted.rest) : mounted.rest;
      const match = findRoute(table, method, service.prefix + rest);
      if (!match) {
        if (service.unmatchedAuth) await service.authenticate[service.unmatchedAuth]!(req, url);
        throw service.notFound(method, rest, url);
      }
      const { route } = match.entry;
      const caller = await service.authenticate[route.auth]!(req, url);
      await route.handler({ req, res, url, params: match.params, caller: caller as never });
    } catch (err) {
      service.renderError(err, req, res);
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
    const mounted = serviceOf(url.pathname);
    if (!mounted?.service.upgrade) {
      socket.end("HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n");
      return;
    }
    mounted.service.upgrade(req, socket, head, mounted.rest, url);
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
    await Promise.allSettled(services.map((s) => s.close()));
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  };
  return { server, close };
}
