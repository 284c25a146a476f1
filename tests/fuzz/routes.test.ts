// Breaks: the requests themselves. Every route handler under app/api/**/route.ts is called through its real export
// with hostile requests from a signed-in member — query strings, headers, path parameters, raw and multipart bodies
// built from the same hostile values as the service fuzzing (NUL and control characters, odd unicode, `__proto__`
// keys, huge values, wrong types), forged and foreign document-link tokens, junk idempotency keys. "Nothing lost"
// means: never a 500, never a stack trace or SQL text in an error body, a body that streams to its end without
// failing, nothing invalid stored (no control characters in stored text), the other tenant unchanged, the members'
// roles unchanged, every audit chain intact (tests/fuzz/support/world.ts).
//
// Runs: fewer than the services' FUZZ_RUNS, on purpose. A service run is one transaction; a route run is a whole
// authenticated request — the session's user, authorization (two transactions: membership, then the organization's
// plan and role), the handler's own transactions, the response streamed to its end — 5–60 ms each on this 2-core
// machine depending on its load, so 1,000 runs × 10 handlers would take 1–10 minutes against a budget of about a
// minute for this file. Each read handler gets FUZZ_ROUTE_RUNS runs (default FUZZ_RUNS / 10 = 100); the two that
// write (CSV import, document upload: a transaction and an audit entry per run, an encrypted object in Storage for
// the upload) get half that. `FUZZ_ROUTE_RUNS=1000 npx vitest run tests/fuzz/routes.test.ts` runs the full 1,000.
import { readdirSync } from "node:fs";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as projectObjectGET } from "@/app/api/projects/[project]/objects/[bucket]/[...key]/route";
import type { Route } from "@/lib/auth/org-route";
import { activitySinceRoute } from "@/lib/modules/activity/routes/activity-since";
import { auditExportRoute } from "@/lib/modules/activity/routes/audit-export";
import { contactOptionsRoute } from "@/lib/modules/crm/routes/contact-options";
import { importContactsRoute } from "@/lib/modules/crm/routes/import";
import { signDocumentLink } from "@/lib/modules/documents/links";
import { downloadDocumentRoute } from "@/lib/modules/documents/routes/download";
import { documentLinkRoute } from "@/lib/modules/documents/routes/link";
import { uploadDocumentRoute } from "@/lib/modules/documents/routes/upload";
import { viewDocumentRoute } from "@/lib/modules/documents/routes/view";
import { unreadCountRoute } from "@/lib/modules/notifications/routes/unread-count";
import { contactTimelineRoute } from "@/lib/modules/crm/routes/contact-timeline";
import { teamPerformanceRoute } from "@/lib/modules/dashboard/routes/performance";
import { databaseHealthResponse } from "@/lib/health";
import { documentKeyring } from "@/lib/storage/keyring";
import { pdfBytes } from "../../scripts/lib/sample-files";
import { asCurrentUser, ownerDb } from "../support/factories";
import { hostileString, hostileValue, LEAK, RUNS } from "./support/hostile";
import { expectNothingBroken, makeWorld, snapshot, type Tenant } from "./support/world";

const BASE = "http://app.test";
/** A path segment as a client would encode it (a lone surrogate can't be, so it is replaced as a browser does). */
const seg = (v: unknown) => encodeURIComponent(String(v).toWellFormed());
const ROUTE_RUNS = Number(process.env.FUZZ_ROUTE_RUNS || Math.ceil(RUNS / 10));
const WRITE_RUNS = Math.max(1, Math.ceil(ROUTE_RUNS / 2));

let mine: Tenant;
let theirs: Tenant;
/** The Storage path of the member's document (the object proxy reads it through the "fuzz" project). */
let storedPath: string;
beforeAll(async () => {
  ({ mine, theirs } = await makeWorld());
  ({ storagePath: storedPath } = await ownerDb().transactionDocument.findUniqueOrThrow({
    where: { id: mine.ids.document![0]! },
  }));
  // A secondary project for the object proxy: the test stack itself, its documents bucket allowed.
  process.env.SUPABASE_PROJECT_FUZZ_URL = process.env.NEXT_PUBLIC_SUPABASE_URL;
  process.env.SUPABASE_PROJECT_FUZZ_ANON_KEY = process.env.NEXT_PUBLIC_SUPABASE_ANON_KEY;
  process.env.SUPABASE_PROJECT_FUZZ_SERVICE_ROLE_KEY = process.env.SUPABASE_SERVICE_ROLE_KEY;
  process.env.SUPABASE_PROJECT_FUZZ_READ_BUCKETS = "documents";
}, 120_000);

/** A hostile string or value turned into text, as it would arrive in a URL or a header. */
const text = fc.oneof(
  { weight: 3, arbitrary: hostileString },
  {
    weight: 1,
    arbitrary: hostileValue.map((v) => (typeof v === "string" ? v : (JSON.stringify(v) ?? "undefined"))),
  },
);

/** A query string: known names with hostile values, hostile names, repeats, and raw undecodable escapes. */
const query = (names: string[]) =>
  fc.oneof(
    fc
      .array(fc.tuple(fc.oneof(fc.constantFrom(...names, "__proto__", "constructor"), text), text), {
        maxLength: 4,
      })
      .map((pairs) => {
        const q = new URLSearchParams();
        for (const [k, v] of pairs) q.append(k.toWellFormed(), v.toWellFormed());
        return q.size ? `?${q}` : "";
      }),
    fc.constantFrom(
      "?after=%zz",
      "?q=%00%ff%fe",
      "?after=1&after=2",
      "?=&&=",
      `?q=${"%41".repeat(3000)}`,
      "",
    ),
  );

const HEADER_NAMES = [
  "content-type",
  "content-length",
  "x-file-name",
  "accept",
  "range",
  "origin",
  "sec-fetch-site",
  "idempotency-key",
  "cookie",
  "authorization",
];

/** Headers with hostile values; a value no HTTP request can carry (NUL, a line break) is left out, as on the wire. */
const headers = fc
  .tuple(fc.array(fc.tuple(fc.constantFrom(...HEADER_NAMES), text), { maxLength: 4 }), fc.nat(9))
  .map(([pairs, dice]) => {
    const h = new Headers({ host: "app.test" });
    for (const [k, v] of pairs) {
      try {
        h.set(k, v.slice(0, 2000));
      } catch {
        // Not representable in HTTP.
      }
    }
    // Cross-site requests are refused first: keep most requests same-site so the handler itself is reached.
    if (dice < 8) {
      h.delete("origin");
      h.delete("sec-fetch-site");
    }
    return h;
  });

const csvCell = fc.oneof(text, fc.constantFrom("Amelia Brown", "a@example.test", "LEAD", "2026-12-31", ""));
const encoder = new TextEncoder();

/** Request bodies: CSV-shaped text with hostile cells, raw bytes, multipart forms, JSON with __proto__, a real PDF. */
const body = fc.oneof(
  fc
    .tuple(
      fc.constantFrom(
        "name,email,phone,company,status,source,next_follow_up,notes",
        "name",
        "",
        "\uFEFFname,email",
      ),
      fc.array(fc.array(csvCell, { minLength: 1, maxLength: 8 }), { maxLength: 6 }),
    )
    .map(([head, rows]) =>
      encoder.encode(
        [head, ...rows.map((r) => r.map((c) => `"${c.replaceAll('"', '""')}"`).join(","))].join("\r\n"),
      ),
    ),
  fc.uint8Array({ maxLength: 4096 }),
  text.map((t) => encoder.encode(t)),
  fc
    .tuple(text, text)
    .map(([name, value]) =>
      encoder.encode(
        `--b\r\nContent-Disposition: form-data; name="${name}"; filename="${name}"\r\n\r\n${value}\r\n--b--\r\n`,
      ),
    ),
  fc.constant(encoder.encode('{"__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}}}')),
  fc.constant(pdfBytes("fuzz")),
  fc.constant(new Uint8Array(0)),
);

type Params = Record<string, string | string[]>;
interface Case {
  name: string;
  route: (request: Request, ctx: { params: Promise<Params> }, who: number) => Promise<Response>;
  method: "GET" | "POST";
  path: (p: Params) => string;
  params: fc.Arbitrary<Params>;
  queryNames: string[];
  runs: number;
  /** What a real client sends; the hostile headers are set over these. */
  defaults?: Record<string, string>;
}

const as = <P>(route: Route<P>) => {
  const users = () => [mine.t.users.OWNER!, mine.t.users.ADMIN!, mine.t.users.MEMBER!, mine.t.users.VIEWER!];
  return (request: Request, ctx: { params: Promise<Params> }, who = 0) =>
    route.as(asCurrentUser(users()[who % 4]!))(request, ctx as never);
};

/** An organization: mostly the member's own, sometimes the other tenant's, sometimes junk. */
const org = () =>
  fc.oneof(
    { weight: 6, arbitrary: fc.constant(mine.t.org.slug) },
    { weight: 1, arbitrary: fc.constant(mine.t.org.id) },
    { weight: 1, arbitrary: fc.constant(theirs.t.org.slug) },
    { weight: 2, arbitrary: text },
  );
const idOf = (kind: string) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...mine.ids[kind]!) },
    { weight: 1, arbitrary: fc.constantFrom(...theirs.ids[kind]!) },
    { weight: 2, arbitrary: text },
  );
/** Link tokens: a real one, a tampered one, and correctly signed ones whose claims are hostile or foreign. */
const token = () => {
  const real = signDocumentLink(
    { documentId: mine.ids.document![0]!, organizationId: mine.t.org.id, expiresAt: Date.now() / 1000 + 600 },
    documentKeyring(),
  );
  return fc.oneof(
    text,
    fc.constant(real),
    fc.constant(`${real.slice(0, -1)}${real.endsWith("A") ? "B" : "A"}`),
    fc
      .tuple(
        fc.oneof(fc.constantFrom(...mine.ids.document!, ...theirs.ids.document!), text),
        fc.oneof(fc.constantFrom(mine.t.org.id, theirs.t.org.id), text),
        fc.oneof(fc.constant(Math.floor(Date.now() / 1000) + 600), fc.integer()),
      )
      .map(([documentId, organizationId, expiresAt]) =>
        signDocumentLink({ documentId, organizationId, expiresAt }, documentKeyring()),
      ),
  );
};

const HANDLERS = [
  "activity backfill",
  "audit export",
  "contact options",
  "notifications unread",
  "contacts import",
  "document file",
  "document view",
  "loop upload",
  "share link",
  "project object proxy",
  "contact timeline",
  "team performance",
  "database health",
] as const;

function cases(): Case[] {
  const orgOnly = fc.record({ org: org() });
  const onOrg = (suffix: string) => (p: Params) => `/api/organizations/${seg(p.org)}${suffix}`;
  const docPath = (suffix: string) => (p: Params) =>
    `/api/documents/${seg(p.org)}/files/${seg(p.documentId)}${suffix}`;
  return [
    {
      name: "activity backfill",
      route: as(activitySinceRoute),
      method: "GET",
      path: onOrg("/activity"),
      params: orgOnly,
      queryNames: ["after"],
      runs: ROUTE_RUNS,
    },
    {
      name: "audit export",
      route: as(auditExportRoute),
      method: "GET",
      path: onOrg("/audit/export"),
      params: orgOnly,
      queryNames: ["action", "actor", "entityType", "from", "to", "before", "q"],
      runs: ROUTE_RUNS,
    },
    {
      name: "contact options",
      route: as(contactOptionsRoute),
      method: "GET",
      path: onOrg("/contacts/options"),
      params: orgOnly,
      queryNames: ["q"],
      runs: ROUTE_RUNS,
    },
    {
      name: "notifications unread",
      route: as(unreadCountRoute),
      method: "GET",
      path: onOrg("/notifications/unread"),
      params: orgOnly,
      queryNames: [],
      runs: ROUTE_RUNS,
    },
    {
      name: "contacts import",
      route: as(importContactsRoute),
      method: "POST",
      path: onOrg("/contacts/import"),
      params: orgOnly,
      queryNames: [],
      runs: WRITE_RUNS,
      defaults: { "content-type": "text/csv" },
    },
    {
      name: "document file",
      route: as(downloadDocumentRoute),
      method: "GET",
      path: docPath(""),
      params: fc.record({ org: org(), documentId: idOf("document") }),
      queryNames: ["download"],
      runs: ROUTE_RUNS,
    },
    {
      name: "document view",
      route: as(viewDocumentRoute),
      method: "GET",
      path: docPath("/view"),
      params: fc.record({ org: org(), documentId: idOf("document") }),
      queryNames: [],
      runs: ROUTE_RUNS,
    },
    {
      name: "loop upload",
      route: as(uploadDocumentRoute({ maxBytes: 64 * 1024 })),
      method: "POST",
      path: (p) => `/api/documents/${seg(p.org)}/loops/${seg(p.loopId)}`,
      params: fc.record({ org: org(), loopId: idOf("loop") }),
      queryNames: ["type", "slot"],
      runs: WRITE_RUNS,
      defaults: { "content-type": "application/octet-stream", "x-file-name": "Offer%20(1).pdf" },
    },
    {
      name: "share link",
      route: as(documentLinkRoute),
      method: "GET",
      path: (p) => `/api/documents/links/${seg(p.token)}`,
      params: fc.record({ token: token() }),
      queryNames: [],
      runs: ROUTE_RUNS,
    },
    {
      name: "project object proxy",
      route: as(projectObjectGET),
      method: "GET",
      path: (p) => `/api/projects/${seg(p.project)}/objects/${seg(p.bucket)}/x`,
      params: fc.record({
        project: fc.oneof(
          { weight: 4, arbitrary: fc.constant("fuzz") },
          { weight: 1, arbitrary: fc.constantFrom("primary", "FUZZ", "listings") },
          { weight: 1, arbitrary: text },
        ),
        bucket: fc.oneof(
          { weight: 4, arbitrary: fc.constant("documents") },
          { weight: 1, arbitrary: fc.constant("avatars") },
          { weight: 1, arbitrary: text },
        ),
        key: fc.oneof(
          fc.constant(storedPath.split("/")),
          fc.array(fc.oneof(fc.constantFrom("..", ".", mine.t.org.id, "a.pdf"), text), {
            minLength: 1,
            maxLength: 4,
          }),
        ),
      }),
      queryNames: [],
      runs: ROUTE_RUNS,
    },
    {
      name: "contact timeline",
      route: as(contactTimelineRoute),
      method: "GET",
      path: (p) => `/api/organizations/${seg(p.org)}/contacts/${seg(p.id)}/timeline`,
      params: fc.record({ org: org(), id: idOf("contact") }),
      queryNames: ["cursor", "show"],
      runs: ROUTE_RUNS,
    },
    {
      name: "team performance",
      route: as(teamPerformanceRoute),
      method: "GET",
      path: onOrg("/dashboard/performance"),
      params: orgOnly,
      queryNames: ["period"],
      runs: ROUTE_RUNS,
    },
    {
      name: "database health",
      route: (request) => databaseHealthResponse(request),
      method: "GET",
      path: () => "/api/health",
      params: fc.constant({}),
      queryNames: [],
      runs: ROUTE_RUNS,
    },
  ];
}

async function readAll(res: Response): Promise<string> {
  // A stream that fails mid-way rejects here: that is a broken response, not a refusal.
  return new TextDecoder().decode(await res.arrayBuffer());
}

describe(`route handlers under hostile requests (${ROUTE_RUNS} runs each; writes ${WRITE_RUNS})`, () => {
  it("every app/api route.ts is fuzzed here", () => {
    const routes = readdirSync("app/api", { recursive: true, encoding: "utf8" }).filter((f) =>
      f.endsWith("route.ts"),
    );
    expect(routes).toHaveLength(HANDLERS.length);
  });

  for (const name of HANDLERS) {
    it(`${name}: never a 500, never a leak, nothing broken`, async () => {
      const c = cases().find((x) => x.name === name)!;
      const before = await snapshot(mine, theirs);
      const statuses = new Map<number, number>();
      await fc.assert(
        fc.asyncProperty(
          c.params,
          query(c.queryNames),
          headers,
          body,
          fc.nat(3),
          async (params, q, h, bytes, who) => {
            const url = `${BASE}${c.path(params)}${q}`;
            for (const [k, v] of Object.entries(c.defaults ?? {})) if (!h.has(k)) h.set(k, v);
            let request: Request;
            try {
              request = new Request(url, {
                method: c.method,
                headers: h,
                ...(c.method === "POST" ? { body: bytes, duplex: "half" } : {}),
              } as RequestInit);
            } catch {
              return; // not a request a client could send
            }
            const res = await c.route(request, { params: Promise.resolve(params) }, who);
            statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
            const textBody = await readAll(res);
            if (res.status >= 500)
              throw new Error(`${c.name} answered ${res.status}: ${textBody.slice(0, 500)}`);
            if (res.status >= 400 && LEAK.test(textBody))
              throw new Error(`${c.name} leaked internals: ${textBody.slice(0, 500)}`);
            if (c.name === "contacts import") {
              // NDJSON: each line parses; a failure line carries a code a user may see.
              for (const line of textBody.split("\n").filter(Boolean)) {
                const parsed = JSON.parse(line) as {
                  type: string;
                  error?: { code: string; message: string };
                };
                if (parsed.type === "error") {
                  expect(parsed.error!.code).not.toBe("INTERNAL");
                  expect(parsed.error!.message).not.toMatch(LEAK);
                }
              }
            }
          },
        ),
        { numRuns: c.runs, endOnFailure: true },
      );
      // The requests reached past the wrapper, not only its refusals.
      expect(
        [...statuses.keys()].some((s) => s < 400),
        `${c.name}: ${JSON.stringify([...statuses])}`,
      ).toBe(true);
      await expectNothingBroken(before, mine, theirs);
    });
  }
});
