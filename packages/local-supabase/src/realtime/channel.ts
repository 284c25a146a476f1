// A joined channel of a Realtime socket: its topic, options and postgres_changes bindings, the token it acts with
// (refreshed by `access_token`, ended when it expires), pushes to its client, and leaving. What a channel does
// with broadcast and presence lives in broadcast.ts and presence.ts.
import type { JWTPayload } from "jose";
import {
  cannotRead,
  checkPolicies,
  noLongerReads,
  type ChannelPolicies,
  type Extension,
} from "./authorization";
import type { Connection } from "./connection";
import type { Hub } from "./hub";
import { presenceRef, untrack } from "./presence";
import { encode, encodeRaw, isObject, stableStringify, type Json } from "./protocol";
import { compileSubscriptions, type SubscribeResult } from "./subscribe";
import { verifyToken, type SubscriberRole, type VerifiedClaims } from "./tokens";

export interface Binding {
  id: number;
  params: Json;
}

export interface ChannelOptions {
  broadcastSelf: boolean;
  broadcastAck: boolean;
  presenceEnabled: boolean;
  presenceKey: string;
  isPrivate: boolean;
  wait: boolean;
}

const flag = (v: unknown) => v === true || v === "true";

export interface JoinRequest {
  /** The postgres_changes bindings' parameters. */
  changes: Json[];
  options: ChannelOptions;
  /** The token the join names (`access_token`, or the older `user_token`), if any. */
  token: string | null;
}

/** Reads a phx_join payload `{config: {broadcast, presence, postgres_changes, private}, access_token}` the way
 * Realtime does, with its error reasons. */
export function parseJoin(payload: unknown): JoinRequest | { error: string } {
  payload ??= {};
  if (!isObject(payload)) return { error: "InvalidJoinPayload: unable to parse, expected a map" };
  const config = payload.config ?? {};
  if (!isObject(config)) return { error: "InvalidJoinPayload: config: unable to parse, expected a map" };
  const rawChanges = config.postgres_changes ?? [];
  const notMaps = "InvalidJoinPayload: postgres_changes: unable to parse, expected an array of maps";
  if (!Array.isArray(rawChanges)) return { error: notMaps };
  const changes = rawChanges.filter((c) => c !== null && c !== undefined);
  if (!changes.every(isObject)) return { error: notMaps };
  if (changes.length > 100) return { error: "InvalidJoinPayload: postgres_changes: too many bindings" };
  const broadcast = isObject(config.broadcast) ? config.broadcast : {};
  const presence = isObject(config.presence) ? config.presence : {};
  const pgOptions = isObject(config.postgres_changes_options) ? config.postgres_changes_options : {};
  const token =
    typeof payload.access_token === "string"
      ? payload.access_token
      : typeof payload.user_token === "string"
        ? payload.user_token
        : null;
  return {
    changes,
    options: {
      broadcastSelf: flag(broadcast.self),
      broadcastAck: flag(broadcast.ack),
      presenceEnabled: flag(presence.enabled),
      presenceKey: typeof presence.key === "string" && presence.key !== "" ? presence.key : presenceRef(),
      isPrivate: flag(config.private),
      wait: flag(pgOptions.wait),
    },
    token,
  };
}

/** A number derived from the binding's parameters, like Realtime's :erlang.phash2(params) (0..2^27-1). */
export function bindingId(params: Json): number {
  let h = 0x811c9dc5;
  for (const ch of Buffer.from(stableStringify(params), "utf8")) {
    h ^= ch;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h & 0x7ffffff;
}

/**
 * The role and claims an RLS check runs as, without `exp` and `iat`: two valid tokens that differ only in when they
 * were issued and expire are the same person in the same session (expiry itself ends the channel, scheduleExpiry).
 */
export function identityOf(role: SubscriberRole, claims: JWTPayload): string {
  const { exp: _exp, iat: _iat, ...rest } = claims;
  return `${role}\u0000${JSON.stringify(rest)}`;
}

export class Channel {
  closed = false;
  joinLsn = 0n;
  token: string;
  claims: JWTPayload;
  role: SubscriberRole;
  /** JSON of the claims as set in request.jwt.claims. */
  claimsJson: string;
  /** Who the RLS check runs as: the role and the claims but their issue and expiry times (identityOf()). Channels
   * with the same identity (a user's tabs, a token and its refresh) share one check per batch. */
  identity: string;
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
    this.identity = identityOf(verified.role, verified.claims);
    this.presenceEnabled = options.presenceEnabled;
    this.scheduleExpiry(verified.exp);
  }

  /** Private channels: what the channel's token may do on its topic (Realtime Authorization); null if public. */
  policies: ChannelPolicies | null = null;

  /**
   * Checks a private channel's read permissions (at join, and after a token refresh): the refusal, or null when it
   * may read broadcast — or presence, if enabled at join — as Realtime's maybe_assign_policies decides. Write
   * permissions are checked again when next needed.
   */
  async authorizeRead(): Promise<string | null> {
    let read: Partial<Record<Extension, boolean>>;
    try {
      read = await checkPolicies(this.hub.db, this, this.subTopic, ["broadcast", "presence"], "read");
    } catch (err) {
      this.hub.warn(`policies:${this.subTopic}`, `[realtime] RLS policy error: ${(err as Error).message}`);
      read = {};
    }
    this.policies = {
      broadcast: { read: read.broadcast === true },
      presence: { read: read.presence === true },
    };
    const readable = read.broadcast === true || (this.options.presenceEnabled && read.presence === true);
    return readable ? null : cannotRead(this.subTopic);
  }

  /** Whether the channel may receive broadcast / presence: always on a public topic. */
  canRead(extension: Extension): boolean {
    return !this.policies || this.policies[extension].read === true;
  }

  /** Whether the channel may broadcast / track presence: always on a public topic; checked once per token. */
  async canWrite(extension: Extension): Promise<boolean> {
    if (!this.policies) return true;
    const permissions = this.policies[extension];
    if (permissions.write === undefined) {
      try {
        const write = await checkPolicies(this.hub.db, this, this.subTopic, [extension], "write");
        permissions.write = write[extension] === true;
      } catch (err) {
        this.hub.warn(`policies:${this.subTopic}`, `[realtime] RLS policy error: ${(err as Error).message}`);
        return false;
      }
    }
    return permissions.write;
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
    untrack(this);
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
    this.identity = identityOf(check.value.role, check.value.claims);
    this.scheduleExpiry(check.value.exp);
    if (this.policies) {
      // Realtime re-evaluates a private channel's policies with the new token and ends the channel when it may
      // read nothing, or no longer reads what it could.
      const before = this.policies;
      const refusal = await this.authorizeRead();
      if (this.closed) return;
      if (refusal) return this.shutdown(refusal);
      const revoked = (["broadcast", "presence"] as const).some(
        (e) => before[e].read && !this.policies![e].read,
      );
      if (revoked) return this.shutdown(noLongerReads(this.subTopic));
    }
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
}
