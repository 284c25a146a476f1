// The client's address for rate limits comes only from the X-Forwarded-For entries our own proxies appended,
// counted from the right (TRUSTED_PROXY_HOPS); whatever the client wrote to their left is never used.
import { describe, expect, it } from "vitest";
import { clientAddressFrom } from "@/lib/request";

const xff = (value: string, extra: Record<string, string> = {}) =>
  new Headers({ "x-forwarded-for": value, ...extra });

describe("clientAddressFrom", () => {
  it("trusts no header by default (0 hops): the address is unknown", () => {
    expect(clientAddressFrom(xff("203.0.113.9"), 0)).toBeNull();
    expect(clientAddressFrom(new Headers({ "x-real-ip": "203.0.113.9" }), 0)).toBeNull();
    expect(clientAddressFrom(new Headers(), 0)).toBeNull();
  });

  it("takes the entry N hops from the right and ignores what the client put to its left", () => {
    expect(clientAddressFrom(xff("1.1.1.1, 203.0.113.9"), 1)).toBe("203.0.113.9");
    expect(clientAddressFrom(xff("203.0.113.9"), 1)).toBe("203.0.113.9");
    // CDN then load balancer: the CDN's view of the client is second from the right
    expect(clientAddressFrom(xff("1.1.1.1, 203.0.113.9, 10.0.0.2"), 2)).toBe("203.0.113.9");
    // several header lines are one list, in order
    const lines = new Headers();
    lines.append("x-forwarded-for", "1.1.1.1");
    lines.append("x-forwarded-for", "203.0.113.9");
    expect(clientAddressFrom(lines, 1)).toBe("203.0.113.9");
  });

  it("never falls back to X-Real-IP or a left entry", () => {
    expect(clientAddressFrom(new Headers({ "x-real-ip": "203.0.113.9" }), 1)).toBeNull();
    // fewer entries than our proxies: the request didn't come through all of them
    expect(clientAddressFrom(xff("203.0.113.9"), 2)).toBeNull();
    // our proxy's entry must be an address
    expect(clientAddressFrom(xff("203.0.113.9, unknown"), 1)).toBeNull();
    expect(clientAddressFrom(xff("203.0.113.9, "), 1)).toBeNull();
  });

  it("normalizes ports and IPv4-mapped IPv6, and counts IPv6 per /64", () => {
    expect(clientAddressFrom(xff("203.0.113.9:51234"), 1)).toBe("203.0.113.9");
    expect(clientAddressFrom(xff("::ffff:203.0.113.9"), 1)).toBe("203.0.113.9");
    expect(clientAddressFrom(xff("[2001:db8:1:2:3:4:5:6]:443"), 1)).toBe("2001:db8:1:2::/64");
    // one host rotating through its /64 is one address
    expect(clientAddressFrom(xff("2001:DB8:1:2::ab"), 1)).toBe("2001:db8:1:2::/64");
    expect(clientAddressFrom(xff("2001:db8::1"), 1)).toBe("2001:db8:0:0::/64");
    expect(clientAddressFrom(xff("64:ff9b::203.0.113.9"), 1)).toBe("64:ff9b:0:0::/64");
  });
});
