// One Realtime WebSocket: Phoenix frames in (processed in order, one at a time), heartbeat replies, phx_join (the
// channel, its token and its postgres_changes subscriptions), phx_leave, access_token, and broadcast / presence
// handed to broadcast.ts / presence.ts; every frame out goes through send(), which drops a client whose unsent
// output keeps growing so it can never hold others back.
import type { Duplex } from "node:stream";
import type { RawData, WebSocket } from "ws";
import { broadcastBinary, broadcastJson } from "./broadcast";
import { bindingId, Channel, parseJoin } from "./channel";
import type { Hub } from "./hub";
import { parseLsn } from "./pgoutput";
import { handlePresence, pushPresenceState } from "./presence";
import { decodeBinary, decodeText, encode, encodeReply, type Frame, type Vsn } from "./protocol";
import type { SubscribeResult } from "./subscribe";
import { verifyToken } from "./tokens";

let nextConnectionId = 1;

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
      if (channel) await broadcastBinary(channel, msg);
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
        return broadcastJson(channel, frame);
      case "presence":
        return handlePresence(channel, frame);
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

    const join = parseJoin(frame.payload);
    if ("error" in join) return fail(join.error);
    const { changes, options } = join;
    // No token, or a new-style publishable/secret key: the channel acts with the key the socket connected with.
    const token = join.token === null || join.token.startsWith("sb_") ? this.apiToken : join.token;
    const check = await verifyToken(this.hub.keys, token);
    if (!check.ok) return fail(`${check.code}: ${check.message}`);

    const bindings = changes.map((params) => ({ id: bindingId(params), params }));
    const channel = new Channel(this, topic, joinRef, options, bindings, token, check.value);
    if (options.isPrivate) {
      // Realtime refuses a private channel whose token may read neither its broadcast nor its presence.
      const refusal = await channel.authorizeRead();
      if (refusal || this.closed) {
        channel.stop();
        return refusal ? fail(`Unauthorized: ${refusal}`) : undefined;
      }
    }
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
    if (channel.presenceEnabled && channel.canRead("presence")) pushPresenceState(channel);
  }
}
