// Shared by the realtime*.test.ts files: official clients (anonymous, service role, or acting with a user's
// JWT), subscribing a channel, collecting what it receives, a superuser connection for test tables, and the
// Realtime service's stats endpoint.
import { createClient, type RealtimeChannel, type SupabaseClient } from "@supabase/supabase-js";
import pg from "pg";
import WebSocket from "ws";
import { anonKey, serviceRoleKey, supabaseUrl } from "../../../../tests/support/supabase";

export interface ClientOptions {
  /** The user's JWT (or a getter, to swap tokens later); without it the channel acts with the API key. */
  token?: string | (() => string);
  /** Connect with the service role key instead of the anon key. */
  service?: boolean;
  vsn?: "1.0.0" | "2.0.0";
  url?: string;
  apiKey?: string;
  heartbeatIntervalMs?: number;
}

const clients: SupabaseClient[] = [];

/**
 * An official client. With a token, the client's `accessToken` callback returns it and the token is set before
 * any channel joins (a join pushed before the callback resolves would go out with the API key instead).
 */
export async function realtimeClient(opts: ClientOptions = {}): Promise<SupabaseClient> {
  const token = opts.token;
  const client = createClient(
    opts.url ?? supabaseUrl(),
    opts.apiKey ?? (opts.service ? serviceRoleKey() : anonKey()),
    {
      auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
      ...(token !== undefined
        ? { accessToken: async () => (typeof token === "function" ? token() : token) }
        : {}),
      realtime: {
        ...(opts.vsn ? { vsn: opts.vsn } : {}),
        ...(opts.heartbeatIntervalMs ? { heartbeatIntervalMs: opts.heartbeatIntervalMs } : {}),
      },
    },
  );
  clients.push(client);
  if (token !== undefined) await client.realtime.setAuth(typeof token === "function" ? token() : token);
  return client;
}

/** Removes every channel of every client created so far (and disconnects them). */
export async function closeClients(): Promise<void> {
  const all = clients.splice(0);
  await Promise.all(all.map((c) => c.removeAllChannels().catch(() => [])));
}

export type ChangePayload = {
  schema: string;
  table: string;
  commit_timestamp: string;
  eventType: "INSERT" | "UPDATE" | "DELETE";
  new: Record<string, unknown>;
  old: Record<string, unknown>;
  errors: string[] | null;
};

/** Things received, with a way to wait for one. */
export class Inbox<T> {
  readonly items: T[] = [];
  private waiters: Array<() => void> = [];

  push = (item: T): void => {
    this.items.push(item);
    for (const w of this.waiters.splice(0)) w();
  };

  async waitFor(predicate: (item: T) => boolean, what = "message", timeoutMs = 10_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.items.find(predicate);
      if (found !== undefined) return found;
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(
          `timed out waiting for ${what}; received: ${JSON.stringify(this.items).slice(0, 2000)}`,
        );
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  async waitForCount(n: number, what = `${n} messages`, timeoutMs = 20_000): Promise<T[]> {
    await this.waitFor(() => this.items.length >= n, what, timeoutMs);
    return this.items;
  }
}

export interface Binding {
  event: "*" | "INSERT" | "UPDATE" | "DELETE";
  schema: string;
  table?: string;
  filter?: string;
}

export interface Listener {
  channel: RealtimeChannel;
  /** Every postgres_changes payload, with the index of the binding that received it. */
  changes: Inbox<{ binding: number; payload: ChangePayload }>;
  system: Inbox<{ extension: string; status: string; message: string; channel: string }>;
  statuses: Inbox<{ status: string; error?: Error }>;
}

/** A channel with the given postgres_changes bindings; not yet subscribed. */
export function listener(
  client: SupabaseClient,
  name: string,
  bindings: Binding[],
  config?: Parameters<SupabaseClient["channel"]>[1],
): Listener {
  const channel = client.channel(name, config);
  const changes = new Inbox<{ binding: number; payload: ChangePayload }>();
  const system = new Inbox<{ extension: string; status: string; message: string; channel: string }>();
  const statuses = new Inbox<{ status: string; error?: Error }>();
  bindings.forEach((b, i) => {
    channel.on("postgres_changes", b, (payload) =>
      changes.push({ binding: i, payload: payload as ChangePayload }),
    );
  });
  channel.on("system", {}, (payload) => system.push(payload));
  return { channel, changes, system, statuses };
}

/** Subscribes and resolves on SUBSCRIBED; rejects with the status and error on CHANNEL_ERROR / TIMED_OUT. */
export function subscribe(l: Listener): Promise<Listener> {
  return new Promise((resolve, reject) => {
    l.channel.subscribe((status, error) => {
      l.statuses.push({ status, error });
      if (status === "SUBSCRIBED") resolve(l);
      else if (status === "CHANNEL_ERROR" || status === "TIMED_OUT") {
        reject(Object.assign(new Error(`${status}: ${error?.message ?? ""}`), { status, cause: error }));
      }
    });
  });
}

/** Subscribes expecting CHANNEL_ERROR; the reason the server gave (fails the test if the join is accepted). */
export async function refusedJoin(l: Listener): Promise<string | undefined> {
  const err = await subscribe(l).then(
    () => null,
    (e: Error & { cause?: Error }) => e,
  );
  if (!err) throw new Error("the join was accepted");
  if (!err.message.startsWith("CHANNEL_ERROR")) throw new Error(`the join ended with ${err.message}`);
  return err.cause?.message;
}

/** listener() + subscribe() + the "Subscribed to PostgreSQL" confirmation. */
export async function listen(
  client: SupabaseClient,
  name: string,
  bindings: Binding[],
  config?: Parameters<SupabaseClient["channel"]>[1],
): Promise<Listener> {
  const l = await subscribe(listener(client, name, bindings, config));
  if (bindings.length > 0) {
    const sys = await l.system.waitFor(
      (m) => m.extension === "postgres_changes",
      "postgres_changes system message",
    );
    if (sys.status !== "ok") throw new Error(`subscription failed: ${sys.message}`);
  }
  return l;
}

export function unique(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

export async function superuser(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  return client;
}

/** Adds tables to the supabase_realtime publication unless they are in it already. */
export async function publish(db: pg.Client, ...tables: string[]): Promise<void> {
  for (const t of tables) {
    const [schema, table] = t.split(".");
    const { rows } = await db.query(
      "select 1 from pg_publication_tables where pubname = 'supabase_realtime' and schemaname = $1 and tablename = $2",
      [schema, table],
    );
    if (rows.length === 0) await db.query(`alter publication supabase_realtime add table ${t}`);
  }
}

export interface RealtimeStats {
  connections: number;
  channels: number;
  subscriptions: number;
  topic?: { name: string; channels: number; subscriptions: number };
  reader: {
    slot: string | null;
    state: "streaming" | "stopped";
    messages: number;
    batches: number;
    feedbacks: number;
    delivered: string | null;
    restarts: number;
  };
  dispatcher: { rlsChecks: number; rlsRows: number; rlsInvisible: number };
}

/** The service's internal counters (service role only); `topic` as the channel's full topic. */
export async function realtimeStats(
  topic?: string,
  base = supabaseUrl(),
  key = serviceRoleKey(),
): Promise<RealtimeStats> {
  const url = new URL("/realtime/v1/api/local/stats", base);
  if (topic) url.searchParams.set("topic", topic);
  const res = await fetch(url, { headers: { apikey: key } });
  if (res.status !== 200) throw new Error(`stats: HTTP ${res.status}`);
  return (await res.json()) as RealtimeStats;
}

export async function eventually<T>(
  fn: () => Promise<T>,
  ok: (v: T) => boolean,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function websocketUrl(query: Record<string, string>, base = supabaseUrl()): string {
  const url = new URL("/realtime/v1/websocket", base);
  url.protocol = url.protocol.replace("http", "ws");
  for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
  return url.toString();
}

const sockets: WebSocket[] = [];

/** A raw socket (the `ws` package) that records every frame it receives, decoded. */
export async function rawSocket(query: Record<string, string> = { apikey: anonKey(), vsn: "2.0.0" }) {
  const ws = new WebSocket(websocketUrl(query));
  sockets.push(ws);
  const frames = new Inbox<unknown>();
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on("close", (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  ws.on("message", (data, isBinary) => frames.push(isBinary ? data : JSON.parse(data.toString())));
  ws.on("error", () => {});
  await new Promise<void>((resolve, reject) => {
    ws.once("open", () => resolve());
    ws.once("unexpected-response", (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
  return {
    ws,
    frames,
    closed,
    send: (frame: unknown) => ws.send(typeof frame === "string" ? frame : JSON.stringify(frame)),
  };
}

/** Terminates every raw socket opened so far. */
export function closeRawSockets(): void {
  for (const ws of sockets.splice(0)) ws.terminate();
}
