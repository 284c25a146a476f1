// Local Auth service, the hostile and malformed side: the gateway's API-key rule, forged / expired / unsigned
// access tokens, malformed bodies, error body shapes per API version, and the open discovery endpoints.
import { createClient, isAuthApiError } from "@supabase/supabase-js";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { anonClient, anonKey, supabaseUrl, uniqueEmail } from "../../../tests/support/supabase";
import { mintToken, tamper, unsignedToken } from "../../../tests/support/tokens";

const PASSWORD = "gateway-pass-1";
const authUrl = (path: string) => `${supabaseUrl()}/auth/v1${path}`;
const noPersist = { auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false } };

async function newUser() {
  const { data, error } = await anonClient().auth.signUp({ email: uniqueEmail("gw"), password: PASSWORD });
  expect(error).toBeNull();
  return data.session!;
}

describe("API key rule (Supabase's gateway)", () => {
  it("answers 401 without a key or with a wrong one, in the gateway's body shape", async () => {
    const missing = await fetch(authUrl("/settings"));
    expect(missing.status).toBe(401);
    expect(await missing.json()).toEqual({ message: "No API key found in request" });

    const wrong = await fetch(authUrl("/token?grant_type=password"), {
      method: "POST",
      headers: { apikey: "not-a-key", "content-type": "application/json" },
      body: JSON.stringify({ email: "a@b.test", password: "x" }),
    });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ message: "Invalid API key" });

    const viaQuery = await fetch(authUrl(`/settings?apikey=${encodeURIComponent(anonKey())}`));
    expect(viaQuery.status).toBe(200);
  });

  it("surfaces as an AuthApiError with status 401 in the client", async () => {
    const wrongKey = createClient(supabaseUrl(), "not-a-key", noPersist);
    const res = await wrongKey.auth.signInWithPassword({ email: uniqueEmail(), password: PASSWORD });
    expect(isAuthApiError(res.error)).toBe(true);
    expect(res.error).toMatchObject({ status: 401, message: "Invalid API key" });

    const emptyKey = createClient(supabaseUrl(), anonKey(), {
      ...noPersist,
      global: { headers: { apikey: "" } },
    });
    const res2 = await emptyKey.auth.signUp({ email: uniqueEmail(), password: PASSWORD });
    expect(isAuthApiError(res2.error)).toBe(true);
    expect(res2.error).toMatchObject({ status: 401, message: "No API key found in request" });
  });

  it("leaves health and the JWKS open, and publishes the signing key the tokens name", async () => {
    const health = await fetch(authUrl("/health"));
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({
      name: "GoTrue",
      description: expect.any(String),
      version: expect.any(String),
    });

    const jwks = await fetch(authUrl("/.well-known/jwks.json"));
    expect(jwks.status).toBe(200);
    const { keys } = (await jwks.json()) as { keys: Array<Record<string, string>> };
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ kty: "EC", crv: "P-256", alg: "ES256", use: "sig" });
    expect(keys[0]).not.toHaveProperty("d"); // never the private part
    const session = await newUser();
    const header = JSON.parse(Buffer.from(session.access_token.split(".")[0]!, "base64url").toString());
    expect(header).toMatchObject({ alg: "ES256", kid: keys[0]!.kid });
  });

  it("serves GoTrue's settings shape", async () => {
    const res = await fetch(authUrl("/settings"), { headers: { apikey: anonKey() } });
    const settings = (await res.json()) as { external: Record<string, boolean>; [k: string]: unknown };
    expect(settings).toMatchObject({
      disable_signup: false,
      mailer_autoconfirm: true,
      phone_autoconfirm: false,
    });
    expect(settings.external.email).toBe(true);
    const others = Object.entries(settings.external).filter(([k]) => k !== "email");
    expect(others.length).toBeGreaterThan(10);
    expect(others.every(([, v]) => v === false)).toBe(true);
  });
});

describe("access tokens the service must not accept", () => {
  it("rejects an expired token with 403 bad_jwt", async () => {
    const session = await newUser();
    const claims = (await anonClient().auth.getClaims(session.access_token)).data!.claims;
    const expired = await mintToken(
      { sub: claims.sub, session_id: claims.session_id, email: claims.email },
      { expiresIn: -60 },
    );
    const { data, error } = await anonClient().auth.getUser(expired);
    expect(data.user).toBeNull();
    expect(isAuthApiError(error)).toBe(true);
    expect(error).toMatchObject({ status: 403, code: "bad_jwt" });
    // The same claims, correctly signed and current, are accepted: the expiry is what failed.
    const fresh = await mintToken({ sub: claims.sub, session_id: claims.session_id, email: claims.email });
    expect((await anonClient().auth.getUser(fresh)).data.user?.id).toBe(claims.sub);
  });

  it("rejects tampered, unsigned (alg none) and foreign-key tokens with 403 bad_jwt", async () => {
    const victim = await newUser();
    const attacker = await newUser();
    const tampered = tamper(attacker.access_token, { sub: victim.user.id });
    const none = unsignedToken({ sub: victim.user.id, email: victim.user.email });
    const foreignKey = await generateKeyPair("ES256", { extractable: true });
    const ourKid = JSON.parse(Buffer.from(victim.access_token.split(".")[0]!, "base64url").toString())
      .kid as string;
    expect((await exportJWK(foreignKey.publicKey)).kty).toBe("EC");
    const foreign = await new SignJWT({ sub: victim.user.id, aud: "authenticated", role: "authenticated" })
      .setProtectedHeader({ alg: "ES256", kid: ourKid })
      .setIssuedAt()
      .setExpirationTime("1h")
      .sign(foreignKey.privateKey);
    for (const token of [tampered, none, foreign, "not.a.jwt"]) {
      const { data, error } = await anonClient().auth.getUser(token);
      expect(data.user).toBeNull();
      expect(error).toMatchObject({ status: 403, code: "bad_jwt" });
    }
  });

  it("requires a bearer token on /user, and a service-role one on admin routes", async () => {
    const session = await newUser();
    const noBearer = await fetch(authUrl("/user"), { headers: { apikey: anonKey() } });
    expect(noBearer.status).toBe(401);
    expect(await noBearer.json()).toMatchObject({ error_code: "no_authorization" });

    const asUser = createClient(supabaseUrl(), anonKey(), {
      ...noPersist,
      global: { headers: { Authorization: `Bearer ${session.access_token}` } },
    });
    const list = await asUser.auth.admin.listUsers();
    expect(list.error).toMatchObject({ status: 403, code: "not_admin", message: "User not allowed" });
  });
});

describe("malformed requests", () => {
  const post = (path: string, body: string, version = true) =>
    fetch(authUrl(path), {
      method: "POST",
      headers: {
        apikey: anonKey(),
        "content-type": "application/json",
        ...(version ? { "x-supabase-api-version": "2024-01-01" } : {}),
      },
      body,
    });

  it("answers 400 bad_json to broken JSON and wrong field types, and keeps serving", async () => {
    for (const body of ["{not json", "[1,2]", '"a string"', JSON.stringify({ email: 42, password: "x" })]) {
      const res = await post("/signup", body);
      expect(res.status, body).toBe(400);
      expect(res.headers.get("x-supabase-api-version")).toBe("2024-01-01");
      expect(await res.json()).toMatchObject({ code: "bad_json", message: expect.stringContaining("JSON") });
    }
    const email = uniqueEmail("after-garbage");
    const { error } = await anonClient().auth.signUp({ email, password: PASSWORD });
    expect(error).toBeNull();
  });

  it("uses GoTrue's legacy error body without the API-version header", async () => {
    const res = await post(
      "/token?grant_type=password",
      JSON.stringify({ email: uniqueEmail(), password: "nope-nope" }),
      false,
    );
    expect(res.status).toBe(400);
    expect(res.headers.get("x-sb-error-code")).toBe("invalid_credentials");
    expect(await res.json()).toEqual({
      code: 400,
      error_code: "invalid_credentials",
      msg: "Invalid login credentials",
    });
  });

  it("refuses oversized bodies with 413 and unknown routes with 404", async () => {
    const huge = await post(
      "/signup",
      JSON.stringify({ email: "a@b.test", password: "x".repeat(2_000_000) }),
    );
    expect(huge.status).toBe(413);
    expect(await huge.json()).toMatchObject({ code: "request_entity_too_large" });

    const unknown = await fetch(authUrl("/no/such/route"), { headers: { apikey: anonKey() } });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ code: "not_found" });

    const grant = await post("/token?grant_type=magic", "{}");
    expect(grant.status).toBe(400);
    expect(await grant.json()).toMatchObject({
      code: "invalid_credentials",
      message: "unsupported_grant_type",
    });
  });

  it("answers 404 on the GoTrue routes it doesn't serve (the README lists them)", async () => {
    const otp = await anonClient().auth.signInWithOtp({ email: uniqueEmail("otp") });
    expect(isAuthApiError(otp.error)).toBe(true);
    expect(otp.error).toMatchObject({ status: 404, message: "POST /otp is not an Auth API route" });
    for (const [method, path] of [
      ["POST", "/resend"],
      ["GET", "/reauthenticate"],
      ["POST", "/admin/generate_link"],
      ["POST", "/passkeys/authentication/options"],
      ["POST", "/oauth/token"],
    ]) {
      const res = await fetch(authUrl(path!), { method, headers: { apikey: anonKey() } });
      expect(res.status, path).toBe(404);
      expect(await res.json()).toEqual({
        code: "not_found",
        message: `${method} ${path} is not an Auth API route`,
      });
    }
  });
});
