// The local Realtime service at /realtime/v1: the Phoenix WebSocket at /websocket (vsn 1.0.0 and 2.0.0) with
// postgres_changes (one change reader for the whole server, per-subscriber RLS), broadcast and presence on public
// and private channels (Realtime Authorization: RLS on realtime.messages), the REST broadcast endpoints, and
// /api/local/stats (service role only) for tests and benchmarks.
import { STATUS_CODES, type IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import pg from "pg";
import { WebSocketServer } from "ws";
import type { PlatformContext } from "../context";
import { apiKeyRole, bearerToken, GatewayError, HttpError, readBytes, readJson, sendJson } from "../http";
import { defineService, routeBuilder, type Call, type Method, type Service } from "../router";
import { checkPolicies } from "./authorization";
import { broadcastToTopic } from "./broadcast";
import { Catalog } from "./catalog";
import { ChangeReader, SESSION_OPTIONS } from "./change-reader";
import { Connection } from "./connection";
import { Dispatcher } from "./dispatcher";
import { Hub } from "./hub";
import { SUPPORTED_VSN, type Vsn } from "./protocol";
import { verifyToken, type VerifiedClaims } from "./tokens";

/** Authentication of Realtime's HTTP routes: the REST broadcast API takes an API key and a JWT (the bearer token,
 * else the key); the stats endpoint, ours, only the service-role key. */
interface RealtimeCallers {
  none: null;
  "apikey-and-jwt": VerifiedClaims;
  "service-key": "service_role";
}

const route = routeBuilder<RealtimeCallers>();
const ALL_METHODS: Method[] = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"];

/** Realtime's own limit (max_frame_size). */
const MAX_FRAME_BYTES = 5_000_000;

function refuse(socket: Duplex, status: number, body: Record<string, unknown>): void {
  const text = JSON.stringify(body);
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ""}\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`,
  );
}

export async function createRealtimeService(ctx: PlatformContext): Promise<Service> {
  const limits = ctx.config.realtime;
  const db = new pg.Pool({
    connectionString: ctx.databaseUrl,
    application_name: "hearth_realtime",
    options: `${SESSION_OPTIONS} -c statement_timeout=15000`,
    max: 6,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 10_000,
  });
  db.on("error", (err) => ctx.log(`[realtime] idle database connection error: ${err.message}`));
  const catalog = new Catalog(db);
  const hub = new Hub(db, catalog, ctx.keys, limits, ctx.log);
  const dispatcher = new Dispatcher(hub);
  const reader = new ChangeReader(
    ctx.databaseUrl,
    ctx.log,
    () => hub.hasSubscriptions(),
    (txns) => dispatcher.dispatch(txns),
  );
  await reader.start();

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_FRAME_BYTES,
    perMessageDeflate: false,
    clientTracking: false,
  });

  const sweep = setInterval(() => {
    const now = Date.now();
    for (const conn of [...hub.connections]) {
      if (now - conn.lastSeen > limits.idleTimeoutMs) conn.close(1000, "heartbeat timeout");
      else conn.checkBackpressure(now);
    }
  }, 1_000);
  sweep.unref();

  const stats = (topic?: string | null) => {
    const out: Record<string, unknown> = {
      connections: hub.connections.size,
      channels: hub.channelCount,
      subscriptions: hub.subscriptionCount,
      topics: hub.topics.size,
      reader: { ...reader.stats },
      dispatcher: { ...dispatcher.stats },
    };
    if (topic) {
      // One topic's channels (public and private) and their postgres_changes subscriptions.
      const channels = [
        ...(hub.topics.get(`public:${topic}`) ?? []),
        ...(hub.topics.get(`private:${topic}`) ?? []),
      ];
      out.topic = {
        name: topic,
        channels: channels.length,
        subscriptions: channels.reduce((n, ch) => n + hub.subscriptionsOf(ch), 0),
      };
    }
    return out;
  };

  const apiKeyOf = (req: IncomingMessage, url: URL): string | null => {
    const header = (name: string) => {
      const v = req.headers[name];
      return Array.isArray(v) ? v[0] : v;
    };
    return url.searchParams.get("apikey") ?? header("apikey") ?? header("x-api-key") ?? null;
  };

  const upgrade = (req: IncomingMessage, socket: Duplex, head: Buffer, path: string, url: URL) => {
    if (path !== "/websocket" && path !== "/websocket/") return refuse(socket, 404, { message: "Not Found" });
    if (hub.closing) return refuse(socket, 503, { message: "Realtime is shutting down" });
    const apiKey = apiKeyOf(req, url);
    if (!apiKey) return refuse(socket, 401, { message: "No API key found in request" });
    if (apiKey !== ctx.keys.anonKey && apiKey !== ctx.keys.serviceRoleKey) {
      return refuse(socket, 401, { message: "Invalid authentication credentials" });
    }
    const vsn = (url.searchParams.get("vsn") ?? "1.0.0") as Vsn;
    if (!SUPPORTED_VSN.includes(vsn)) {
      return refuse(socket, 403, { message: `Unsupported protocol version ${JSON.stringify(vsn)}` });
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      if (hub.closing) {
        ws.terminate();
        return;
      }
      new Connection(hub, ws, socket, vsn, apiKey);
    });
  };

  const apiKeyAndJwt = async (req: IncomingMessage, url: URL): Promise<VerifiedClaims> => {
    const apiKey = apiKeyOf(req, url);
    if (!apiKey || (apiKey !== ctx.keys.anonKey && apiKey !== ctx.keys.serviceRoleKey)) {
      throw new HttpError(
        401,
        "unauthorized",
        apiKey ? "Invalid authentication credentials" : "No API key found in request",
      );
    }
    const check = await verifyToken(ctx.keys, bearerToken(req) ?? apiKey);
    if (!check.ok) throw new HttpError(401, "unauthorized", check.message);
    return check.value;
  };

  /** The private topics the REST caller may broadcast to (broadcast write permission on realtime.messages). */
  const mayBroadcast = async (caller: VerifiedClaims, topics: string[]): Promise<Set<string>> => {
    const grantee = { role: caller.role, claimsJson: JSON.stringify(caller.claims) };
    const allowed = new Set<string>();
    for (const topic of new Set(topics)) {
      try {
        if ((await checkPolicies(db, grantee, topic, ["broadcast"], "write")).broadcast) allowed.add(topic);
      } catch (err) {
        hub.warn(`policies:${topic}`, `[realtime] RLS policy error: ${(err as Error).message}`);
      }
    }
    return allowed;
  };

  /** POST /api/broadcast/{topic}/events/{event}: one message, the body its payload — JSON, or bytes sent as
   * `application/octet-stream` (realtime-js httpSend with an ArrayBuffer); other types are refused, as
   * Realtime's ValidateBroadcastContentType does. */
  const broadcastOne = async ({ req, res, url, params, caller }: Call<VerifiedClaims>) => {
    const type = /^application\/(json|octet-stream)\s*(;|$)/i.exec(
      req.headers["content-type"] ?? "application/json",
    );
    if (!type) {
      throw new GatewayError(415, {
        error: "Unsupported Media Type. Use application/json or application/octet-stream",
      });
    }
    const payload =
      type[1]!.toLowerCase() === "json"
        ? await readJson<Record<string, unknown>>(req, 1_000_000)
        : await readBytes(req, 1_000_000);
    const topic = decodeURIComponent(params.topic!);
    const isPrivate = url.searchParams.get("private") === "true";
    if (isPrivate && !(await mayBroadcast(caller, [topic])).has(topic)) {
      throw new GatewayError(403, { message: "Unauthorized" });
    }
    broadcastToTopic(hub, { topic, event: decodeURIComponent(params.event!), payload, isPrivate });
    res.writeHead(202).end();
  };

  /** POST /api/broadcast {messages: [{topic, event, payload, private?}]}. */
  const broadcastMany = async ({ req, res, caller }: Call<VerifiedClaims>) => {
    const body = await readJson<Record<string, unknown>>(req, 1_000_000);
    const messages = body.messages;
    if (!Array.isArray(messages)) throw new HttpError(422, "invalid_body", "messages must be a list");
    for (const m of messages) {
      if (m === null || typeof m !== "object")
        throw new HttpError(422, "invalid_body", "each message must be an object");
      const { topic, event } = m as Record<string, unknown>;
      if (typeof topic !== "string" || typeof event !== "string") {
        throw new HttpError(422, "invalid_body", "each message needs a topic and an event");
      }
    }
    const list = messages as Array<{ topic: string; event: string; payload?: unknown; private?: unknown }>;
    // Messages to a private topic the caller may not write to are left out, as Realtime's BatchBroadcast does.
    const writable = await mayBroadcast(
      caller,
      list.filter((m) => m.private === true).map((m) => m.topic),
    );
    for (const m of list) {
      const isPrivate = m.private === true;
      if (isPrivate && !writable.has(m.topic)) continue;
      broadcastToTopic(hub, { topic: m.topic, event: m.event, payload: m.payload ?? {}, isPrivate });
    }
    res.writeHead(202).end();
  };

  const expectUpgrade = async ({ res }: Call<unknown>) =>
    sendJson(res, 400, { message: "Expected a WebSocket upgrade" });

  const close = async () => {
    hub.closing = true;
    clearInterval(sweep);
    const open = [...hub.connections];
    for (const conn of open) conn.close(1001, "server shutting down");
    await reader.stop();
    for (const conn of open) conn.ws.terminate();
    wss.close();
    await db.end().catch(() => {});
  };

  return defineService<RealtimeCallers>({
    prefix: "/realtime/v1",
    routes: [
      route(["GET"], "/api/local/stats", "service-key", async ({ res, url }) =>
        sendJson(res, 200, stats(url.searchParams.get("topic"))),
      ),
      route(["POST"], "/api/broadcast", "apikey-and-jwt", broadcastMany),
      route(["POST"], "/api/broadcast/:topic/events/:event", "apikey-and-jwt", broadcastOne),
      route(ALL_METHODS, "/websocket", "none", expectUpgrade),
      route(ALL_METHODS, "/websocket/", "none", expectUpgrade),
    ],
    authenticate: {
      none: async () => null,
      "apikey-and-jwt": apiKeyAndJwt,
      "service-key": async (req, url) => {
        if (apiKeyRole(req, url, ctx.keys) !== "service_role") {
          throw new HttpError(401, "unauthorized", "The service role key is required");
        }
        return "service_role";
      },
    },
    notFound: () => new GatewayError(404, { message: "Not Found" }),
    renderError: (err, req, res) => {
      if (err instanceof GatewayError) return sendJson(res, err.status, err.body, err.headers);
      if (err instanceof HttpError) {
        return sendJson(res, err.status, { code: err.code, message: err.message, ...err.extra });
      }
      ctx.log(`[realtime] ${req.method} ${req.url} failed: ${(err as Error).stack ?? err}`);
      sendJson(res, 500, { code: "unexpected_failure", message: "Unexpected failure" });
    },
    upgrade,
    close,
  });
}
