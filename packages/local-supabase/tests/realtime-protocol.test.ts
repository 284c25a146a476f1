// The Realtime socket itself: API key check at the upgrade, the exact Phoenix frames (vsn 2.0.0 arrays and
// vsn 1.0.0 objects), subscription errors reported as Realtime reports them, robustness against garbage,
// cleanup of abruptly closed sockets, broadcast and presence.
import type pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { anonKey } from "../../../tests/support/supabase";
import {
  closeClients,
  closeRawSockets,
  eventually,
  Inbox,
  listen,
  listener,
  publish,
  rawSocket,
  realtimeClient,
  realtimeStats,
  subscribe,
  superuser,
  unique,
  websocketUrl,
} from "./support/realtime";

let db: pg.Client;

beforeAll(async () => {
  db = await superuser();
  await db.query(`
    create schema if not exists rt_proto;
    grant usage on schema rt_proto to anon, authenticated, service_role;
    create table if not exists rt_proto.events (id bigserial primary key, topic text not null, n int, body text);
    create table if not exists rt_proto.unpublished (id bigserial primary key, topic text);
    grant select on rt_proto.events, rt_proto.unpublished to anon, authenticated, service_role;
  `);
  await publish(db, "rt_proto.events");
});

afterEach(async () => {
  closeRawSockets();
  await closeClients();
});
afterAll(() => db.end());

/** The HTTP answer to an upgrade request the server refuses. */
function refusedUpgrade(query: Record<string, string>): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(websocketUrl(query));
    ws.on("open", () => {
      ws.terminate();
      reject(new Error("the upgrade was accepted"));
    });
    ws.on("error", () => {});
    ws.on("unexpected-response", (_req, res) => {
      let text = "";
      res.on("data", (d: Buffer) => (text += d.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    });
  });
}

describe("realtime socket", () => {
  it("refuses the upgrade without a valid API key or with an unknown protocol version", async () => {
    expect(await refusedUpgrade({ vsn: "2.0.0" })).toEqual({
      status: 401,
      body: { message: "No API key found in request" },
    });
    expect(await refusedUpgrade({ apikey: "not-a-key", vsn: "2.0.0" })).toEqual({
      status: 401,
      body: { message: "Invalid authentication credentials" },
    });
    expect((await refusedUpgrade({ apikey: anonKey(), vsn: "3.0.0" })).status).toBe(403);
  });

  it("speaks vsn 2.0.0: heartbeat, join reply, system message, change, leave and close frames", async () => {
    const s = await rawSocket();
    s.send([null, "1", "phoenix", "heartbeat", {}]);
    expect(await s.frames.waitFor((f) => (f as unknown[])[1] === "1")).toEqual([
      null,
      "1",
      "phoenix",
      "phx_reply",
      { status: "ok", response: {} },
    ]);

    const topic = `realtime:${unique("raw")}`;
    const binding = { event: "INSERT", schema: "rt_proto", table: "events", filter: `topic=eq.${topic}` };
    s.send(["3", "3", topic, "phx_join", { config: { postgres_changes: [binding] } }]);
    const reply = (await s.frames.waitFor((f) => (f as unknown[])[1] === "3", "join reply")) as unknown[];
    expect(reply.slice(0, 4)).toEqual(["3", "3", topic, "phx_reply"]);
    const response = reply[4] as {
      status: string;
      response: { postgres_changes: Array<Record<string, unknown>> };
    };
    expect(response.status).toBe("ok");
    expect(response.response.postgres_changes).toEqual([{ ...binding, id: expect.any(Number) }]);
    const id = response.response.postgres_changes[0]!.id;
    expect(await s.frames.waitFor((f) => (f as unknown[])[3] === "system", "system message")).toEqual([
      "3",
      null,
      topic,
      "system",
      {
        extension: "postgres_changes",
        status: "ok",
        message: "Subscribed to PostgreSQL",
        channel: topic.slice(9),
      },
    ]);

    const { rows } = await db.query(
      "insert into rt_proto.events (topic, n, body) values ($1, 7, 'hi') returning id",
      [topic],
    );
    const change = (await s.frames.waitFor(
      (f) => (f as unknown[])[3] === "postgres_changes",
      "change",
    )) as unknown[];
    expect(change).toEqual([
      null,
      null,
      topic,
      "postgres_changes",
      {
        ids: [id],
        data: {
          schema: "rt_proto",
          table: "events",
          commit_timestamp: expect.stringMatching(/Z$/),
          type: "INSERT",
          columns: [
            { name: "id", type: "int8" },
            { name: "topic", type: "text" },
            { name: "n", type: "int4" },
            { name: "body", type: "text" },
          ],
          record: { id: Number(rows[0].id), topic, n: 7, body: "hi" },
          errors: null,
        },
      },
    ]);

    s.send(["3", "4", topic, "phx_leave", {}]);
    await s.frames.waitFor((f) => (f as unknown[])[3] === "phx_close", "phx_close");
    const tail = s.frames.items.slice(-2);
    expect(tail).toEqual([
      ["3", "4", topic, "phx_reply", { status: "ok", response: {} }],
      ["3", "3", topic, "phx_close", {}],
    ]);
    s.send(["3", "5", topic, "access_token", { access_token: "x" }]);
    expect(await s.frames.waitFor((f) => (f as unknown[])[1] === "5", "reply after leave")).toEqual([
      "3",
      "5",
      topic,
      "phx_reply",
      { status: "error", response: { reason: "unmatched topic" } },
    ]);
  });

  it("speaks vsn 1.0.0 with the official client", async () => {
    const topic = unique("v1");
    const l = await listen(await realtimeClient({ vsn: "1.0.0" }), topic, [
      { event: "*", schema: "rt_proto", table: "events", filter: `topic=eq.${topic}` },
    ]);
    await db.query("insert into rt_proto.events (topic, n) values ($1, 1)", [topic]);
    const c = await l.changes.waitFor(() => true, "change over vsn 1.0.0");
    expect(c.payload).toMatchObject({ eventType: "INSERT", new: { topic, n: 1 } });

    const raw = await rawSocket({ apikey: anonKey(), vsn: "1.0.0" });
    raw.send({ topic: "phoenix", event: "heartbeat", payload: {}, ref: "9" });
    expect(await raw.frames.waitFor((f) => (f as { ref?: string }).ref === "9")).toEqual({
      topic: "phoenix",
      event: "phx_reply",
      payload: { status: "ok", response: {} },
      ref: "9",
    });
  });

  it("reports invalid subscriptions the way Realtime does", async () => {
    const client = await realtimeClient();
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{ table: "events", filter: "n=foo.1" }, /^Error parsing `filter` params: \["foo", "1"\]$/],
      [{ table: "events", filter: "n=in.1,2" }, /^Error parsing `filter` params: \["2"\]|must be wrapped/],
      [
        { table: "nope" },
        /^Unable to subscribe to changes with given parameters\. Please check Realtime is enabled/,
      ],
      [
        { table: "unpublished" },
        /^Unable to subscribe to changes with given parameters\. Please check Realtime is enabled/,
      ],
      [
        { table: "events", filter: "missing=eq.1" },
        /Exception: ERROR P0001 \(raise_exception\) invalid column for filter missing$/,
      ],
      [
        { table: "events", filter: "n=eq.abc" },
        /Exception: ERROR 22P02 \(invalid_text_representation\) invalid input syntax for type integer: "abc"$/,
      ],
    ];
    for (const [params, expected] of cases) {
      const l = listener(client, unique("invalid"), [{ event: "*", schema: "rt_proto", ...params }]);
      await subscribe(l); // the join itself succeeds, as with Realtime
      const sys = await l.system.waitFor((m) => m.extension === "postgres_changes", "system message");
      expect(sys.status, JSON.stringify(params)).toBe("error");
      expect(sys.message, JSON.stringify(params)).toMatch(expected);
      expect((await realtimeStats(l.channel.topic)).topic).toMatchObject({ channels: 1, subscriptions: 0 });
    }

    // With postgres_changes_options.wait the join itself fails.
    const waiting = listener(client, unique("wait"), [{ event: "*", schema: "rt_proto", table: "nope" }], {
      config: { postgres_changes_options: { wait: true } },
    });
    const err = await subscribe(waiting).then(
      () => null,
      (e: Error & { cause?: Error }) => e,
    );
    expect(err?.cause?.message).toMatch(/^RealtimeDisabledForConfiguration: Unable to subscribe/);
  });

  it("survives garbage frames and keeps serving", async () => {
    const s = await rawSocket();
    const topic = `realtime:${unique("garbage")}`;
    const garbage: Array<string | Buffer> = [
      "not json",
      "{}",
      "[]",
      "[1,2,3]",
      JSON.stringify([null, null, 42, "phx_join", {}]),
      JSON.stringify([null, { x: 1 }, "phoenix", "heartbeat", {}]),
      JSON.stringify([null, null, "phoenix", "heartbeat"]),
      JSON.stringify({ topic: "phoenix", event: "heartbeat", payload: {}, ref: "1" }), // a vsn 1.0.0 frame
      Buffer.from([3, 200, 200, 200, 200, 200, 1, 0]),
      Buffer.from([0, 1, 2, 3]),
      "\u0000\u0001\u0002",
      "9".repeat(10_000),
    ];
    for (const g of garbage) s.ws.send(g);
    const joins: Array<[unknown, string]> = [
      ["oops", "InvalidJoinPayload: unable to parse, expected a map"],
      [{ config: "x" }, "InvalidJoinPayload: config: unable to parse, expected a map"],
      [
        { config: { postgres_changes: {} } },
        "InvalidJoinPayload: postgres_changes: unable to parse, expected an array of maps",
      ],
      [
        { config: { postgres_changes: [1, "x"] } },
        "InvalidJoinPayload: postgres_changes: unable to parse, expected an array of maps",
      ],
      [{ access_token: 12, config: { postgres_changes: [{ event: 1, schema: [] }] } }, ""],
    ];
    joins.forEach(([payload], i) => s.send([`j${i}`, `j${i}`, topic, "phx_join", payload]));
    for (const [i, [, reason]] of joins.entries()) {
      const reply = (await s.frames.waitFor(
        (f) => (f as unknown[])[1] === `j${i}`,
        `join reply ${i}`,
      )) as unknown[];
      if (reason) expect(reply[4]).toEqual({ status: "error", response: { reason } });
      else expect((reply[4] as { status: string }).status).toBe("ok");
    }
    // The last join succeeded (the binding is reported as invalid); unknown events on it are ignored.
    s.send(["j4", "u1", topic, "no_such_event", { a: 1 }]);
    s.send(["j4", "u2", topic, "broadcast", "not an object"]);
    s.send(["j4", "u3", topic, "presence", { event: "track", payload: "not a map" }]);
    s.send(["j4", "u4", topic, "access_token", { access_token: null }]);
    s.send([null, "hb", "phoenix", "heartbeat", {}]);
    expect(await s.frames.waitFor((f) => (f as unknown[])[1] === "hb", "heartbeat after garbage")).toEqual([
      null,
      "hb",
      "phoenix",
      "phx_reply",
      { status: "ok", response: {} },
    ]);
    expect(await s.frames.waitFor((f) => (f as unknown[])[1] === "u3")).toEqual([
      "j4",
      "u3",
      topic,
      "phx_reply",
      { status: "error", response: { reason: "Presence track payload must be a map" } },
    ]);
    expect(s.frames.items.some((f) => Array.isArray(f) && f[1] === "u1")).toBe(false);

    // Frames above Realtime's 5 MB limit close the socket.
    s.ws.send("x".repeat(5_100_000));
    // (1009 "message too big"; 1006 when the server's close frame is cut off by the client still sending)
    expect([1009, 1006]).toContain((await s.closed).code);

    // The service is fine: a new subscriber gets changes.
    const name = unique("after-garbage");
    const l = await listen(await realtimeClient(), name, [
      { event: "INSERT", schema: "rt_proto", table: "events", filter: `topic=eq.${name}` },
    ]);
    await db.query("insert into rt_proto.events (topic) values ($1)", [name]);
    await l.changes.waitFor(() => true, "change after garbage");
  });

  it("cleans up the channels of a socket that disappears without a close handshake", async () => {
    const s = await rawSocket();
    const topic = `realtime:${unique("abrupt")}`;
    s.send([
      "1",
      "1",
      topic,
      "phx_join",
      { config: { postgres_changes: [{ event: "*", schema: "rt_proto", table: "events" }] } },
    ]);
    await s.frames.waitFor((f) => (f as unknown[])[3] === "system", "subscribed");
    expect((await realtimeStats(topic)).topic).toEqual({ name: topic, channels: 1, subscriptions: 1 });
    s.ws.terminate();
    const after = await eventually(
      () => realtimeStats(topic),
      (st) => st.topic?.channels === 0,
    );
    expect(after.topic).toEqual({ name: topic, channels: 0, subscriptions: 0 });
    // Changes keep flowing for everyone else.
    const name = unique("after-abrupt");
    const l = await listen(await realtimeClient(), name, [
      { event: "INSERT", schema: "rt_proto", table: "events", filter: `topic=eq.${name}` },
    ]);
    await db.query("insert into rt_proto.events (topic) values ($1)", [name]);
    await l.changes.waitFor(() => true, "change after abrupt close");
  });

  it("relays broadcast messages and presence between clients of a public channel", async () => {
    const name = unique("room");
    const [c1, c2] = [await realtimeClient(), await realtimeClient()];
    const got1 = new Inbox<unknown>();
    const got2 = new Inbox<unknown>();
    const joins2 = new Inbox<unknown>();
    const ch1 = c1.channel(name, {
      config: { broadcast: { self: false, ack: true }, presence: { key: "one" } },
    });
    ch1.on("broadcast", { event: "hello" }, (p) => got1.push(p));
    const ch2 = c2.channel(name, { config: { presence: { key: "two" } } });
    ch2.on("broadcast", { event: "hello" }, (p) => got2.push(p));
    ch2.on("presence", { event: "join" }, (p) => joins2.push(p));
    await subscribe({ channel: ch1, changes: new Inbox(), system: new Inbox(), statuses: new Inbox() });
    await subscribe({ channel: ch2, changes: new Inbox(), system: new Inbox(), statuses: new Inbox() });

    expect(await ch1.send({ type: "broadcast", event: "hello", payload: { n: 1 } })).toBe("ok");
    expect(await got2.waitFor(() => true, "broadcast")).toMatchObject({
      type: "broadcast",
      event: "hello",
      payload: { n: 1 },
    });
    expect(got1.items).toEqual([]);

    expect(await ch1.track({ status: "online" })).toBe("ok");
    const join = (await joins2.waitFor(() => true, "presence join")) as {
      key: string;
      newPresences: unknown[];
    };
    expect(join.key).toBe("one");
    expect(join.newPresences).toEqual([expect.objectContaining({ status: "online" })]);
    expect(ch2.presenceState()).toMatchObject({ one: [expect.objectContaining({ status: "online" })] });
  });
});
