// Presence on a channel's topic: track / untrack from the client (answered on the frame's ref), the state a
// joining channel gets, and the diffs every presence-enabled channel of the topic receives.
import { randomBytes } from "node:crypto";
import type { Channel } from "./channel";
import type { PresenceEntry } from "./hub";
import { encodeReply, isObject, stableStringify, type Frame, type Json } from "./protocol";

export const presenceRef = () => randomBytes(9).toString("base64url");

export async function handlePresence(channel: Channel, frame: Frame): Promise<void> {
  const { conn } = channel;
  const reply = (status: "ok" | "error", response: unknown) =>
    conn.send(encodeReply(conn.vsn, frame.joinRef, frame.ref, channel.topic, status, response));
  const p = frame.payload;
  if (!isObject(p) || typeof p.event !== "string") return reply("ok", {});
  const event = p.event.toLowerCase();
  if (event === "track") {
    // On a private channel only a token that may insert the topic's presence messages tracks (Realtime's
    // PresenceHandler answers an unauthorized track with a bare error).
    if (!(await channel.canWrite("presence"))) return reply("error", {});
    const meta = p.payload ?? {};
    if (!isObject(meta)) return reply("error", { reason: "Presence track payload must be a map" });
    channel.presenceEnabled = true;
    track(channel, meta);
    return reply("ok", {});
  }
  if (event === "untrack") {
    untrack(channel);
    return reply("ok", {});
  }
  return reply("error", {});
}

export function pushPresenceState(channel: Channel): void {
  const state: Record<string, { metas: Json[] }> = {};
  for (const [key, entries] of channel.hub.presence.get(channel.topicKey) ?? []) {
    state[key] = { metas: entries.map((e) => e.meta) };
  }
  channel.push("presence_state", state);
}

function track(channel: Channel, payload: Json): void {
  const { hub, topicKey } = channel;
  let byKey = hub.presence.get(topicKey);
  if (!byKey) hub.presence.set(topicKey, (byKey = new Map()));
  const key = channel.options.presenceKey;
  let entries = byKey.get(key);
  if (!entries) byKey.set(key, (entries = []));
  const existing = entries.find((e) => e.channel === channel);
  const meta: Json = { ...payload, phx_ref: presenceRef() };
  const leaves: Record<string, { metas: Json[] }> = {};
  if (existing) {
    const { phx_ref: prevRef, phx_ref_prev: _prev, ...prevPayload } = existing.meta;
    if (stableStringify(prevPayload) === stableStringify(payload)) return;
    meta.phx_ref_prev = prevRef;
    leaves[key] = { metas: [existing.meta] };
    existing.meta = meta;
  } else {
    entries.push({ channel, meta } satisfies PresenceEntry);
  }
  presenceDiff(channel, { [key]: { metas: [meta] } }, leaves);
}

/** Removes the channel's presence (on untrack, and when the channel stops). */
export function untrack(channel: Channel): void {
  const { hub, topicKey } = channel;
  const byKey = hub.presence.get(topicKey);
  const key = channel.options.presenceKey;
  const entries = byKey?.get(key);
  const idx = entries?.findIndex((e) => e.channel === channel) ?? -1;
  if (!byKey || !entries || idx < 0) return;
  const [removed] = entries.splice(idx, 1);
  if (entries.length === 0) byKey.delete(key);
  if (byKey.size === 0) hub.presence.delete(topicKey);
  presenceDiff(channel, {}, { [key]: { metas: [removed!.meta] } });
}

function presenceDiff(channel: Channel, joins: Json, leaves: Json): void {
  const json = JSON.stringify({ joins, leaves });
  for (const ch of channel.hub.topics.get(channel.topicKey) ?? []) {
    if (ch.presenceEnabled && !ch.closed && ch.canRead("presence")) ch.pushRaw("presence_diff", json);
  }
}
