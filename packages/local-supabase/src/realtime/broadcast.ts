// Broadcast on a topic: JSON and binary (vsn 2.0.0 user broadcast) pushes from a channel to the other channels of
// its topic (and itself with `self`), acknowledged with `ack`, and the REST API's messages to a topic. On a
// private topic a sender needs the broadcast write permission and a receiver the read one (authorization.ts);
// an unauthorized push is dropped without an answer, as Realtime's BroadcastHandler does.
import type { Channel } from "./channel";
import type { Hub } from "./hub";
import { encodeReply, encodeUserBroadcast, isObject, type Frame, type UserBroadcastPush } from "./protocol";

export async function broadcastJson(channel: Channel, frame: Frame): Promise<void> {
  if (!isObject(frame.payload) || !(await channel.canWrite("broadcast"))) return;
  const json = JSON.stringify(frame.payload);
  for (const ch of receivers(channel.hub, channel.topicKey)) {
    if (ch === channel && !channel.options.broadcastSelf) continue;
    ch.pushRaw("broadcast", json);
  }
  if (channel.options.broadcastAck)
    channel.conn.send(encodeReply(channel.conn.vsn, frame.joinRef, frame.ref, channel.topic, "ok", {}));
}

export async function broadcastBinary(channel: Channel, msg: UserBroadcastPush): Promise<void> {
  if (msg.encoding === 1 && !isJson(msg.payload)) return;
  if (!(await channel.canWrite("broadcast"))) return;
  sendUserBroadcast(
    receivers(channel.hub, channel.topicKey),
    channel.options.broadcastSelf ? null : channel,
    msg,
  );
  if (channel.options.broadcastAck)
    channel.conn.send(encodeReply(channel.conn.vsn, msg.joinRef, msg.ref, channel.topic, "ok", {}));
}

/** The channels of a topic that may receive its broadcast. */
function receivers(hub: Hub, topicKey: string): Channel[] {
  return [...(hub.topics.get(topicKey) ?? [])].filter((ch) => ch.canRead("broadcast"));
}

function isJson(bytes: Buffer): boolean {
  try {
    JSON.parse(bytes.toString("utf8"));
    return true;
  } catch {
    return false;
  }
}

/**
 * A user broadcast (Realtime's UserBroadcast) to channels: vsn 2.0.0 sockets get the binary frame; 1.0.0 sockets
 * get a JSON payload as a JSON broadcast, and a binary payload not at all (it has no JSON form; Realtime's
 * MessageDispatcher drops it for them too).
 */
function sendUserBroadcast(
  channels: Iterable<Channel>,
  except: Channel | null,
  msg: Pick<UserBroadcastPush, "topic" | "event" | "encoding" | "payload">,
): void {
  const binary = encodeUserBroadcast(msg.topic, msg.event, msg.encoding, msg.payload);
  const v1 =
    msg.encoding === 1
      ? `{"type":"broadcast","event":${JSON.stringify(msg.event)},"payload":${msg.payload.toString("utf8")}}`
      : null;
  for (const ch of channels) {
    if (ch === except) continue;
    if (ch.conn.vsn === "2.0.0") {
      if (binary) ch.conn.send(binary);
    } else if (v1) {
      ch.pushRaw("broadcast", v1);
    }
  }
}

/** A REST API message to the channels joined to the topic `realtime:<topic>` (public, or private ones that may read
 * it; the sender's write permission is the caller's to check): a JSON payload, or bytes
 * (POST /api/broadcast/{topic}/events/{event} with `Content-Type: application/octet-stream`). */
export function broadcastToTopic(
  hub: Hub,
  message: { topic: string; event: string; payload: unknown; isPrivate: boolean },
): void {
  const { topic, event, payload } = message;
  const channels = receivers(hub, `${message.isPrivate ? "private" : "public"}:realtime:${topic}`);
  if (Buffer.isBuffer(payload)) {
    sendUserBroadcast(channels, null, { topic: `realtime:${topic}`, event, encoding: 0, payload });
    return;
  }
  const json = JSON.stringify({ type: "broadcast", event, payload });
  for (const ch of channels) ch.pushRaw("broadcast", json);
}
