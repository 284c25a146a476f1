// Realtime Authorization for private channels (`config.private: true`): RLS policies on realtime.messages, which
// name the channel with realtime.topic(), decide who may join and receive (read) and who may broadcast or track
// presence (write), per extension — checked as Realtime's Tenants.Authorization does (sql/30_realtime.sql,
// realtime_local.channel_policies). Public channels have no policies.
import type pg from "pg";
import type { SubscriberRole } from "./tokens";

export type Extension = "broadcast" | "presence";

/** An extension's permissions; undefined until checked. */
export interface Permissions {
  read?: boolean;
  write?: boolean;
}

export type ChannelPolicies = Record<Extension, Permissions>;

export interface Grantee {
  role: SubscriberRole;
  /** The JWT claims as JSON text (request.jwt.claims). */
  claimsJson: string;
}

/** Checks `action` on the topic (the channel name without "realtime:") for each extension. */
export async function checkPolicies(
  db: pg.Pool,
  who: Grantee,
  topic: string,
  extensions: Extension[],
  action: keyof Permissions,
): Promise<Partial<Record<Extension, boolean>>> {
  const { rows } = await db.query<{ extension: Extension; allowed: boolean }>(
    "select extension, allowed from realtime_local.channel_policies($1, $2, $3, $4, $5)",
    [who.role, who.claimsJson, topic, extensions, action],
  );
  return Object.fromEntries(rows.map((r) => [r.extension, r.allowed]));
}

/** Why a private channel may not be joined (or ends after a token refresh), in Realtime's words. */
export const cannotRead = (topic: string) =>
  `You do not have permissions to read from this Channel topic: ${topic}`;
export const noLongerReads = (topic: string) =>
  `You no longer have permission to read from this Channel topic: ${topic}`;
