// Breaks: the database itself, under the app's running pool. First the test stack's Postgres is stopped (fast
// shutdown: every connection is cut, new ones are refused) and started again on the same data — only Postgres, the
// platform stays up (the stack's drills, tests/support/stack-process.ts). Then every pool connection is held by a slow query
// (DATABASE_POOL_MAX small for this file). "Nothing lost" means: while the database is away every caller gets the
// clear answer fast — a route 503 JSON with Retry-After (or the 503 page for a browser), an action the
// SERVICE_UNAVAILABLE result, authorization and the session's user sync the same error — never a hang, a 500 or a
// stack; nothing half-written; and the same pool serves again within seconds of the database returning, with
// no restart of anything but Postgres.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// Set before the app's pool is first created (lib/database/client.ts reads env() once).
process.env.DATABASE_POOL_MAX = "3";
process.env.DATABASE_POOL_CONNECT_TIMEOUT_MS = "1000";

import { action } from "@/lib/action";
import { authorizeUser } from "@/lib/auth/authorize";
import { syncUserFromClaims } from "@/lib/auth/current-user";
import { getPool } from "@/lib/database/client";
import { toAppError } from "@/lib/database/errors";
import { SERVICE_UNAVAILABLE_MESSAGE, type ActionResult } from "@/lib/errors";
import { createContactSchema } from "@/lib/modules/crm/schemas";
import { createContact } from "@/lib/modules/crm/services/contacts";
import { unreadCountRoute } from "@/lib/modules/notifications/routes/unread-count";
import { asCurrentUser, ownerDb, seedTenant, type TestTenant, type TestUser } from "../support/factories";
import { stackDrill } from "../support/stack-process";

const CONNECT_TIMEOUT_MS = 1000;
const stack = () => ({
  pid: Number(process.env.HEARTH_TEST_STACK_PID),
  stackDir: process.env.HEARTH_TEST_STACK_DIR!,
});

let t: TestTenant;
let user: TestUser;

/** The unread-count route as the tenant's owner; resolves with the response and how long it took. */
async function callRoute(accept = "application/json") {
  const started = Date.now();
  const res = await unreadCountRoute.as(asCurrentUser(user))(
    new Request(`http://app.test/api/organizations/${t.org.slug}/notifications/unread`, {
      headers: { accept },
    }),
    { params: Promise.resolve({ org: t.org.slug }) },
  );
  return { res, ms: Date.now() - started };
}

/** A server action through the one action wrapper (authorize + service), as orgAction builds it. */
const createContactAction = action("createContact", createContactSchema, async (input) =>
  createContact(
    await authorizeUser(asCurrentUser(user), {
      organization: input.organization,
      permission: "contacts:write",
    }),
    input,
  ),
);

async function expectUnavailableRoute(res: Response) {
  expect(res.status).toBe(503);
  expect(res.headers.get("retry-after")).toBe("5");
  expect(await res.json()).toEqual({
    error: {
      code: "SERVICE_UNAVAILABLE",
      message: SERVICE_UNAVAILABLE_MESSAGE,
      details: { retryAfterSeconds: 5 },
    },
  });
}

function expectUnavailableResult(result: ActionResult<unknown>) {
  expect(result).toEqual({
    ok: false,
    error: {
      code: "SERVICE_UNAVAILABLE",
      message: SERVICE_UNAVAILABLE_MESSAGE,
      details: { retryAfterSeconds: 5 },
    },
  });
}

beforeAll(async () => {
  t = await seedTenant({ roles: ["OWNER"] });
  user = t.users.OWNER!;
});

describe("the database goes away and comes back", () => {
  let stopped = false;
  afterAll(async () => {
    if (stopped) await stackDrill(stack(), "start database"); // never leave the shared stack without its database
  });

  it("answers 503 fast while Postgres is down, and serves again within seconds of its return", async () => {
    expect((await callRoute()).res.status).toBe(200); // the pool holds live connections now

    await stackDrill(stack(), "stop database");
    stopped = true;

    // Route handler: JSON for fetch, a page for a person who opened the URL.
    const json = await callRoute();
    await expectUnavailableRoute(json.res);
    expect(json.ms).toBeLessThan(CONNECT_TIMEOUT_MS + 2000);
    const html = await callRoute("text/html");
    expect(html.res.status).toBe(503);
    const page = await html.res.text();
    expect(page).toContain("Hearth can&#39;t reach its database right now.");
    expect(page).not.toMatch(/at \w+ \(|ECONNREFUSED|57P01/);

    // Action: the form's result, and nothing written.
    const name = `Outage ${Date.now()}`;
    const started = Date.now();
    expectUnavailableResult(await createContactAction({ organization: t.org.slug, name }));
    expect(Date.now() - started).toBeLessThan(CONNECT_TIMEOUT_MS + 2000);

    // Authorization and the session's user sync (every page and action starts with them) fail the same way.
    const auth = await authorizeUser(asCurrentUser(user), {
      organization: t.org.slug,
      permission: "contacts:read",
    }).catch((e: unknown) => e);
    expect(auth).toMatchObject({ code: "SERVICE_UNAVAILABLE", status: 503 });
    const sync = await syncUserFromClaims(asCurrentUser(user).claims).catch((e: unknown) => e);
    expect(toAppError(sync)).toMatchObject({ code: "SERVICE_UNAVAILABLE" });

    await stackDrill(stack(), "start database");
    stopped = false;

    // The same pool, no app restart: the first request after the database is back may still meet a dead
    // connection; within a few seconds every request succeeds.
    const back = Date.now();
    let status = 0;
    while (Date.now() - back < 10_000) {
      status = (await callRoute()).res.status;
      if (status === 200) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toBe(200);
    expect(Date.now() - back).toBeLessThan(5_000);
    expect((await callRoute()).res.status).toBe(200);
    expect(await createContactAction({ organization: t.org.slug, name })).toMatchObject({ ok: true });
    expect(await ownerDb().contact.count({ where: { organizationId: t.org.id, name } })).toBe(1);
  });
});

describe("every pool connection is busy", () => {
  it("answers 503 within the pool's connect timeout, and serves again once a connection is free", async () => {
    // Slow queries hold every connection the app's pool may open.
    const pool = getPool();
    const held = await Promise.all(Array.from({ length: 3 }, () => pool.connect()));
    const slow = held.map((c) => c.query("select pg_sleep(4)"));
    try {
      const { res, ms } = await callRoute();
      await expectUnavailableRoute(res);
      expect(ms).toBeGreaterThanOrEqual(CONNECT_TIMEOUT_MS - 50);
      expect(ms).toBeLessThan(CONNECT_TIMEOUT_MS + 1500);
      expectUnavailableResult(await createContactAction({ organization: t.org.slug, name: "Busy pool" }));
    } finally {
      await Promise.all(slow);
      for (const c of held) c.release();
    }
    expect((await callRoute()).res.status).toBe(200);
    expect(await ownerDb().contact.count({ where: { organizationId: t.org.id, name: "Busy pool" } })).toBe(0);
  });
});
