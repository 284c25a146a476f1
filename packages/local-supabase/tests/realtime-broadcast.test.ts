// Realtime broadcast through the official client: over HTTP (realtime-js httpSend → POST
// /api/broadcast/{topic}/events/{event}) with JSON and binary payloads, and private channels, where RLS policies on
// realtime.messages (realtime.topic()) decide who may join and receive and who may send, as Realtime Authorization
// does.
import { randomUUID } from "node:crypto";
import type { SupabaseClient } from "@supabase/supabase-js";
import type pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { anonKey, supabaseUrl } from "../../../tests/support/supabase";
import { mintToken } from "../../../tests/support/tokens";
import {
  closeClients,
  Inbox,
  listener,
  realtimeClient,
  refusedJoin,
  subscribe,
  superuser,
  unique,
} from "./support/realtime";

afterEach(() => closeClients());

type Received = { event: string; payload?: unknown };

async function receiver(name: string, vsn: "1.0.0" | "2.0.0") {
  const channel = (await realtimeClient({ vsn })).channel(name);
  const got = new Inbox<Received>();
  channel.on("broadcast", { event: "*" }, (m) => got.push(m as Received));
  await subscribe({ channel, changes: new Inbox(), system: new Inbox(), statuses: new Inbox() });
  return got;
}

describe("broadcast over HTTP (httpSend)", () => {
  it("delivers a binary payload to vsn 2.0.0 subscribers as bytes, and none to vsn 1.0.0 ones", async () => {
    const name = unique("http-bin");
    const v2 = await receiver(name, "2.0.0");
    const v1 = await receiver(name, "1.0.0");
    const sender = (await realtimeClient()).channel(name);

    const bytes = new Uint8Array([0, 1, 2, 127, 128, 250, 255]);
    await expect(sender.httpSend("blob", bytes)).resolves.toEqual({ success: true });
    const blob = await v2.waitFor((m) => m.event === "blob", "binary broadcast");
    expect(blob.payload).toBeInstanceOf(ArrayBuffer);
    expect([...new Uint8Array(blob.payload as ArrayBuffer)]).toEqual([...bytes]);

    // A binary payload has no JSON form for vsn 1.0.0: the next JSON message is the first it gets.
    await expect(sender.httpSend("note", { n: 1 })).resolves.toEqual({ success: true });
    expect(await v1.waitFor((m) => m.event === "note", "JSON broadcast")).toMatchObject({
      payload: { n: 1 },
    });
    expect(await v2.waitFor((m) => m.event === "note", "JSON broadcast")).toMatchObject({
      payload: { n: 1 },
    });
    expect(v1.items.map((m) => m.event)).toEqual(["note"]);
  });

  it("refuses a body that is neither JSON nor bytes with Realtime's 415", async () => {
    const res = await fetch(`${supabaseUrl()}/realtime/v1/api/broadcast/${unique("t")}/events/e`, {
      method: "POST",
      headers: { apikey: anonKey(), "content-type": "text/plain" },
      body: "hello",
    });
    expect(res.status).toBe(415);
    expect(await res.json()).toEqual({
      error: "Unsupported Media Type. Use application/json or application/octet-stream",
    });
  });
});

describe("private channels (Realtime Authorization)", () => {
  const room = unique("priv-room");
  const reader = randomUUID();
  const writer = randomUUID();
  const policy = (what: string) => `"${room} ${what}"`;

  let db: pg.Client;
  beforeAll(async () => {
    db = await superuser();
    // Everyone signed in may read the room; only the writer may send or track presence in it.
    await db.query(`create policy ${policy("read")} on realtime.messages for select to authenticated
      using (realtime.topic() = '${room}' and extension in ('broadcast', 'presence'))`);
    await db.query(`create policy ${policy("write")} on realtime.messages for insert to authenticated
      with check (realtime.topic() = '${room}' and (select auth.uid()) = '${writer}'::uuid)`);
  });
  afterAll(async () => {
    await db.query(`drop policy if exists ${policy("read")} on realtime.messages`);
    await db.query(`drop policy if exists ${policy("write")} on realtime.messages`);
    await db.end();
  });

  const clientOf = async (sub: string) => realtimeClient({ token: await mintToken({ sub }) });
  /** Joins the private channel, collecting its broadcasts and (with presence) the presence joins it sees. */
  async function join(client: SupabaseClient, name: string, presence = false) {
    const l = listener(client, name, [], {
      config: { private: true, ...(presence ? { presence: { key: "k" } } : {}) },
    });
    const got = new Inbox<Received>();
    const joins = new Inbox<{ key: string }>();
    l.channel.on("broadcast", { event: "*" }, (m) => got.push(m as Received));
    if (presence) l.channel.on("presence", { event: "join" }, (p) => joins.push(p as { key: string }));
    await subscribe(l);
    return { ...l, got, joins };
  }

  it("refuses a join no policy lets read, with Realtime's reason", async () => {
    const anon = listener(await realtimeClient(), room, [], { config: { private: true } });
    expect(await refusedJoin(anon)).toBe(
      `Unauthorized: You do not have permissions to read from this Channel topic: ${room}`,
    );
    const elsewhere = unique("priv-closed");
    const user = listener(await clientOf(reader), elsewhere, [], { config: { private: true } });
    expect(await refusedJoin(user)).toBe(
      `Unauthorized: You do not have permissions to read from this Channel topic: ${elsewhere}`,
    );
    // The service role bypasses RLS, as on hosted Supabase.
    await subscribe(
      listener(await realtimeClient({ service: true }), elsewhere, [], { config: { private: true } }),
    );
  });

  it("delivers what a member may send to the members who may read, over the socket and over HTTP", async () => {
    const readerCh = await join(await clientOf(reader), room);
    const writerCh = await join(await clientOf(writer), room);
    const publicTwin = (await realtimeClient()).channel(room);
    const publicGot = new Inbox<Received>();
    publicTwin.on("broadcast", { event: "*" }, (m) => publicGot.push(m as Received));
    await subscribe({
      channel: publicTwin,
      changes: new Inbox(),
      system: new Inbox(),
      statuses: new Inbox(),
    });

    expect(await writerCh.channel.send({ type: "broadcast", event: "hi", payload: { from: "writer" } })).toBe(
      "ok",
    );
    expect(await readerCh.got.waitFor((m) => m.event === "hi", "socket broadcast")).toMatchObject({
      payload: { from: "writer" },
    });
    await expect(writerCh.channel.httpSend("over-http", { n: 1 })).resolves.toEqual({ success: true });
    expect(await readerCh.got.waitFor((m) => m.event === "over-http", "HTTP broadcast")).toMatchObject({
      payload: { n: 1 },
    });

    // The reader may not send: its pushes are dropped, its HTTP send refused.
    await readerCh.channel.send({ type: "broadcast", event: "from-reader", payload: {} });
    await expect(readerCh.channel.httpSend("from-reader", {})).rejects.toThrow("Unauthorized");
    expect(await writerCh.channel.send({ type: "broadcast", event: "last", payload: {} })).toBe("ok");
    await readerCh.got.waitFor((m) => m.event === "last", "the writer's last message");
    expect(readerCh.got.items.map((m) => m.event)).toEqual(["hi", "over-http", "last"]);
    // The public channel of the same name is another topic.
    expect(publicGot.items).toEqual([]);
  });

  it("lets only a member with the write policy track presence, seen by the members who may read", async () => {
    const readerCh = await join(await clientOf(reader), room, true);
    const writerCh = await join(await clientOf(writer), room, true);
    expect(await writerCh.channel.track({ online: true })).toBe("ok");
    expect(await readerCh.joins.waitFor(() => true, "presence join")).toMatchObject({ key: "k" });
    expect(await readerCh.channel.track({ online: true })).toBe("error");
  });

  it("ends a private channel when a refreshed token may no longer read it", async () => {
    const client = await clientOf(reader);
    const ch = await join(client, room);
    await client.realtime.setAuth(await mintToken({ sub: reader, role: "anon" }));
    const sys = await ch.system.waitFor((m) => m.extension === "system", "shutdown message");
    expect(sys).toMatchObject({
      status: "error",
      message: `You do not have permissions to read from this Channel topic: ${room}`,
    });
    await ch.statuses.waitFor((st) => st.status === "CLOSED", "CLOSED status");
  });
});
