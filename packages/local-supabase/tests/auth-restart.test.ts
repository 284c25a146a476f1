// Local Auth service on a private stack (its own temp dir, a 1-second refresh reuse interval, 2-minute access
// tokens, small rate limits): refresh-token reuse outside the window revokes the session, exact admin pagination,
// the configured rate limits, and everything surviving a stop/start of the stack.
import { createClient, isAuthSessionMissingError, type SupabaseClient } from "@supabase/supabase-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStackProcess, type StackProcess } from "../../../tests/support/stack-process";
import { uniqueEmail } from "../../../tests/support/supabase";
import { latestMail, mailsTo, mailTokens } from "./support/auth-outbox";

const PASSWORD = "restart-pass-1";
const EXTRA_ENV = {
  STACK_REFRESH_REUSE_INTERVAL: "1",
  STACK_JWT_EXPIRY: "120",
  STACK_RATE_LIMIT_RECOVER: "2",
  STACK_MAILER_MAX_FREQUENCY: "0",
  STACK_RATE_LIMIT_VERIFY: "4",
  STACK_RATE_LIMIT_VERIFY_FAILURES: "1",
};
const noPersist = { auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false } };

let stack: StackProcess;
const anon = () =>
  createClient(stack.env.NEXT_PUBLIC_SUPABASE_URL!, stack.env.NEXT_PUBLIC_SUPABASE_ANON_KEY!, noPersist);
const service = () =>
  createClient(stack.env.NEXT_PUBLIC_SUPABASE_URL!, stack.env.SUPABASE_SERVICE_ROLE_KEY!, noPersist);

beforeAll(async () => {
  stack = await startStackProcess({ extraEnv: EXTRA_ENV });
});
afterAll(async () => {
  await stack?.stop();
  stack?.remove();
});

async function signUp(client: SupabaseClient, email = uniqueEmail("restart")) {
  const { data, error } = await client.auth.signUp({ email, password: PASSWORD });
  expect(error).toBeNull();
  return { email, session: data.session! };
}

describe("private stack settings", () => {
  it("issues access tokens with the configured lifetime (STACK_JWT_EXPIRY)", async () => {
    const { session } = await signUp(anon());
    expect(session.expires_in).toBeLessThanOrEqual(120);
    expect(session.expires_in).toBeGreaterThan(110);
    const claims = (await anon().auth.getClaims(session.access_token)).data!.claims;
    expect(claims.exp - claims.iat!).toBe(120);
  });

  it("revokes the whole session when a rotated refresh token comes back after the reuse window", async () => {
    const { session } = await signUp(anon());
    const rotated = await anon().auth.refreshSession({ refresh_token: session.refresh_token });
    expect(rotated.error).toBeNull();
    const current = rotated.data.session!;

    await new Promise((r) => setTimeout(r, 1600));
    const stolen = await anon().auth.refreshSession({ refresh_token: session.refresh_token });
    expect(stolen.error).toMatchObject({ status: 400, code: "refresh_token_already_used" });

    // The legitimate holder is signed out too: its newest refresh token and its access token are dead.
    const next = await anon().auth.refreshSession({ refresh_token: current.refresh_token });
    expect(next.error).toMatchObject({ status: 400, code: "refresh_token_not_found" });
    expect(isAuthSessionMissingError((await anon().auth.getUser(current.access_token)).error)).toBe(true);
  });

  it("paginates the admin user list exactly (nobody else writes to this stack)", async () => {
    const { count } = await countUsers();
    const { data, error } = await service().auth.admin.listUsers({ page: 1, perPage: 2 });
    if (error) throw error;
    expect(data.total).toBe(count);
    expect(data.lastPage).toBe(Math.ceil(count / 2));
    expect(data.nextPage).toBe(count > 2 ? 2 : null);
    const page2 = await service().auth.admin.listUsers({ page: 2, perPage: 2 });
    const ids1 = data.users.map((u) => u.id);
    const ids2 = page2.data.users.map((u) => u.id);
    expect(ids1).toHaveLength(2);
    expect(ids2.length).toBe(Math.min(2, count - 2));
    expect(ids1.some((id) => ids2.includes(id))).toBe(false);
  });
});

const outbox = () => stack.env.MAIL_OUTBOX_DIR!;

describe("private stack rate limits", () => {
  it("applies STACK_RATE_LIMIT_RECOVER, STACK_MAILER_MAX_FREQUENCY, STACK_RATE_LIMIT_VERIFY and _VERIFY_FAILURES", async () => {
    const { email } = await signUp(anon());
    // No wait between mails to one address; two /recover per client address.
    expect((await anon().auth.resetPasswordForEmail(email)).error).toBeNull();
    const first = mailTokens(await latestMail(email, "recovery", outbox()));
    expect((await anon().auth.resetPasswordForEmail(email)).error).toBeNull();
    const limited = await anon().auth.resetPasswordForEmail(email);
    expect(limited.error).toMatchObject({ status: 429, code: "over_request_rate_limit" });
    expect(await mailsTo(email, "recovery", outbox())).toHaveLength(2);

    // Four /verify per client address, the first failure blocks it.
    const second = mailTokens(await latestMail(email, "recovery", outbox()));
    expect(first.tokenHash).not.toBe(second.tokenHash);
    const ok = await anon().auth.verifyOtp({ type: "recovery", email, token: second.otp });
    expect(ok.error).toBeNull();
    const wrong = await anon().auth.verifyOtp({ type: "recovery", token_hash: first.tokenHash });
    expect(wrong.error).toMatchObject({ status: 403, code: "otp_expired" });
    const blocked = await anon().auth.verifyOtp({ type: "recovery", token_hash: second.tokenHash });
    expect(blocked.error).toMatchObject({
      status: 429,
      code: "over_request_rate_limit",
      message: "Too many failed verification attempts, try again later",
    });
    expect((await anon().auth.verifyOtp({ type: "recovery", token_hash: "x" })).error).toMatchObject({
      status: 429,
    });
    const overRequests = await anon().auth.verifyOtp({ type: "recovery", token_hash: "x" });
    expect(overRequests.error).toMatchObject({ status: 429, message: "Request rate limit reached" });
  });
});

async function countUsers() {
  const all = await service().auth.admin.listUsers({ page: 1, perPage: 1000 });
  expect(all.error).toBeNull();
  return { count: all.data.users.length };
}

describe("stop and start", () => {
  it("keeps users, sessions, refresh tokens and the signing key", async () => {
    const email = uniqueEmail("persist");
    const { session } = await signUp(anon(), email);
    await service().auth.admin.updateUserById(session.user.id, { app_metadata: { plan: "team" } });
    const jwksBefore = await (
      await fetch(`${stack.env.NEXT_PUBLIC_SUPABASE_URL}/auth/v1/.well-known/jwks.json`)
    ).json();
    const { stackDir, dbPort, apiPort } = stack;

    await stack.stop();
    stack = await startStackProcess({ stackDir, dbPort, apiPort, extraEnv: EXTRA_ENV });

    const jwksAfter = await (
      await fetch(`${stack.env.NEXT_PUBLIC_SUPABASE_URL}/auth/v1/.well-known/jwks.json`)
    ).json();
    expect(jwksAfter).toEqual(jwksBefore);
    const me = await anon().auth.getUser(session.access_token);
    expect(me.error).toBeNull();
    expect(me.data.user).toMatchObject({ email, app_metadata: { plan: "team" } });
    const refreshed = await anon().auth.refreshSession({ refresh_token: session.refresh_token });
    expect(refreshed.error).toBeNull();
    expect(refreshed.data.session!.refresh_token).not.toBe(session.refresh_token);
    expect((await anon().auth.signInWithPassword({ email, password: PASSWORD })).error).toBeNull();
  }, 240_000);
});
