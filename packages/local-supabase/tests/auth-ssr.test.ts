// Local Auth service with @supabase/ssr: a sign-in through createServerClient writes the session cookies
// (`sb-127-auth-token`, base64- encoded, chunked when long) and the next request's client, reading only those
// cookies, gets the user back with getUser() and getClaims().
import { createBrowserClient, createServerClient, type CookieOptions } from "@supabase/ssr";
import { describe, expect, it } from "vitest";
import { anonClient, anonKey, supabaseUrl, uniqueEmail } from "../../../tests/support/supabase";

const PASSWORD = "cookie-pass-1";

/** A request's cookies in, the response's cookie writes applied back: what a server framework does. */
function cookieJar(initial: Map<string, string> = new Map()) {
  const jar = new Map(initial);
  const writes: { name: string; value: string; options: CookieOptions }[] = [];
  return {
    jar,
    writes,
    methods: {
      getAll: () => [...jar].map(([name, value]) => ({ name, value })),
      setAll: (cookies: { name: string; value: string; options: CookieOptions }[]) => {
        for (const c of cookies) {
          writes.push(c);
          if (!c.value || c.options.maxAge === 0) jar.delete(c.name);
          else jar.set(c.name, c.value);
        }
      },
    },
  };
}

const serverClient = (methods: ReturnType<typeof cookieJar>["methods"]) =>
  createServerClient(supabaseUrl(), anonKey(), { cookies: methods });

function sessionFromCookies(jar: Map<string, string>): { access_token: string; refresh_token: string } {
  const names = [...jar.keys()].filter(
    (n) => n === "sb-127-auth-token" || /^sb-127-auth-token\.\d+$/.test(n),
  );
  const ordered = names.sort((a, b) => Number(a.split(".").pop() ?? 0) - Number(b.split(".").pop() ?? 0));
  const value = ordered.map((n) => jar.get(n)).join("");
  expect(value.startsWith("base64-")).toBe(true);
  return JSON.parse(Buffer.from(value.slice("base64-".length), "base64url").toString("utf8"));
}

describe("@supabase/ssr cookie round-trip", () => {
  it("signs in through createServerClient and a second server client reads the user from the cookies", async () => {
    const email = uniqueEmail("ssr");
    expect(
      (
        await anonClient().auth.signUp({
          email,
          password: PASSWORD,
          options: { data: { bio: "x".repeat(3000) } },
        })
      ).error,
    ).toBeNull();

    const login = cookieJar();
    const signIn = await serverClient(login.methods).auth.signInWithPassword({ email, password: PASSWORD });
    expect(signIn.error).toBeNull();
    // The 3000-character metadata pushes the session over one cookie's size: it is split into chunks.
    expect([...login.jar.keys()]).toEqual(
      expect.arrayContaining(["sb-127-auth-token.0", "sb-127-auth-token.1"]),
    );
    for (const w of login.writes.filter((x) => x.value)) {
      expect(w.options).toMatchObject({ path: "/", sameSite: "lax", httpOnly: false });
      expect(w.options.maxAge).toBeGreaterThan(300 * 24 * 3600);
    }
    const stored = sessionFromCookies(login.jar);
    expect(stored.access_token).toBe(signIn.data.session!.access_token);

    const nextRequest = cookieJar(login.jar);
    const server = serverClient(nextRequest.methods);
    const { data: userData, error: userError } = await server.auth.getUser();
    expect(userError).toBeNull();
    expect(userData.user?.email).toBe(email);
    const { data: claimsData, error: claimsError } = await server.auth.getClaims();
    expect(claimsError).toBeNull();
    expect(claimsData?.claims).toMatchObject({ sub: signIn.data.user!.id, email, role: "authenticated" });

    // Signing out through the server client clears the cookies, and the session is gone server-side.
    expect((await server.auth.signOut()).error).toBeNull();
    expect([...nextRequest.jar.keys()].filter((k) => k.startsWith("sb-127-auth-token"))).toEqual([]);
    expect((await anonClient().auth.getUser(stored.access_token)).error?.name).toBe(
      "AuthSessionMissingError",
    );
  });

  it("writes a single unchunked cookie for a small session, readable by createBrowserClient", async () => {
    const email = uniqueEmail("ssr-small");
    await anonClient().auth.signUp({ email, password: PASSWORD });
    const login = cookieJar();
    expect(
      (await serverClient(login.methods).auth.signInWithPassword({ email, password: PASSWORD })).error,
    ).toBeNull();
    expect(login.jar.has("sb-127-auth-token")).toBe(true);
    expect(login.jar.get("sb-127-auth-token")!.startsWith("base64-")).toBe(true);

    const browser = createBrowserClient(supabaseUrl(), anonKey(), {
      cookies: cookieJar(login.jar).methods,
      isSingleton: false,
    });
    const { data, error } = await browser.auth.getUser();
    expect(error).toBeNull();
    expect(data.user?.email).toBe(email);
  });
});
