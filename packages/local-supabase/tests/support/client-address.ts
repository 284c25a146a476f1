// Test helper: requests from a chosen client address. Every 127.x.y.z is this machine, so a test that binds its
// connections to its own loopback address is a client of its own to the platform's per-address rate limits
// (without touching the allowance of 127.0.0.1, which the other tests share).
import http from "node:http";
import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import { anonKey, supabaseUrl } from "../../../../tests/support/supabase";

/** A loopback address no other test is likely to use. */
export function randomLoopback(): string {
  const byte = () => 1 + Math.floor(Math.random() * 254);
  return `127.${byte()}.${byte()}.${byte()}`;
}

/** `fetch` whose connections come from `localAddress`; redirects are not followed (like `redirect: "manual"`). */
export function fetchFrom(localAddress: string): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    const body = request.body ? Buffer.from(await request.arrayBuffer()) : undefined;
    return new Promise<Response>((resolve, reject) => {
      const req = http.request(
        request.url,
        { method: request.method, headers: Object.fromEntries(request.headers), localAddress },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("error", reject);
          res.on("end", () => {
            const status = res.statusCode ?? 500;
            const headers = new Headers();
            for (const [k, v] of Object.entries(res.headers)) {
              for (const value of Array.isArray(v) ? v : v === undefined ? [] : [v]) headers.append(k, value);
            }
            const empty = status === 204 || status === 304 || chunks.length === 0;
            resolve(new Response(empty ? null : Buffer.concat(chunks), { status, headers }));
          });
        },
      );
      req.on("error", reject);
      req.end(body);
    });
  };
}

/** The official client, anonymous, connecting from `localAddress`. */
export function anonClientFrom(localAddress: string, url = supabaseUrl(), key = anonKey()): SupabaseClient {
  return createClient(url, key, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    global: { fetch: fetchFrom(localAddress) },
  });
}
