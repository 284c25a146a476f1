import "server-only";
// Facts about the current request that actions need: the app's public base URL (for links in emails) and
// the client's address (for rate limits).
import { isIP } from "node:net";
import { headers } from "next/headers";
import { env } from "./env";

export async function requestBaseUrl(): Promise<string> {
  const appUrl = env().APP_URL;
  if (appUrl) return appUrl.replace(/\/$/, "");
  const h = await headers();
  const host = h.get("x-forwarded-host") ?? h.get("host") ?? "localhost:3000";
  const proto =
    h.get("x-forwarded-proto") ??
    (host.startsWith("localhost") || host.startsWith("127.") ? "http" : "https");
  return `${proto}://${host}`;
}

/** The client's address for rate limits, or null when it can't be known (see clientAddressFrom). */
export async function clientAddress(): Promise<string | null> {
  return clientAddressFrom(await headers(), env().TRUSTED_PROXY_HOPS);
}

/**
 * The address our own proxies recorded for the client, read right to left.
 *
 * Each proxy appends the address it received the connection from to X-Forwarded-For, so only the right-most
 * `trustedHops` entries were written by proxies of ours; everything to their left (and X-Real-IP) is whatever
 * the client sent. The client is therefore the `trustedHops`-th entry from the right. With 0 no header is
 * trusted, and Next.js doesn't give server actions the connection's address (it fills X-Forwarded-For only
 * when the client sent none), so the address is unknown: null. A header with fewer entries than hops didn't
 * pass through all our proxies and is unknown too. IPv6 addresses count per /64, the block one host gets.
 */
export function clientAddressFrom(h: Pick<Headers, "get">, trustedHops: number): string | null {
  if (trustedHops < 1) return null;
  const entries = (h.get("x-forwarded-for") ?? "").split(",").map((entry) => entry.trim());
  if (entries.length < trustedHops) return null;
  return normalizeAddress(entries[entries.length - trustedHops]!);
}

function normalizeAddress(entry: string): string | null {
  // "[2001:db8::1]:443", "203.0.113.7:51234" (some proxies add the port), "fe80::1%eth0"
  const bare = (
    /^\[([^\]]+)\](?::\d+)?$/.exec(entry)?.[1] ?? entry.replace(/^(\d+\.\d+\.\d+\.\d+):\d+$/, "$1")
  )
    .replace(/%.*$/, "")
    .toLowerCase();
  const version = isIP(bare);
  if (version === 4) return bare;
  if (version !== 6) return null;
  const groups = ipv6Groups(bare);
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return [groups[6]! >> 8, groups[6]! & 255, groups[7]! >> 8, groups[7]! & 255].join(".");
  }
  return `${groups
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(":")}::/64`;
}

/** The eight 16-bit groups of a valid IPv6 address ("::" expanded, a dotted IPv4 tail as two groups). */
function ipv6Groups(address: string): number[] {
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(address);
  const hex = v4
    ? `${address.slice(0, v4.index)}${((+v4[1]! << 8) | +v4[2]!).toString(16)}:${((+v4[3]! << 8) | +v4[4]!).toString(16)}`
    : address;
  const [head, tail] = hex.split("::") as [string, string | undefined];
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const zeros = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill("0");
  return [...left, ...zeros, ...right].map((g) => parseInt(g, 16));
}
