// The header builder of lib/security/headers.ts: the pages' CSP (nonce, Supabase origins, dev vs production),
// the nonce Next itself extracts from it, and the static headers every route gets.
import { getScriptNonceFromHeader } from "next/dist/server/app-render/get-script-nonce-from-header";
import { describe, expect, it } from "vitest";
import {
  createNonce,
  FILE_CSP,
  pageContentSecurityPolicy,
  staticHeaderRules,
  supabaseConnectSources,
} from "@/lib/security/headers";

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp.split(";").map((d) => {
      const [name, ...sources] = d.trim().split(/\s+/);
      return [name!, sources];
    }),
  );
}

describe("page Content-Security-Policy", () => {
  const nonce = createNonce();
  const prod = pageContentSecurityPolicy({ nonce, supabaseUrl: "https://abcd.supabase.co", dev: false });

  it("allows scripts only by this request's nonce, and Next finds that nonce", () => {
    const d = directives(prod);
    expect(d.get("script-src")).toEqual(["'self'", `'nonce-${nonce}'`, "'strict-dynamic'"]);
    expect(prod).not.toContain("'unsafe-eval'");
    expect(d.get("script-src")).not.toContain("'unsafe-inline'");
    expect(d.get("style-src")).toEqual(["'self'", `'nonce-${nonce}'`]);
    expect(getScriptNonceFromHeader(prod)).toBe(nonce);
  });

  it("refuses framing, plugins, foreign base URLs and foreign form targets", () => {
    const d = directives(prod);
    expect(d.get("default-src")).toEqual(["'self'"]);
    expect(d.get("frame-ancestors")).toEqual(["'none'"]);
    expect(d.get("object-src")).toEqual(["'none'"]);
    expect(d.get("base-uri")).toEqual(["'self'"]);
    expect(d.get("form-action")).toEqual(["'self'"]);
  });

  it("lets the document viewer start workers from the app's own origin only (no blob:, no other site)", () => {
    expect(directives(prod).get("worker-src")).toEqual(["'self'"]);
    // Images the viewer shows are blobs of verified bytes; nothing else is loosened for it.
    expect(directives(prod).get("img-src")).toEqual(["'self'", "data:", "blob:"]);
  });

  it("lets the browser reach the configured Supabase project over https and wss only", () => {
    expect(directives(prod).get("connect-src")).toEqual([
      "'self'",
      "https://abcd.supabase.co",
      "wss://abcd.supabase.co",
    ]);
    const local = pageContentSecurityPolicy({ nonce, supabaseUrl: "http://127.0.0.1:54321/", dev: false });
    expect(directives(local).get("connect-src")).toEqual([
      "'self'",
      "http://127.0.0.1:54321",
      "ws://127.0.0.1:54321",
    ]);
    const none = pageContentSecurityPolicy({ nonce, supabaseUrl: undefined, dev: false });
    expect(directives(none).get("connect-src")).toEqual(["'self'"]);
  });

  it("loosens only what next dev needs", () => {
    const dev = pageContentSecurityPolicy({ nonce, supabaseUrl: "http://127.0.0.1:54321", dev: true });
    const d = directives(dev);
    expect(d.get("script-src")).toEqual(["'self'", `'nonce-${nonce}'`, "'strict-dynamic'", "'unsafe-eval'"]);
    expect(d.get("style-src")).toEqual(["'self'", "'unsafe-inline'"]);
    expect(d.get("frame-ancestors")).toEqual(["'none'"]);
  });
});

describe("nonces and Supabase origins", () => {
  it("creates a fresh 128-bit nonce each time", () => {
    const nonces = new Set(Array.from({ length: 100 }, createNonce));
    expect(nonces.size).toBe(100);
    for (const n of nonces) expect(Buffer.from(n, "base64")).toHaveLength(16);
  });

  it("derives the Realtime websocket origin from the project URL and ignores anything else", () => {
    expect(supabaseConnectSources("https://x.example.com:8443/some/path?q=1")).toEqual([
      "https://x.example.com:8443",
      "wss://x.example.com:8443",
    ]);
    expect(supabaseConnectSources("not a url")).toEqual([]);
    expect(supabaseConnectSources("javascript:alert(1)")).toEqual([]);
    expect(supabaseConnectSources("")).toEqual([]);
  });
});

describe("static headers", () => {
  const rules = staticHeaderRules();
  const headersOf = (source: string) =>
    Object.fromEntries(
      rules.find((r) => r.source === source && !r.has)!.headers.map((h) => [h.key.toLowerCase(), h.value]),
    );

  it("give pages and API routes the same protections, and API responses no referrer", () => {
    const pages = headersOf("/((?!api/).*)");
    const api = headersOf("/api/:path*");
    for (const h of [pages, api]) {
      expect(h["x-content-type-options"]).toBe("nosniff");
      expect(h["x-frame-options"]).toBe("DENY");
      expect(h["permissions-policy"]).toMatch(/(^|, )camera=\(\)/);
      expect(h["permissions-policy"]).toMatch(/(^|, )microphone=\(\)/);
      expect(h["permissions-policy"]).toMatch(/(^|, )geolocation=\(\)/);
    }
    expect(pages["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    expect(api["referrer-policy"]).toBe("no-referrer");
  });

  it("never set a Content-Security-Policy, which would replace a file response's sandbox", () => {
    for (const rule of rules)
      expect(rule.headers.map((h) => h.key.toLowerCase())).not.toContain("content-security-policy");
    expect(FILE_CSP).toBe("default-src 'none'; sandbox");
  });

  it("send HSTS only for requests that arrived over https", () => {
    const hsts = rules.filter((r) => r.headers.some((h) => h.key === "Strict-Transport-Security"));
    expect(hsts).toEqual([
      {
        source: "/:path*",
        has: [{ type: "header", key: "x-forwarded-proto", value: "https" }],
        headers: [{ key: "Strict-Transport-Security", value: "max-age=63072000" }],
      },
    ]);
  });
});
