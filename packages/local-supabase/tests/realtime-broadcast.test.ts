// Realtime broadcast over HTTP (realtime-js httpSend → POST /api/broadcast/{topic}/events/{event}) through the
// official client: JSON and binary payloads reach the topic's subscribers as Realtime delivers them.
import { afterEach, describe, expect, it } from "vitest";
import { anonKey, supabaseUrl } from "../../../tests/support/supabase";
import { closeClients, Inbox, realtimeClient, subscribe, unique } from "./support/realtime";

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
