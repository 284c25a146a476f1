// Broadcast on a topic: JSON and binary (vsn 2.0.0 user broadcast) pushes from a channel to the other channels of
// its topic (and itself with `self`), acknowledged with `ack`, and the REST API's messages to a topic.
import type { Channel } from "./channel";
import type { Hub } from "./hub";
import { encodeReply, encodeUserBroadcast, isObject, type Frame, type UserBroadcastPush } from "./protocol";

/** Public channels only: private channels need Realtime Authorization policies, which the local stack lacks. */
export function broadcastJson(channel: Channel, frame: Frame): void {
  if (!isObject(frame.payload) || channel.options.isPrivate) return;
  const json = JSON.stringify(frame.payload);
  for (const ch of channel.hub.topics.get(channel.topicKey) ?? []) {
    if (ch === channel && !channel.options.broadcastSelf) continue;
    ch.pushRaw("broadcast", json);
  }
  if (channel.options.broadcastAck)
    channel.conn.send(encodeReply(channel.conn.vsn, frame.joinRef, frame.ref, channel.topic, "ok", {}));
}

export function broadcastBinary(channel: Channel, msg: UserBroadcastPush): void {
  if (channel.options.isPrivate) return;
  let jsonText: string | null = null;
  if (msg.encoding === 1) {
    jsonText = msg.payload.toString("utf8");
    try {
      JSON.parse(jsonText);
    } catch {
      return;
    }
  }
  const binary = encodeUserBroadcast(channel.topic, msg.event, msg.encoding, msg.payload);
  const v1 =
    jsonText === null
      ? null
      : `{"type":"broadcast","event":${JSON.stringify(msg.event)},"payload":${jsonText}}`;
  for (const ch of channel.hub.topics.get(channel.topicKey) ?? []) {
    if (ch === channel && !channel.options.broadcastSelf) continue;
    if (ch.conn.vsn === "2.0.0") {
      if (binary) ch.conn.send(binary);
    } else if (v1) {
      ch.pushRaw("broadcast", v1);
    }
  }
  if (channel.options.broadcastAck)
    channel.conn.send(encodeReply(channel.conn.vsn, msg.joinRef, msg.ref, channel.topic, "ok", {}));
}

/** A REST API message to every channel joined to the public topic `realtime:<topic>`. */
export function broadcastToTopic(hub: Hub, topic: string, event: string, payload: unknown): void {
  const json = JSON.stringify({ type: "broadcast", event, payload });
  for (const ch of hub.topics.get(`public:realtime:${topic}`) ?? []) ch.pushRaw("broadcast", json);
}
