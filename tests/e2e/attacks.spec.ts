// Attacks against the running production build: forged, tampered, expired and signed-out tokens in the session
// cookie, the x-middleware-subrequest bypass header, server actions called directly with another organization's
// ids, and a member demoted or removed mid-session. Authorization lives in every page and action, so none of
// these get through.
import { readFileSync } from "node:fs";
import path from "node:path";
import { createClient } from "@supabase/supabase-js";
import { expect, test, type APIRequestContext, type BrowserContext } from "@playwright/test";
import { generateKeyPair, importJWK, SignJWT, type JWK } from "jose";
import pg from "pg";
import { PASSWORD, createAuthUser, login, stackEnv, uniqueEmail } from "./support/fixtures";
import { distDir, STATE_FILE } from "./support/global-setup";

const COOKIE = "sb-127-auth-token";

function db() {
  return new pg.Client({ connectionString: stackEnv().DATABASE_URL });
}

async function sql<T extends pg.QueryResultRow = Record<string, unknown>>(
  text: string,
  params: unknown[] = [],
): Promise<T[]> {
  const c = db();
  await c.connect();
  try {
    return (await c.query<T>(text, params)).rows;
  } finally {
    await c.end();
  }
}

/** An organization on GROWTH with the given user as `role`, created directly in the database. */
async function orgWith(userId: string, email: string, role: string) {
  const slug = `atk-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  await sql(
    "insert into public.users (id, email, name) values ($1, $2, 'Attack Test') on conflict (id) do nothing",
    [userId, email],
  );
  const [org] = await sql<{ id: string }>(
    "insert into public.organizations (name, slug) values ($1, $1) returning id",
    [slug],
  );
  await sql("insert into public.subscriptions (organization_id, tier) values ($1, 'GROWTH')", [org!.id]);
  const [m] = await sql<{ id: string }>(
    "insert into public.organization_members (organization_id, user_id, role, accepted_at) values ($1, $2, $3, now()) returning id",
    [org!.id, userId, role],
  );
  return { id: org!.id, slug, memberId: m!.id };
}

/** The session cookie value @supabase/ssr would write for this session object. */
function sessionCookie(session: object) {
  return `base64-${Buffer.from(JSON.stringify(session)).toString("base64url")}`;
}

function stackKey(): { kid: string; privateJwk: JWK } {
  const file = path.join(
    JSON.parse(readFileSync(STATE_FILE, "utf8")).stackDir,
    "data",
    "jwt-signing-key.json",
  );
  return JSON.parse(readFileSync(file, "utf8"));
}

async function signedIn(email: string) {
  const env = stackEnv();
  const client = createClient(env.NEXT_PUBLIC_SUPABASE_URL!, env.NEXT_PUBLIC_SUPABASE_ANON_KEY!, {
    auth: { persistSession: false },
  });
  const { data, error } = await client.auth.signInWithPassword({ email, password: PASSWORD });
  if (error) throw error;
  return { client, session: data.session! };
}

async function expectSignedOut(request: APIRequestContext, cookie: string, target: string) {
  const res = await request.get(target, { headers: { cookie: `${COOKIE}=${cookie}` }, maxRedirects: 0 });
  expect(res.status(), `${target} with a forged session`).toBe(307);
  expect(res.headers().location).toMatch(/\/login\?next=/);
}

test.describe("attacks", () => {
  let user: { id: string; email: string };
  let org: { id: string; slug: string; memberId: string };

  test.beforeAll(async () => {
    const email = uniqueEmail("victim");
    const created = await createAuthUser(email, "Vic Tim");
    user = { id: created.id, email };
    org = await orgWith(user.id, email, "OWNER");
  });

  test("forged, tampered, foreign-key and expired tokens in the session cookie are all signed out", async ({
    request,
  }) => {
    const { session } = await signedIn(user.email);
    const target = `/${org.slug}/dashboard`;
    // sanity: the genuine cookie works
    const ok = await request.get(target, {
      headers: { cookie: `${COOKIE}=${sessionCookie(session)}` },
      maxRedirects: 0,
    });
    expect(ok.status()).toBe(200);

    const [h, p] = session.access_token.split(".");
    const claims = JSON.parse(Buffer.from(p!, "base64url").toString());
    const none = `${Buffer.from(JSON.stringify({ alg: "none", typ: "JWT" })).toString("base64url")}.${p}.`;
    const tampered = `${h}.${Buffer.from(JSON.stringify({ ...claims, email: "ceo@example.test" })).toString("base64url")}.${session.access_token.split(".")[2]}`;
    const { privateKey } = await generateKeyPair("ES256");
    const wrongKey = await new SignJWT(claims)
      .setProtectedHeader({ alg: "ES256", kid: stackKey().kid })
      .sign(privateKey);
    const stack = stackKey();
    const now = Math.floor(Date.now() / 1000);
    const expired = await new SignJWT({ ...claims, iat: now - 7200, exp: now - 3600 })
      .setProtectedHeader({ alg: "ES256", kid: stack.kid })
      .sign(await importJWK(stack.privateJwk, "ES256"));
    for (const [name, token] of Object.entries({ none, tampered, wrongKey, expired })) {
      await test.step(name, async () => {
        await expectSignedOut(
          request,
          sessionCookie({
            ...session,
            access_token: token,
            refresh_token: "not-a-real-refresh-token",
            expires_at: name === "expired" ? now - 3600 : session.expires_at,
          }),
          target,
        );
      });
    }
  });

  test("a signed-out session's token no longer works, although it hasn't expired", async ({ request }) => {
    const { client, session } = await signedIn(user.email);
    const cookie = sessionCookie(session);
    const target = `/${org.slug}/settings/members`;
    expect(
      (await request.get(target, { headers: { cookie: `${COOKIE}=${cookie}` }, maxRedirects: 0 })).status(),
    ).toBe(200);
    await client.auth.signOut({ scope: "local" });
    await expectSignedOut(request, cookie, target);
  });

  test("x-middleware-subrequest doesn't skip anything", async ({ request }) => {
    for (const value of [
      "middleware",
      "proxy:proxy:proxy:proxy:proxy",
      "src/middleware:middleware:middleware:middleware:middleware",
    ]) {
      const res = await request.get(`/${org.slug}/dashboard`, {
        headers: { "x-middleware-subrequest": value },
        maxRedirects: 0,
      });
      expect(res.status()).toBe(307);
      expect(res.headers().location).toMatch(/\/login/);
    }
  });

  test("server actions called directly with another organization's ids find nothing and change nothing", async ({
    page,
  }) => {
    const otherEmail = uniqueEmail("other");
    const other = await createAuthUser(otherEmail, "Other Owner");
    const foreign = await orgWith(other.id, otherEmail, "OWNER");
    const [victim] = await sql<{ id: string }>(
      "insert into public.users (id, email, name) values (gen_random_uuid(), $1, 'Foreign Member') returning id",
      [uniqueEmail("fm")],
    );
    const [fm] = await sql<{ id: string }>(
      "insert into public.organization_members (organization_id, user_id, role, accepted_at) values ($1, $2, 'MEMBER', now()) returning id",
      [foreign.id, victim!.id],
    );

    await login(page, user.email);
    const manifest = JSON.parse(
      readFileSync(path.join(distDir(), "server/server-reference-manifest.json"), "utf8"),
    ).node as Record<string, { exportedName: string }>;
    const actionId = (name: string) => Object.entries(manifest).find(([, v]) => v.exportedName === name)![0];
    const call = async (name: string, args: unknown) => {
      const res = await page.request.post(`/${org.slug}/settings/members`, {
        headers: {
          "next-action": actionId(name),
          "content-type": "text/plain;charset=UTF-8",
          accept: "text/x-component",
        },
        data: JSON.stringify([args]),
      });
      return res.text();
    };
    expect(
      await call("changeMemberRoleAction", { organization: foreign.slug, memberId: fm!.id, role: "OWNER" }),
    ).toContain('"code":"NOT_FOUND"');
    expect(
      await call("changeMemberRoleAction", { organization: org.slug, memberId: fm!.id, role: "VIEWER" }),
    ).toContain('"code":"NOT_FOUND"');
    expect(await call("removeMemberAction", { organization: foreign.id, memberId: fm!.id })).toContain(
      '"code":"NOT_FOUND"',
    );
    expect(
      await call("inviteMemberAction", {
        organization: foreign.slug,
        email: uniqueEmail("x"),
        role: "ADMIN",
      }),
    ).toContain('"code":"NOT_FOUND"');
    const [row] = await sql<{ role: string }>("select role from public.organization_members where id = $1", [
      fm!.id,
    ]);
    expect(row!.role).toBe("MEMBER");
    const invites = await sql("select 1 from public.invitations where organization_id = $1", [foreign.id]);
    expect(invites).toEqual([]);
    // and the same action works on the caller's own organization (the calls above were well-formed)
    expect(
      await call("inviteMemberAction", { organization: org.slug, email: uniqueEmail("ok"), role: "MEMBER" }),
    ).toContain('"ok":true');
  });

  test("a member demoted or removed mid-session is denied on the very next request", async ({ browser }) => {
    const email = uniqueEmail("admin");
    const admin = await createAuthUser(email, "Ada Admin");
    const owner = await createAuthUser(uniqueEmail("own"), "Owen Owner");
    const team = await orgWith(owner.id, owner.email!, "OWNER");
    await sql(
      "insert into public.users (id, email, name) values ($1, $2, 'Ada Admin') on conflict do nothing",
      [admin.id, email],
    );
    const [m] = await sql<{ id: string }>(
      "insert into public.organization_members (organization_id, user_id, role, accepted_at) values ($1, $2, 'ADMIN', now()) returning id",
      [team.id, admin.id],
    );
    const context: BrowserContext = await browser.newContext();
    const page = await context.newPage();
    await login(page, email);
    await page.goto(`/${team.slug}/settings/members`);
    await expect(page.getByRole("button", { name: "Send invitation" })).toBeVisible();

    await sql("update public.organization_members set role = 'VIEWER' where id = $1", [m!.id]);
    await page.getByLabel("Email address").fill(uniqueEmail("late"));
    await page.getByRole("button", { name: "Send invitation" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "doesn't allow this" }).first()).toBeVisible();
    await page.reload();
    await expect(page.getByRole("button", { name: "Send invitation" })).toHaveCount(0);

    await sql("delete from public.organization_members where id = $1", [m!.id]);
    const res = await page.goto(`/${team.slug}/dashboard`);
    // no accepted membership anywhere → onboarding; the organization's pages are gone
    await expect(page).toHaveURL(/\/onboarding\/organization/);
    expect(res?.ok()).toBe(true);
    await context.close();
  });
});
