// Realtime's protective limits, on a stack of its own started with small limits: sockets that stop
// heartbeating are closed, and a client that stops reading is dropped without holding back anyone else.
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { startStackProcess, type StackProcess } from "../../../tests/support/stack-process";
import {
  closeClients,
  eventually,
  Inbox,
  listen,
  realtimeClient,
  realtimeStats,
  unique,
  websocketUrl,
} from "./support/realtime";

let stack: StackProcess;
let db: pg.Client;
const sockets: WebSocket[] = [];

beforeAll(async () => {
  stack = await startStackProcess({
    extraEnv: {
      // Small enough to test quickly, large enough that a normal client on a loaded 2-core CI machine
      // (the whole suite runs in parallel) is never mistaken for an idle or a slow one.
      HEARTH_REALTIME_IDLE_TIMEOUT_MS: "4000",
      HEARTH_REALTIME_SOFT_BUFFER_BYTES: String(4 * 1024 * 1024),
      HEARTH_REALTIME_HARD_BUFFER_BYTES: String(16 * 1024 * 1024),
      HEARTH_REALTIME_SLOW_GRACE_MS: "10000",
    },
  });
  db = new pg.Client({ connectionString: stack.env.DATABASE_URL });
  await db.connect();
  await db.query(`
    create schema if not exists rt_limits;
    grant usage on schema rt_limits to anon, authenticated, service_role;
    create table rt_limits.blobs (id bigserial primary key, run text not null, body text);
    grant select on rt_limits.blobs to anon, authenticated, service_role;
    alter publication supabase_realtime add table rt_limits.blobs;
  `);
});

afterEach(async () => {
  for (const ws of sockets.splice(0)) ws.terminate();
  await closeClients();
});

afterAll(async () => {
  await db?.end();
  await stack?.stop();
  stack?.remove();
});

const url = () => stack.env.NEXT_PUBLIC_SUPABASE_URL!;
const stats = (topic: string) => realtimeStats(topic, url(), stack.env.SUPABASE_SERVICE_ROLE_KEY);

async function open(): Promise<{ ws: WebSocket; frames: Inbox<unknown[]>; closed: Promise<number> }> {
  const ws = new WebSocket(
    websocketUrl({ apikey: stack.env.NEXT_PUBLIC_SUPABASE_ANON_KEY!, vsn: "2.0.0" }, url()),
  );
  sockets.push(ws);
  const frames = new Inbox<unknown[]>();
  ws.on("message", (data) => frames.push(JSON.parse(data.toString())));
  ws.on("error", () => {});
  const closed = new Promise<number>((resolve) => ws.on("close", (code) => resolve(code)));
  await new Promise((resolve) => ws.once("open", resolve));
  return { ws, frames, closed };
}

describe("realtime limits", () => {
  it("closes a socket that stops heartbeating and keeps one that heartbeats", async () => {
    const silent = await open();
    const alive = await open();
    let ref = 0;
    const beat = setInterval(
      () => alive.ws.send(JSON.stringify([null, String(++ref), "phoenix", "heartbeat", {}])),
      400,
    );
    try {
      const started = Date.now();
      expect(await silent.closed).toBe(1000);
      expect(Date.now() - started).toBeGreaterThanOrEqual(3_000);
      await new Promise((r) => setTimeout(r, 4_500));
      expect(alive.ws.readyState).toBe(WebSocket.OPEN);
      expect(alive.frames.items.length).toBeGreaterThan(10);
    } finally {
      clearInterval(beat);
    }
  });

  it("drops a client that stops reading, while others receive everything", { timeout: 90_000 }, async () => {
    const run = unique("slow");
    const binding = {
      event: "INSERT" as const,
      schema: "rt_limits",
      table: "blobs",
      filter: `run=eq.${run}`,
    };
    const reader = await listen(
      // heartbeats well within this stack's 4 s idle timeout
      await realtimeClient({
        url: url(),
        apiKey: stack.env.NEXT_PUBLIC_SUPABASE_ANON_KEY,
        heartbeatIntervalMs: 400,
      }),
      unique("reader"),
      [binding],
    );

    const slow = await open();
    const topic = `realtime:${unique("stalled")}`;
    slow.ws.send(JSON.stringify(["1", "1", topic, "phx_join", { config: { postgres_changes: [binding] } }]));
    await slow.frames.waitFor((f) => f[3] === "system", "slow client subscribed");
    const beat = setInterval(
      () => slow.ws.send(JSON.stringify([null, "hb", "phoenix", "heartbeat", {}])),
      400,
    );
    slow.ws.pause(); // stop reading: the server's output to this client piles up

    try {
      const rows = 1_200;
      for (let i = 0; i < rows; i += 20) {
        await db.query(
          "insert into rt_limits.blobs (run, body) select $1, repeat(md5(g::text), 1000) from generate_series(1, 20) g",
          [run],
        );
        // Pace the writer to the normal reader (on a loaded machine this test process may read slowly, and
        // only the stalled client should ever build a backlog); the stalled one keeps falling behind.
        await reader.changes.waitForCount(i + 20, `${i + 20} changes`, 30_000);
      }
      await reader.changes.waitForCount(rows, `${rows} changes`, 60_000);
      const after = await eventually(
        () => stats(topic),
        (s) => s.topic?.channels === 0,
        15_000,
      );
      expect(after.topic).toEqual({ name: topic, channels: 0, subscriptions: 0 });
      expect(reader.changes.items.map((c) => c.payload.new.run)).toEqual(Array(rows).fill(run));
    } finally {
      clearInterval(beat);
    }
  });
});
