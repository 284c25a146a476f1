// The one shape of every entry point: orgAction (server actions) and withOrgRoute/withUserRoute (route handlers)
// authorize inside the wrapper, refuse cross-site requests where asked, and render every failure the same way.
// Called through their real exports, with real Requests and a real database.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { orgAction } from "@/lib/auth/org-action";
import { withOrgRoute } from "@/lib/auth/org-route";
import { activitySinceRoute } from "@/lib/modules/activity/routes/activity-since";
import { contactOptionsRoute } from "@/lib/modules/crm/routes/contact-options";
import { importContactsRoute } from "@/lib/modules/crm/routes/import";
import { asCurrentUser, ownerDb, seedTenant } from "../../support/factories";

const params = <P>(p: P) => ({ params: Promise.resolve(p) });
const BASE = "http://app.test";

describe("withOrgRoute", () => {
  const probe = withOrgRoute<{ org: string }>(
    { permission: "contacts:write", sameOrigin: true },
    async (_r, ctx) => Response.json({ data: { role: ctx.role } }),
  );
  const post = (headers: Record<string, string> = {}) =>
    new Request(`${BASE}/api/x`, { method: "POST", headers: { host: "app.test", ...headers } });

  it("authorizes the organization in the URL for the permission, and renders each refusal with its code", async () => {
    const t = await seedTenant({ roles: ["OWNER", "VIEWER"] });
    const other = await seedTenant({ roles: ["OWNER"] });
    const ok = await probe.as(asCurrentUser(t.users.OWNER!))(post(), params({ org: t.org.slug }));
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ data: { role: "OWNER" } });

    const cases = [
      [null, t.org.slug, 401, "UNAUTHENTICATED"],
      [t.users.VIEWER!, t.org.slug, 403, "FORBIDDEN"],
      [other.users.OWNER!, t.org.slug, 404, "NOT_FOUND"],
    ] as const;
    for (const [user, org, status, code] of cases) {
      const res = await probe.as(user ? asCurrentUser(user) : null)(post(), params({ org }));
      expect(res.status).toBe(status);
      expect((await res.json()).error.code).toBe(code);
    }
    const suspended = await probe.as(asCurrentUser({ ...t.users.OWNER!, globalRole: "SUSPENDED" }))(
      post(),
      params({ org: t.org.slug }),
    );
    expect(await suspended.json()).toMatchObject({
      error: { code: "UNAUTHENTICATED", details: { reason: "suspended" } },
    });
  });

  it("refuses other sites — a foreign Origin, Origin: null, Sec-Fetch-Site: cross-site — with 403, never 500", async () => {
    const t = await seedTenant({ roles: ["OWNER"] });
    const owner = asCurrentUser(t.users.OWNER!);
    const foreign: Array<Record<string, string>> = [
      { origin: "https://evil.example" },
      { origin: "null" },
      { "sec-fetch-site": "cross-site" },
    ];
    for (const headers of foreign) {
      const res = await probe.as(owner)(post(headers), params({ org: t.org.slug }));
      expect(res.status, JSON.stringify(headers)).toBe(403);
    }
    expect(
      (await probe.as(owner)(post({ origin: "http://app.test" }), params({ org: t.org.slug }))).status,
    ).toBe(200);
  });

  it("shows a person who opened a link a page, not JSON", async () => {
    const res = await withOrgRoute<{ org: string }>(
      { permission: "contacts:read" },
      async () => new Response("x"),
    ).as(null)(new Request(`${BASE}/api/x`, { headers: { accept: "text/html" } }), params({ org: "nope" }));
    expect(res.status).toBe(401);
    expect(res.headers.get("content-type")).toContain("text/html");
    expect(await res.text()).toContain("Please sign in to continue.");
  });
});

describe("the CSV import route", () => {
  it("answers `Origin: null` with 403 (it used to be a 500) and imports nothing", async () => {
    const t = await seedTenant({ tier: "STARTER", roles: ["OWNER"] });
    const res = await importContactsRoute.as(asCurrentUser(t.users.OWNER!))(
      new Request(`${BASE}/api/organizations/${t.org.slug}/contacts/import`, {
        method: "POST",
        headers: { host: "app.test", origin: "null", "content-type": "text/csv" },
        body: "name\nSneaky\n",
      }),
      params({ org: t.org.slug }),
    );
    expect(res.status).toBe(403);
    expect(await ownerDb().contact.count({ where: { organizationId: t.org.id } })).toBe(0);
  });
});

describe("reads the browser polls are route handlers", () => {
  it("the feed's backfill and the contact picker answer { data } for a member, and validate their query", async () => {
    const t = await seedTenant({ roles: ["OWNER", "VIEWER"] });
    await ownerDb().contact.create({ data: { organizationId: t.org.id, name: "Polly Poll" } });
    const viewer = asCurrentUser(t.users.VIEWER!);
    const options = await contactOptionsRoute.as(viewer)(
      new Request(`${BASE}/api/organizations/${t.org.slug}/contacts/options?q=poll`),
      params({ org: t.org.slug }),
    );
    expect(await options.json()).toMatchObject({ data: [{ name: "Polly Poll" }] });
    const feed = await activitySinceRoute.as(viewer)(
      new Request(`${BASE}/api/organizations/${t.org.slug}/activity?after=0`),
      params({ org: t.org.slug }),
    );
    expect(feed.status).toBe(200);
    expect(Array.isArray((await feed.json()).data)).toBe(true);
    const bad = await activitySinceRoute.as(viewer)(
      new Request(`${BASE}/api/organizations/${t.org.slug}/activity?after=-1`),
      params({ org: t.org.slug }),
    );
    expect(bad.status).toBe(422);
  });
});

describe("orgAction", () => {
  const probe = orgAction(
    "contacts:write",
    z.object({ organization: z.string(), n: z.number().int() }),
    async (ctx, input) => ({ role: ctx.role, twice: input.n * 2 }),
  );

  it("validates with the schema before anything else and answers the form's result shape", async () => {
    // (Authorization needs the request's session; the route tests above and authorize.test.ts cover it.)
    expect(await probe({ organization: "x", n: 1.5 } as never)).toMatchObject({
      ok: false,
      error: { code: "VALIDATION" },
      fieldErrors: { n: expect.any(Array) },
    });
  });
});
