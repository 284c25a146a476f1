// Local Auth service, end-user flows through the official client: sign-up, password sign-in, user, claims,
// refresh-token rotation and reuse, sign-out scopes, and the concurrency rules (one user per email, one child
// per refresh token).
import {
  isAuthApiError,
  isAuthSessionMissingError,
  isAuthWeakPasswordError,
  type Session,
  type UserAttributes,
} from "@supabase/supabase-js";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { anonClient, supabaseUrl, uniqueEmail } from "../../../tests/support/supabase";
import { tamper } from "../../../tests/support/tokens";

const PASSWORD = "correct-horse-1";

let db: pg.Client;
beforeAll(async () => {
  db = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await db.connect();
});
afterAll(() => db.end());

async function signedIn(email = uniqueEmail("auth")) {
  const client = anonClient();
  const { data, error } = await client.auth.signUp({ email, password: PASSWORD });
  expect(error).toBeNull();
  return { client, email, session: data.session! };
}

/** What a fresh client (another device, the server) learns about an access token. */
async function userOf(accessToken: string) {
  return anonClient().auth.getUser(accessToken);
}

describe("sign-up", () => {
  it("returns a confirmed session whose user is shaped like GoTrue's", async () => {
    const email = uniqueEmail("Sign-Up").replace("sign-up", "Sign-Up");
    const { data, error } = await anonClient().auth.signUp({
      email,
      password: PASSWORD,
      options: { data: { name: "Ada Lovelace" } },
    });
    expect(error).toBeNull();
    const session = data.session!;
    expect(session.token_type).toBe("bearer");
    expect(session.expires_in).toBeGreaterThan(3590);
    expect(session.expires_at).toBeGreaterThan(Date.now() / 1000 + 3590);
    expect(session.refresh_token.length).toBeGreaterThanOrEqual(12);
    const user = data.user!;
    expect(user).toMatchObject({
      aud: "authenticated",
      role: "authenticated",
      email: email.toLowerCase(),
      phone: "",
      app_metadata: { provider: "email", providers: ["email"] },
      user_metadata: { name: "Ada Lovelace", email_verified: true },
      is_anonymous: false,
    });
    expect(user.email_confirmed_at).toBeTruthy();
    expect(user.confirmed_at).toBe(user.email_confirmed_at);
    expect(user.last_sign_in_at).toBeTruthy();
    expect(user.identities).toHaveLength(1);
    expect(user.identities![0]).toMatchObject({
      id: user.id,
      user_id: user.id,
      provider: "email",
      identity_data: {
        sub: user.id,
        email: email.toLowerCase(),
        email_verified: false,
        name: "Ada Lovelace",
      },
    });
    const row = await db.query("select encrypted_password from auth.users where id = $1", [user.id]);
    expect(row.rows[0].encrypted_password).toMatch(/^\$2[aby]\$10\$/);
  });

  it("refuses a duplicate email, a weak password and a malformed email the way GoTrue does", async () => {
    const { email } = await signedIn();
    const dup = await anonClient().auth.signUp({ email: email.toUpperCase(), password: PASSWORD });
    expect(isAuthApiError(dup.error)).toBe(true);
    expect(dup.error).toMatchObject({
      status: 422,
      code: "user_already_exists",
      message: "User already registered",
    });

    const weak = await anonClient().auth.signUp({ email: uniqueEmail("weak"), password: "12345" });
    expect(isAuthWeakPasswordError(weak.error)).toBe(true);
    expect(weak.error).toMatchObject({ status: 422, code: "weak_password", reasons: ["length"] });

    const invalid = await anonClient().auth.signUp({ email: "not-an-email", password: PASSWORD });
    expect(invalid.error).toMatchObject({ status: 400, code: "validation_failed" });
    expect(invalid.error?.message).toMatch(/email address/i);
  });

  it("creates exactly one user when the same email signs up concurrently", async () => {
    const email = uniqueEmail("race");
    const results = await Promise.all(
      Array.from({ length: 6 }, () => anonClient().auth.signUp({ email, password: PASSWORD })),
    );
    const ok = results.filter((r) => r.error === null);
    expect(ok).toHaveLength(1);
    for (const r of results.filter((x) => x.error))
      expect(r.error).toMatchObject({ status: 422, code: "user_already_exists" });
    const count = await db.query("select count(*)::int as n from auth.users where lower(email) = $1", [
      email,
    ]);
    expect(count.rows[0].n).toBe(1);
  });
});

describe("password sign-in", () => {
  it("signs in with the right password and refuses a wrong one or an unknown email with invalid_credentials", async () => {
    const { email } = await signedIn();
    const ok = await anonClient().auth.signInWithPassword({ email, password: PASSWORD });
    expect(ok.error).toBeNull();
    expect(ok.data.session?.access_token).toBeTruthy();
    expect(ok.data.user?.email).toBe(email);

    for (const attempt of [
      { email, password: "wrong-password" },
      { email: uniqueEmail("nobody"), password: PASSWORD },
    ]) {
      const { data, error } = await anonClient().auth.signInWithPassword(attempt);
      expect(data.session).toBeNull();
      expect(isAuthApiError(error)).toBe(true);
      expect(error).toMatchObject({
        status: 400,
        code: "invalid_credentials",
        message: "Invalid login credentials",
      });
    }
  });
});

describe("sign-in timing", () => {
  it("spends as long on an unknown email as on a wrong password (the KDF runs either way)", async () => {
    const { email } = await signedIn();
    const time = async (attempt: { email: string; password: string }) => {
      const start = performance.now();
      const { error } = await anonClient().auth.signInWithPassword(attempt);
      expect(error).toMatchObject({ code: "invalid_credentials" });
      return performance.now() - start;
    };
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 5; i++) {
      known.push(await time({ email, password: "wrong-password" }));
      unknown.push(await time({ email: uniqueEmail("ghost"), password: "wrong-password" }));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[2]!;
    // Without the dummy bcrypt an unknown email answers in a few ms, a fraction of one bcrypt comparison.
    expect(median(unknown)).toBeGreaterThan(median(known) * 0.5);
  });
});

describe("user", () => {
  it("getUser returns the signed-in user; updateUser changes metadata and the password", async () => {
    const { client, email, session } = await signedIn();
    const me = await client.auth.getUser();
    expect(me.error).toBeNull();
    expect(me.data.user).toMatchObject({ id: session.user.id, email });

    // A second device signed in before the password change.
    const other = await anonClient().auth.signInWithPassword({ email, password: PASSWORD });

    const updated = await client.auth.updateUser({ data: { name: "Grace", plan: "pro" } });
    expect(updated.error).toBeNull();
    expect(updated.data.user?.user_metadata).toMatchObject({
      name: "Grace",
      plan: "pro",
      email_verified: true,
    });
    const removed = await client.auth.updateUser({ data: { plan: null } });
    expect(removed.data.user?.user_metadata).not.toHaveProperty("plan");

    const same = await client.auth.updateUser({ password: PASSWORD });
    expect(same.error).toMatchObject({ status: 422, code: "same_password" });
    const changed = await client.auth.updateUser({ password: "new-password-2" });
    expect(changed.error).toBeNull();

    expect(
      (await anonClient().auth.signInWithPassword({ email, password: "new-password-2" })).error,
    ).toBeNull();
    const old = await anonClient().auth.signInWithPassword({ email, password: PASSWORD });
    expect(old.error).toMatchObject({ status: 400, code: "invalid_credentials" });
    // The password change ended the other device's session, not this one.
    expect(isAuthSessionMissingError((await userOf(other.data.session!.access_token)).error)).toBe(true);
    expect((await client.auth.getUser()).error).toBeNull();
  });

  it("refuses app_metadata changes from the user", async () => {
    const { client } = await signedIn();
    // Not in auth-js's UserAttributes type, but GoTrue accepts the field (for admins) and auth-js forwards it.
    const res = await client.auth.updateUser({
      app_metadata: { role: "admin" },
    } as unknown as UserAttributes);
    expect(res.error).toMatchObject({ status: 403, code: "not_admin" });
  });
});

describe("access token claims", () => {
  it("getClaims verifies the token against the JWKS and returns Supabase's claims", async () => {
    const { client, email, session } = await signedIn();
    const { data, error } = await client.auth.getClaims();
    expect(error).toBeNull();
    expect(data!.header).toMatchObject({ alg: "ES256", typ: "JWT" });
    const jwks = (await (await fetch(`${supabaseUrl()}/auth/v1/.well-known/jwks.json`)).json()) as {
      keys: { kid: string }[];
    };
    expect(data!.header.kid).toBe(jwks.keys[0]!.kid);
    const c = data!.claims;
    expect(c).toMatchObject({
      iss: `${supabaseUrl()}/auth/v1`,
      sub: session.user.id,
      aud: "authenticated",
      email,
      phone: "",
      role: "authenticated",
      aal: "aal1",
      is_anonymous: false,
      app_metadata: { provider: "email", providers: ["email"] },
      user_metadata: { email_verified: true },
    });
    expect(c.exp - c.iat!).toBe(3600);
    expect(c.session_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(c.amr).toEqual([{ method: "password", timestamp: expect.any(Number) }]);

    const forged = await client.auth.getClaims(tamper(session.access_token, { role: "service_role" }));
    expect(forged.data).toBeNull();
    expect(forged.error?.message).toMatch(/signature/i);
  });
});

describe("refresh tokens", () => {
  it("rotates on refresh; the previous token reused inside the reuse window returns the current session", async () => {
    const { client, session } = await signedIn();
    const first = session.refresh_token;
    const refreshed = await client.auth.refreshSession();
    expect(refreshed.error).toBeNull();
    const second = refreshed.data.session!;
    expect(second.refresh_token).not.toBe(first);
    expect(second.access_token).not.toBe(session.access_token);
    expect(second.user.id).toBe(session.user.id);

    // A client that lost the previous response retries with the old token: it gets the session's current token.
    const retry = await anonClient().auth.refreshSession({ refresh_token: first });
    expect(retry.error).toBeNull();
    expect(retry.data.session!.refresh_token).toBe(second.refresh_token);
    expect((await userOf(retry.data.session!.access_token)).error).toBeNull();

    // The current token still rotates normally afterwards.
    const third = await anonClient().auth.refreshSession({ refresh_token: second.refresh_token });
    expect(third.error).toBeNull();
    expect(third.data.session!.refresh_token).not.toBe(second.refresh_token);

    const unknown = await anonClient().auth.refreshSession({ refresh_token: "no-such-refresh-token-xyz" });
    expect(unknown.error).toMatchObject({ status: 400, code: "refresh_token_not_found" });
  });

  it("serializes concurrent refreshes of one token: every caller gets the same single child", async () => {
    const { session } = await signedIn();
    const results = await Promise.all(
      Array.from({ length: 6 }, () =>
        anonClient().auth.refreshSession({ refresh_token: session.refresh_token }),
      ),
    );
    for (const r of results) expect(r.error).toBeNull();
    const tokens = new Set(results.map((r) => r.data.session!.refresh_token));
    expect(tokens.size).toBe(1);
    expect(tokens.has(session.refresh_token)).toBe(false);
    const sid = (await anonClient().auth.getClaims(session.access_token)).data!.claims.session_id;
    const rows = await db.query(
      "select count(*) filter (where not revoked)::int as active, count(*)::int as total from auth.refresh_tokens where session_id = $1",
      [sid],
    );
    expect(rows.rows[0]).toEqual({ active: 1, total: 2 });
  });
});

describe("refreshes racing a password change", () => {
  it("never fail with a server error: each refresh either wins before the sign-out or finds its session gone", async () => {
    const { client, email } = await signedIn();
    const others = await Promise.all(
      Array.from({ length: 4 }, async () => {
        const { data } = await anonClient().auth.signInWithPassword({ email, password: PASSWORD });
        return data.session!;
      }),
    );
    const [change, ...refreshes] = await Promise.all([
      client.auth.updateUser({ password: "raced-password-9" }),
      ...others.map((s) => anonClient().auth.refreshSession({ refresh_token: s.refresh_token })),
    ]);
    expect(change!.error).toBeNull();
    for (const r of refreshes) {
      if (r.error) expect(r.error).toMatchObject({ status: 400 });
    }
    // Afterwards every other session is gone, whichever way each race went.
    for (const r of refreshes) {
      const token = r.data.session?.access_token;
      if (token) expect(isAuthSessionMissingError((await userOf(token)).error)).toBe(true);
    }
    expect((await client.auth.getUser()).error).toBeNull();
  });
});

describe("sign-out", () => {
  async function devices(n: number) {
    const { email } = await signedIn();
    const list: { client: ReturnType<typeof anonClient>; session: Session }[] = [];
    for (let i = 0; i < n; i++) {
      const client = anonClient();
      const { data } = await client.auth.signInWithPassword({ email, password: PASSWORD });
      list.push({ client, session: data.session! });
    }
    return list;
  }
  const alive = async (s: Session) => (await userOf(s.access_token)).error === null;
  const refreshable = async (s: Session) =>
    (await anonClient().auth.refreshSession({ refresh_token: s.refresh_token })).error === null;

  it("local ends only this session", async () => {
    const [a, b] = await devices(2);
    expect((await a!.client.auth.signOut({ scope: "local" })).error).toBeNull();
    const missing = await userOf(a!.session.access_token);
    expect(isAuthSessionMissingError(missing.error)).toBe(true);
    expect(await refreshable(a!.session)).toBe(false);
    expect(await alive(b!.session)).toBe(true);
    expect((await a!.client.auth.getSession()).data.session).toBeNull();
  });

  it("others ends every other session and keeps this one", async () => {
    const [a, b, c] = await devices(3);
    expect((await a!.client.auth.signOut({ scope: "others" })).error).toBeNull();
    expect(await alive(a!.session)).toBe(true);
    expect(await alive(b!.session)).toBe(false);
    expect(await alive(c!.session)).toBe(false);
    expect(await refreshable(b!.session)).toBe(false);
  });

  it("global ends every session of the user", async () => {
    const [a, b] = await devices(2);
    expect((await a!.client.auth.signOut()).error).toBeNull();
    expect(await alive(a!.session)).toBe(false);
    expect(await alive(b!.session)).toBe(false);
    expect(await refreshable(b!.session)).toBe(false);
  });
});
