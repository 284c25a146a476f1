// The browser-side security headers, built in one place. Pages get a Content-Security-Policy with a fresh nonce
// per request (proxy.ts); every route gets the headers that need no per-request value (next.config.ts); files
// served from storage get a policy under which nothing runs. Pure functions: no environment is read here.

/** CSP for files served from storage (documents, secondary-project objects): nothing in them may run. */
export const FILE_CSP = "default-src 'none'; sandbox";

/** Powerful features Hearth never uses, denied to the page and to anything it embeds. */
const DENIED_FEATURES = [
  "accelerometer",
  "autoplay",
  "browsing-topics",
  "camera",
  "display-capture",
  "geolocation",
  "gyroscope",
  "hid",
  "magnetometer",
  "microphone",
  "midi",
  "payment",
  "publickey-credentials-get",
  "screen-wake-lock",
  "serial",
  "usb",
  "xr-spatial-tracking",
];

export const PERMISSIONS_POLICY = DENIED_FEATURES.map((f) => `${f}=()`).join(", ");

export interface HeaderRule {
  source: string;
  has?: Array<{ type: "header"; key: string; value?: string }>;
  headers: Array<{ key: string; value: string }>;
}

/**
 * next.config.ts `headers()`: applied to every route, including those proxy.ts skips (uploads) and route
 * handlers. Next sets these before a handler runs and a handler's own value for the same header is then
 * ignored, so nothing here may differ from what a handler needs: the Content-Security-Policy is left to
 * proxy.ts (pages) and to the handlers (files), and API responses get `no-referrer` as the document
 * downloads always did.
 */
export function staticHeaderRules(): HeaderRule[] {
  const common = [
    { key: "X-Content-Type-Options", value: "nosniff" },
    { key: "X-Frame-Options", value: "DENY" },
    { key: "Permissions-Policy", value: PERMISSIONS_POLICY },
    { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  ];
  return [
    {
      source: "/((?!api/).*)",
      headers: [...common, { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" }],
    },
    { source: "/api/:path*", headers: [...common, { key: "Referrer-Policy", value: "no-referrer" }] },
    {
      // Browsers ignore HSTS received over plain http, so a forged header can't pin anything; behind a TLS
      // terminator the header says the page really was served over https.
      source: "/:path*",
      has: [{ type: "header", key: "x-forwarded-proto", value: "https" }],
      headers: [{ key: "Strict-Transport-Security", value: "max-age=63072000" }],
    },
  ];
}

/** 128 random bits, base64: the form Next's nonce parser accepts. */
export function createNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
}

/**
 * The origins the browser talks to for a Supabase project URL: HTTP(S) for Auth and Storage, WS(S) for
 * Realtime. An unparsable or non-http(s) URL allows nothing.
 */
export function supabaseConnectSources(supabaseUrl: string | undefined): string[] {
  if (!supabaseUrl) return [];
  let url: URL;
  try {
    url = new URL(supabaseUrl);
  } catch {
    return [];
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return [];
  const ws = url.protocol === "https:" ? "wss:" : "ws:";
  return [url.origin, `${ws}//${url.host}`];
}

export interface PageCspOptions {
  nonce: string;
  /** The primary Supabase project's URL as the server reads it at runtime. */
  supabaseUrl: string | undefined;
  /** `next dev`: React's dev tooling needs eval, and dev styles are injected without a nonce. */
  dev: boolean;
}

/**
 * The pages' policy. Scripts run only with this request's nonce (Next puts it on its own scripts) or when a
 * nonced script loads them ('strict-dynamic'). Style sheets are same-origin files or carry the nonce; style
 * attributes stay allowed because components size bars and grids with them, and an attribute can't run code.
 * Workers (the document viewer's pdf.js) come from the app's own build only: without worker-src they fall back
 * to script-src, where Chromium lets a nonced script start a worker from any URL ('strict-dynamic'), blob:
 * included, and browsers differ on whether 'strict-dynamic' covers workers at all.
 */
export function pageContentSecurityPolicy({ nonce, supabaseUrl, dev }: PageCspOptions): string {
  const n = `'nonce-${nonce}'`;
  const directives: Record<string, string[]> = {
    "default-src": ["'self'"],
    "script-src": ["'self'", n, "'strict-dynamic'", ...(dev ? ["'unsafe-eval'"] : [])],
    "style-src": dev ? ["'self'", "'unsafe-inline'"] : ["'self'", n],
    "style-src-attr": ["'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "worker-src": ["'self'"],
    "font-src": ["'self'"],
    "connect-src": ["'self'", ...supabaseConnectSources(supabaseUrl)],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(" ")}`)
    .join("; ");
}
