// Shared state of the Realtime service: the open connections, the postgres_changes subscriptions indexed by
// table, the channels of each broadcast topic and their presences, plus the resources every connection uses.
import type pg from "pg";
import type { RealtimeLimits } from "../config";
import type { PlatformKeys } from "../keys";
import type { Catalog } from "./catalog";
import type { Channel } from "./channel";
import type { Connection } from "./connection";
import type { CompiledSubscription } from "./subscribe";

export interface Subscription extends CompiledSubscription {
  channel: Channel;
}

export interface PresenceEntry {
  channel: Channel;
  meta: Record<string, unknown>;
}

export class Hub {
  readonly connections = new Set<Connection>();
  readonly subsByTable = new Map<number, Set<Subscription>>();
  private readonly subsByChannel = new Map<Channel, Subscription[]>();
  /** Channels joined to a topic, keyed by "public:<topic>" / "private:<topic>". */
  readonly topics = new Map<string, Set<Channel>>();
  /** topic key → presence key → tracked entries */
  readonly presence = new Map<string, Map<string, PresenceEntry[]>>();
  closing = false;
  /** While true (a delivery batch is being written), connections cork their sockets; flush() uncorks them. */
  batching = false;
  readonly corked = new Set<Connection>();

  constructor(
    readonly db: pg.Pool,
    readonly catalog: Catalog,
    readonly keys: PlatformKeys,
    readonly limits: RealtimeLimits,
    readonly log: (message: string) => void,
  ) {}

  private readonly lastWarned = new Map<string, number>();

  /** Logs a recurring problem at most once a minute per key (an RLS policy that errors would otherwise flood). */
  warn(key: string, message: string): void {
    const now = Date.now();
    if (now - (this.lastWarned.get(key) ?? 0) < 60_000) return;
    if (this.lastWarned.size > 1_000) this.lastWarned.clear();
    this.lastWarned.set(key, now);
    this.log(message);
  }

  flush(): void {
    this.batching = false;
    for (const conn of this.corked) conn.uncork();
    this.corked.clear();
  }

  get subscriptionCount(): number {
    let n = 0;
    for (const subs of this.subsByChannel.values()) n += subs.length;
    return n;
  }

  get channelCount(): number {
    let n = 0;
    for (const c of this.connections) n += c.channels.size;
    return n;
  }

  subscriptionsOf(channel: Channel): number {
    return this.subsByChannel.get(channel)?.length ?? 0;
  }

  hasSubscriptions(): boolean {
    return this.subsByChannel.size > 0;
  }

  /** Replaces the channel's subscriptions (atomically for the dispatcher: both happen synchronously). */
  setSubscriptions(channel: Channel, compiled: CompiledSubscription[]): void {
    this.removeSubscriptions(channel);
    if (compiled.length === 0) return;
    const subs = compiled.map((c) => ({ ...c, channel }));
    this.subsByChannel.set(channel, subs);
    for (const sub of subs) {
      let set = this.subsByTable.get(sub.relid);
      if (!set) this.subsByTable.set(sub.relid, (set = new Set()));
      set.add(sub);
    }
  }

  removeSubscriptions(channel: Channel): void {
    const subs = this.subsByChannel.get(channel);
    if (!subs) return;
    this.subsByChannel.delete(channel);
    for (const sub of subs) {
      const set = this.subsByTable.get(sub.relid);
      set?.delete(sub);
      if (set?.size === 0) this.subsByTable.delete(sub.relid);
    }
  }

  joinTopic(channel: Channel): void {
    let set = this.topics.get(channel.topicKey);
    if (!set) this.topics.set(channel.topicKey, (set = new Set()));
    set.add(channel);
  }

  leaveTopic(channel: Channel): void {
    const set = this.topics.get(channel.topicKey);
    set?.delete(channel);
    if (set?.size === 0) this.topics.delete(channel.topicKey);
  }
}
