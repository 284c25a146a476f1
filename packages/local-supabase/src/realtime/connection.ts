// One Realtime WebSocket and its channels: Phoenix frames in (processed in order, one at a time), heartbeat
// replies, phx_join / phx_leave / access_token / broadcast / presence, token expiry, and every frame out
// through send(), which drops a client whose unsent output keeps growing so it can never hold others back.
import { randomBytes } from "node:crypto";
import type { JWTPayload } from "jose";
import type { Duplex } from "node:stream";
import type { RawData, WebSocket } from "ws";
import type { Hub, PresenceEntry } from "./hub";
import {
  decodeBinary,
  decodeText,
  encode,
  encodeRaw,
  encodeReply,
  encodeUserBroadcast,
  type Frame,
  type UserBroadcastPush,
  type Vsn,
} from "./protocol";
import { parseLsn } from "./pgoutput";
import { compileSubscriptions, type SubscribeResult } from "./subscribe";
import { verifyToken, type SubscriberRole, type VerifiedClaims } from "./tokens";

let nextConnectionId = 1;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === "object" && !Array.isArray(v);
const flag = (v: unknown) => v === true || v === "true";

interface Binding {
  id: number;
  params: Json;
}

interface ChannelOptions {
  broadcastSelf: boolean;
  broadcastAck: boolean;
  presenceEnabled: boolean;
  presenceKey: string;
  isPrivate: boolean;
  wait: boolean;
}

function stableStringify(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableStringify).join(",")}]`;
  if (isObject(v)) {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableStringify(v[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(v) ?? "null";
}

/** A number derived from the binding's parameters, like Realtime's :erlang.phash2(params) (0..2^27-1). */
function bindingId(params: Json): number {
  let h = 0x811c9dc5;
  for (const ch of Buffer.from(stableStringify(params), "utf8")) {
    h ^= ch;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h & 0x7ffffff;
}

const presenceRef = () => randomBytes(9).toString("base64url");

export class Channel {
  closed = false;
  joinLsn = 0n;
  token: string;
  claims: JWTPayload;
  role: SubscriberRole;
  /** JSON of the claims as set in request.jwt.claims; identical claims share RLS checks. */
  claimsJson: string;
  presenceEnabled: boolean;
  private expiryTimer: NodeJS.Timeout | null = null;

  constructor(
    readonly conn: Connection,
    readonly topic: string,
    readonly joinRef: string | null,
    readonly options: ChannelOptions,
    readonly bindings: Binding[],
    token: string,
    verified: VerifiedClaims,
  ) {
    this.token = token;
    this.claims = verified.claims;
    this.role = verified.role;
    this.claimsJson = JSON.stringify(verified.claims);
    this.presenceEnabled = options.presenceEnabled;
    this.scheduleExpiry(verified.exp);
  }

  get subTopic(): string {
    return this.topic.slice("realtime:".length);
  }

  get topicKey(): string {
    return `${this.options.isPrivate ? "private" : "public"}:${this.topic}`;
  }

  get hub(): Hub {
    return this.conn.hub;
  }

  /** A push from the channel (carries the join_ref, like Phoenix' push/3). */
  push(event: string, payload: unknown): void {
    this.conn.send(
      encode(this.conn.vsn, { joinRef: this.joinRef, ref: null, topic: this.topic, event, payload }),
    );
  }

  /** A fan-out message (join_ref and ref null, payload already JSON). */
  pushRaw(event: string, payloadJson: string): void {
    this.conn.send(encodeRaw(this.conn.vsn, null, null, this.topic, event, payloadJson));
  }

  pushSystem(extension: string, status: "ok" | "error", message: string): void {
    this.push("system", { extension, status, message, channel: this.subTopic });
  }

  async compile(): Promise<SubscribeResult> {
    return compileSubscriptions(this.hub.db, this.hub.catalog, this.role, this.bindings);
  }

  /** Leaves the channel server-side: no more deliveries, presence untracked. */
  stop(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.expiryTimer) clearTimeout(this.expiryTimer);
    this.hub.removeSubscriptions(this);
    this.untrack();
    this.hub.leaveTopic(this);
    if (this.conn.channels.get(this.topic) === this) this.conn.channels.delete(this.topic);
  }

  /** Ends the channel the way Realtime's shutdown_response does: system error message, then phx_close. */
  shutdown(message: string): void {
    if (this.closed) return;
    this.pushSystem("system", "error", message);
    this.stop();
    this.conn.send(
      encode(this.conn.vsn, {
        joinRef: this.joinRef,
        ref: this.joinRef,
        topic: this.topic,
        event: "phx_close",
        payload: {},
      }),
    );
  }

  private scheduleExpiry(exp: number): void {
    if (this.expiryTimer) clearTimeout(this.expiryTimer);
    const ms = exp * 1000 - Date.now();
    this.expiryTimer = setTimeout(
      () => {
        if (this.closed) return;
        const now = Date.now() / 1000;
        if (now >= exp) this.shutdown(`Token has expired ${Math.floor(now - exp)} seconds ago`);
        else this.scheduleExpiry(exp);
      },
      Math.min(Math.max(ms, 0), 2 ** 31 - 1),
    );
    this.expiryTimer.unref();
  }

  async refreshToken(payload: unknown): Promise<void> {
    const token = isObject(payload) ? payload.access_token : undefined;
    if (typeof token !== "string" || token.startsWith("sb_") || token === this.token) return;
    const check = await verifyToken(this.hub.keys, token);
    if (this.closed) return;
    if (!check.ok) {
      this.shutdown(check.message);
      return;
    }
    this.token = token;
    this.claims = check.value.claims;
    this.role = check.value.role;
    this.claimsJson = JSON.stringify(check.value.claims);
    this.scheduleExpiry(check.value.exp);
    if (this.bindings.length === 0) return;
    // Re-subscribe with the new claims, as Realtime does after an access_token update.
    const result = await this.compile();
    if (this.closed) return;
    if (result.ok) {
      this.hub.setSubscriptions(this, result.subs);
      this.pushSystem("postgres_changes", "ok", "Subscribed to PostgreSQL");
    } else if (result.unauthorized) {
      // The new token's role may not read a table it listens to: the channel ends (Realtime does this when a
      // refreshed token loses a private channel's read permission).
      this.shutdown(result.message);
    } else {
      this.hub.removeSubscriptions(this);
      this.pushSystem("postgres_changes", "error", result.message);
    }
  }

  // --- broadcast -------------------------------------------------------------------------------------------

  /** Public channels only: private channels need Realtime Authorization policies, which the local stack lacks. */
  broadcastJson(frame: Frame): void {
    if (!isObject(frame.payload) || this.options.isPrivate) return;
    const json = JSON.stringify(frame.payload);
    for (const ch of this.hub.topics.get(this.topicKey) ?? []) {
      if (ch === this && !this.options.broadcastSelf) continue;
      ch.pushRaw("broadcast", json);
    }
    if (this.options.broadcastAck)
      this.conn.send(encodeReply(this.conn.vsn, frame.joinRef, frame.ref, this.topic, "ok", {}));
  }

  broadcastBinary(msg: UserBroadcastPush): void {
    if (this.options.isPrivate) return;
    let jsonText: string | null = null;
    if (msg.encoding === 1) {
      jsonText = msg.payload.toString("utf8");
      try {
        JSON.parse(jsonText);
      } catch {
        return;
      }
    }
    const binary = encodeUserBroadcast(this.topic, msg.event, msg.encoding, msg.payload);
    const v1 =
      jsonText === null
        ? null
        : `{"type":"broadcast","event":${JSON.stringify(msg.event)},"payload":${jsonText}}`;
    for (const ch of this.hub.topics.get(this.topicKey) ?? []) {
      if (ch === this && !this.options.broadcastSelf) continue;
      if (ch.conn.vsn === "2.0.0") {
        if (binary) ch.conn.send(binary);
      } else if (v1) {
        ch.pushRaw("broadcast", v1);
      }
    }
    if (this.options.broadcastAck)
      this.conn.send(encodeReply(this.conn.vsn, msg.joinRef, msg.ref, this.topic, "ok", {}));
  }

  // --- presence --------------------------------------------------------------------------------------------

  handlePresence(frame: Frame): void {
    const reply = (status: "ok" | "error", response: unknown) =>
      this.conn.send(encodeReply(this.conn.vsn, frame.joinRef, frame.ref, this.topic, status, response));
    const p = frame.payload;
    if (!isObject(p) || typeof p.event !== "string") return reply("ok", {});
    if (this.options.isPrivate)
      return reply("error", { reason: "Unauthorized: presence on private channels" });
    const event = p.event.toLowerCase();
    if (event === "track") {
      const meta = p.payload ?? {};
      if (!isObject(meta)) return reply("error", { reason: "Presence track payload must be a map" });
      this.presenceEnabled = true;
      this.track(meta);
      return reply("ok", {});
    }
    if (event === "untrack") {
      this.untrack();
      return reply("ok", {});
    }
    return reply("error", {});
  }

  pushPresenceState(): void {
    const state: Record<string, { metas: Json[] }> = {};
    for (const [key, entries] of this.hub.presence.get(this.topicKey) ?? []) {
      state[key] = { metas: entries.map((e) => e.meta) };
    }
    this.push("presence_state", state);
  }

  private track(payload: Json): void {
    let byKey = this.hub.presence.get(this.topicKey);
    if (!byKey) this.hub.presence.set(this.topicKey, (byKey = new Map()));
    const key = this.options.presenceKey;
    let entries = byKey.get(key);
    if (!entries) byKey.set(key, (entries = []));
    const existing = entries.find((e) => e.channel === this);
    const meta: Json = { ...payload, phx_ref: presenceRef() };
    const leaves: Record<string, { metas: Json[] }> = {};
    if (existing) {
      const { phx_ref: prevRef, phx_ref_prev: _prev, ...prevPayload } = existing.meta;
      if (stableStringify(prevPayload) === stableStringify(payload)) return;
      meta.phx_ref_prev = prevRef;
      leaves[key] = { metas: [existing.meta] };
      existing.meta = meta;
    } else {
      entries.push({ channel: this, meta } satisfies PresenceEntry);
    }
    this.presenceDiff({ [key]: { metas: [meta] } }, leaves);
  }

  private untrack(): void {
    const byKey = this.hub.presence.get(this.topicKey);
    const key = this.options.presenceKey;
    const entries = byKey?.get(key);
    const idx = entries?.findIndex((e) => e.channel === this) ?? -1;
    if (!byKey || !entries || idx < 0) return;
    const [removed] = entries.splice(idx, 1);
    if (entries.length === 0) byKey.delete(key);
    if (byKey.size === 0) this.hub.presence.delete(this.topicKey);
    this.presenceDiff({}, { [key]: { metas: [removed!.meta] } });
  }

  private presenceDiff(joins: Json, leaves: Json): void {
    const json = JSON.stringify({ joins, leaves });
    for (const ch of this.hub.topics.get(this.topicKey) ?? []) {
      if (ch.presenceEnabled && !ch.closed) ch.pushRaw("presence_diff", json);
    }
  }
}

export class Connection {
  readonly id = nextConnectionId++;
  readonly channels = new Map<string, Channel>();
  lastSeen = Date.now();
  closed = false;
  private queue: Promise<void> = Promise.resolve();
  private pending = 0;
  private slowSince: number | null = null;
  private corked = false;

  constructor(
    readonly hub: Hub,
    readonly ws: WebSocket,
    /** The upgraded TCP socket under `ws`: corked while a batch of changes is written. */
    private readonly socket: Duplex,
    readonly vsn: Vsn,
    /** The API key the socket connected with: the access token of channels that join without one. */
    readonly apiToken: string,
  ) {
    hub.connections.add(this);
    ws.on("message", (data, isBinary) => this.receive(data, isBinary));
    ws.on("close", () => this.cleanup());
    // ws closes the connection itself after a protocol error (e.g. 1009 for an oversized frame).
    ws.on("error", () => this.cleanup());
  }

  send(data: string | Buffer): void {
    if (this.closed) return;
    if (this.hub.batching && !this.corked) {
      // Many small frames in one batch: one write to the kernel instead of one per frame.
      this.socket.cork();
      this.corked = true;
      this.hub.corked.add(this);
    }
    this.ws.send(data);
    this.checkBackpressure(Date.now());
  }

  uncork(): void {
    if (!this.corked) return;
    this.corked = false;
    this.socket.uncork();
  }

  /** Drops the client if its unsent output stays high (slow consumer); called on every send and periodically. */
  checkBackpressure(now: number): void {
    if (this.closed) return;
    const buffered = this.ws.bufferedAmount;
    const { softBufferBytes, hardBufferBytes, slowGraceMs } = this.hub.limits;
    if (buffered > hardBufferBytes) {
      this.hub.log(`[realtime] dropping slow client ${this.id}: ${buffered} bytes unsent`);
      this.drop();
    } else if (buffered > softBufferBytes) {
      this.slowSince ??= now;
      if (now - this.slowSince > slowGraceMs) {
        this.hub.log(
          `[realtime] dropping slow client ${this.id}: output backlog for ${now - this.slowSince} ms`,
        );
        this.drop();
      }
    } else {
      this.slowSince = null;
    }
  }

  /** Immediate disconnect (no close handshake) and cleanup. */
  drop(): void {
    this.cleanup();
    this.ws.terminate();
  }

  /** Close handshake, then cleanup; a client that does not answer is terminated. */
  close(code: number, reason: string): void {
    if (this.closed) return;
    this.cleanup();
    try {
      this.ws.close(code, reason);
    } catch {
      this.ws.terminate();
    }
    setTimeout(() => this.ws.terminate(), 5_000).unref();
  }

  cleanup(): void {
    if (this.closed) return;
    this.closed = true;
    for (const channel of [...this.channels.values()]) channel.stop();
    this.channels.clear();
    this.hub.connections.delete(this);
  }

  private receive(data: RawData, isBinary: boolean): void {
    this.lastSeen = Date.now();
    if (this.closed) return;
    if (this.pending >= this.hub.limits.maxPendingMessages) {
      this.close(1008, "too many pending messages");
      return;
    }
    const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
    this.pending++;
    this.queue = this.queue
      .then(() => (this.closed ? undefined : this.handle(buf, isBinary)))
      .catch((err: unknown) =>
        this.hub.log(`[realtime] message handling failed: ${(err as Error).stack ?? err}`),
      )
      .finally(() => {
        this.pending--;
      });
  }

  private async handle(buf: Buffer, isBinary: boolean): Promise<void> {
    if (isBinary) {
      const msg = this.vsn === "2.0.0" ? decodeBinary(buf) : null;
      if (!msg) return;
      const channel = this.channels.get(msg.topic);
      if (channel) channel.broadcastBinary(msg);
      return;
    }
    const frame = decodeText(this.vsn, buf.toString("utf8"));
    if (!frame) return; // Realtime logs MalformedWebSocketMessage and carries on
    const reply = (status: "ok" | "error", response: unknown) =>
      this.send(encodeReply(this.vsn, frame.joinRef, frame.ref, frame.topic, status, response));

    if (frame.topic === "phoenix" && frame.event === "heartbeat") return reply("ok", {});
    if (frame.event === "phx_join") return this.join(frame);

    const channel = this.channels.get(frame.topic);
    if (!channel) return reply("error", { reason: "unmatched topic" });
    switch (frame.event) {
      case "phx_leave":
        reply("ok", {});
        channel.stop();
        this.send(
          encode(this.vsn, {
            joinRef: channel.joinRef,
            ref: channel.joinRef,
            topic: channel.topic,
            event: "phx_close",
            payload: {},
          }),
        );
        return;
      case "access_token":
        return channel.refreshToken(frame.payload);
      case "broadcast":
        return channel.broadcastJson(frame);
      case "presence":
        return channel.handlePresence(frame);
      default:
        return; // Realtime ignores unexpected events
    }
  }

  private async join(frame: Frame): Promise<void> {
    const { topic, joinRef, ref } = frame;
    const fail = (reason: string) => {
      this.send(encodeReply(this.vsn, joinRef, ref, topic, "error", { reason }));
    };
    if (!topic.startsWith("realtime:")) return fail("unmatched topic");
    if (topic === "realtime:") return fail("TopicNameRequired: You must provide a topic name");

    const existing = this.channels.get(topic);
    if (existing) {
      // Phoenix closes the previous join of the same topic.
      existing.stop();
      this.send(
        encode(this.vsn, {
          joinRef: existing.joinRef,
          ref: existing.joinRef,
          topic,
          event: "phx_close",
          payload: {},
        }),
      );
    }
    if (this.channels.size >= this.hub.limits.maxChannelsPerSocket) {
      return fail("ChannelRateLimitReached: Too many channels");
    }

    const payload = frame.payload ?? {};
    if (!isObject(payload)) return fail("InvalidJoinPayload: unable to parse, expected a map");
    const config = payload.config ?? {};
    if (!isObject(config)) return fail("InvalidJoinPayload: config: unable to parse, expected a map");
    const rawChanges = config.postgres_changes ?? [];
    if (!Array.isArray(rawChanges)) {
      return fail("InvalidJoinPayload: postgres_changes: unable to parse, expected an array of maps");
    }
    const changes = rawChanges.filter((c) => c !== null && c !== undefined);
    if (!changes.every(isObject)) {
      return fail("InvalidJoinPayload: postgres_changes: unable to parse, expected an array of maps");
    }
    if (changes.length > 100) return fail("InvalidJoinPayload: postgres_changes: too many bindings");
    const broadcast = isObject(config.broadcast) ? config.broadcast : {};
    const presence = isObject(config.presence) ? config.presence : {};
    const pgOptions = isObject(config.postgres_changes_options) ? config.postgres_changes_options : {};
    const options: ChannelOptions = {
      broadcastSelf: flag(broadcast.self),
      broadcastAck: flag(broadcast.ack),
      presenceEnabled: flag(presence.enabled),
      presenceKey: typeof presence.key === "string" && presence.key !== "" ? presence.key : presenceRef(),
      isPrivate: flag(config.private),
      wait: flag(pgOptions.wait),
    };

    const requested =
      typeof payload.access_token === "string"
        ? payload.access_token
        : typeof payload.user_token === "string"
          ? payload.user_token
          : null;
    const token = requested === null || requested.startsWith("sb_") ? this.apiToken : requested;
    const check = await verifyToken(this.hub.keys, token);
    if (!check.ok) return fail(`${check.code}: ${check.message}`);

    const bindings = changes.map((params) => ({ id: bindingId(params), params }));
    const channel = new Channel(this, topic, joinRef, options, bindings, token, check.value);
    let result: SubscribeResult = { ok: true, subs: [] };
    if (bindings.length > 0) {
      try {
        const { rows } = await this.hub.db.query<{ lsn: string }>(
          "select pg_current_wal_insert_lsn()::text as lsn",
        );
        channel.joinLsn = parseLsn(rows[0]!.lsn);
        result = await channel.compile();
      } catch (err) {
        this.hub.log(`[realtime] subscribe failed: ${(err as Error).message}`);
        result = { ok: false, message: "Realtime was unable to connect to the project database" };
      }
    }
    if (this.closed) {
      channel.stop();
      return;
    }
    if (!result.ok && result.unauthorized) {
      channel.stop();
      return fail(result.message);
    }
    if (!result.ok && options.wait) {
      channel.stop();
      return fail(`RealtimeDisabledForConfiguration: ${result.message}`);
    }

    this.channels.set(topic, channel);
    this.hub.joinTopic(channel);
    if (result.ok) this.hub.setSubscriptions(channel, result.subs);
    this.send(
      encodeReply(this.vsn, joinRef, ref, topic, "ok", {
        postgres_changes: bindings.map((b) => ({ ...b.params, id: b.id })),
      }),
    );
    if (bindings.length > 0) {
      if (result.ok) channel.pushSystem("postgres_changes", "ok", "Subscribed to PostgreSQL");
      else channel.pushSystem("postgres_changes", "error", result.message);
    }
    if (channel.presenceEnabled) channel.pushPresenceState();
  }
}
