// Local Auth service, admin API through the official client: user CRUD and bans with the service-role key,
// every call refused with the anon key, and invites (outbox mail → verifyOtp → session).
import { isAuthSessionMissingError, type SupabaseClient } from "@supabase/supabase-js";
import { describe, expect, it } from "vitest";
import { anonClient, serviceClient, uniqueEmail } from "../../../tests/support/supabase";
import { latestMail, mailTokens } from "./support/auth-outbox";

const PASSWORD = "admin-set-pass-1";

async function createConfirmed(admin: SupabaseClient, extra: Record<string, unknown> = {}) {
  const email = uniqueEmail("admin");
  const { data, error } = await admin.auth.admin.createUser({
    email,
    password: PASSWORD,
    email_confirm: true,
    ...extra,
  });
  expect(error).toBeNull();
  return { email, user: data.user! };
}

describe("admin users (service role)", () => {
  it("creates, reads, updates and deletes users", async () => {
    const admin = serviceClient();
    const { email, user } = await createConfirmed(admin, {
      user_metadata: { name: "Lin" },
      app_metadata: { global_role: "STAFF" },
    });
    expect(user).toMatchObject({
      email,
      role: "authenticated",
      aud: "authenticated",
      user_metadata: { name: "Lin", email_verified: true },
      app_metadata: { provider: "email", providers: ["email"], global_role: "STAFF" },
    });
    expect(user.email_confirmed_at).toBeTruthy();
    expect(user.identities?.[0]).toMatchObject({ provider: "email", identity_data: { email } });

    const fetched = await admin.auth.admin.getUserById(user.id);
    expect(fetched.data.user).toMatchObject({ id: user.id, email });

    const session = (await anonClient().auth.signInWithPassword({ email, password: PASSWORD })).data.session!;
    expect(session).toBeTruthy();
    // The claims carry the admin-set app_metadata (what RLS helpers read).
    expect((await anonClient().auth.getClaims(session.access_token)).data!.claims.app_metadata).toMatchObject(
      { global_role: "STAFF" },
    );

    const newEmail = uniqueEmail("renamed");
    const updated = await admin.auth.admin.updateUserById(user.id, {
      email: newEmail,
      user_metadata: { name: "Lin Chen", team: "north" },
      app_metadata: { global_role: null, plan: "pro" },
    });
    expect(updated.error).toBeNull();
    expect(updated.data.user).toMatchObject({
      email: newEmail,
      user_metadata: { name: "Lin Chen", team: "north" },
    });
    expect(updated.data.user!.app_metadata).toEqual({ provider: "email", providers: ["email"], plan: "pro" });
    expect(
      (await anonClient().auth.signInWithPassword({ email: newEmail, password: PASSWORD })).error,
    ).toBeNull();

    // An admin password change signs the user out everywhere.
    const changed = await admin.auth.admin.updateUserById(user.id, { password: "brand-new-pass-9" });
    expect(changed.error).toBeNull();
    expect(isAuthSessionMissingError((await anonClient().auth.getUser(session.access_token)).error)).toBe(
      true,
    );
    expect(
      (await anonClient().auth.signInWithPassword({ email: newEmail, password: "brand-new-pass-9" })).error,
    ).toBeNull();

    const latest = (
      await anonClient().auth.signInWithPassword({ email: newEmail, password: "brand-new-pass-9" })
    ).data.session!;
    const deleted = await admin.auth.admin.deleteUser(user.id);
    expect(deleted.error).toBeNull();
    const gone = await admin.auth.admin.getUserById(user.id);
    expect(gone.error).toMatchObject({ status: 404, code: "user_not_found" });
    const orphan = await anonClient().auth.getUser(latest.access_token);
    expect(orphan.error).toMatchObject({ status: 403, code: "user_not_found" });
    const refresh = await anonClient().auth.refreshSession({ refresh_token: latest.refresh_token });
    expect(refresh.error).toMatchObject({ status: 400, code: "refresh_token_not_found" });
  });

  it("refuses a duplicate email and unconfirmed sign-ins", async () => {
    const admin = serviceClient();
    const { email } = await createConfirmed(admin);
    const dup = await admin.auth.admin.createUser({ email: email.toUpperCase(), password: PASSWORD });
    expect(dup.error).toMatchObject({ status: 422, code: "email_exists" });

    const unconfirmedEmail = uniqueEmail("unconfirmed");
    const created = await admin.auth.admin.createUser({ email: unconfirmedEmail, password: PASSWORD });
    expect(created.data.user?.email_confirmed_at).toBeUndefined();
    const signIn = await anonClient().auth.signInWithPassword({
      email: unconfirmedEmail,
      password: PASSWORD,
    });
    expect(signIn.error).toMatchObject({ status: 400, code: "email_not_confirmed" });
  });

  it("lists users with GoTrue's pagination metadata", async () => {
    const admin = serviceClient();
    await createConfirmed(admin);
    await createConfirmed(admin);
    const { data, error } = await admin.auth.admin.listUsers({ page: 1, perPage: 1 });
    if (error) throw error;
    expect(data.users).toHaveLength(1);
    expect(data.aud).toBe("authenticated");
    expect(data.total).toBeGreaterThanOrEqual(2);
    expect(data.nextPage).toBe(2);
    expect(data.users[0]).toHaveProperty("identities");
  });

  it("bans with ban_duration and lifts the ban with 'none'", async () => {
    const admin = serviceClient();
    const { email, user } = await createConfirmed(admin);
    const before = (await anonClient().auth.signInWithPassword({ email, password: PASSWORD })).data.session!;

    const banned = await admin.auth.admin.updateUserById(user.id, { ban_duration: "24h" });
    expect(banned.error).toBeNull();
    const until = new Date(banned.data.user!.banned_until!).getTime();
    expect(until).toBeGreaterThan(Date.now() + 23.9 * 3600_000);
    expect(until).toBeLessThan(Date.now() + 24.1 * 3600_000);

    const signIn = await anonClient().auth.signInWithPassword({ email, password: PASSWORD });
    expect(signIn.error).toMatchObject({ status: 400, code: "user_banned" });
    const refresh = await anonClient().auth.refreshSession({ refresh_token: before.refresh_token });
    expect(refresh.error).toMatchObject({ status: 400, code: "user_banned" });
    const me = await anonClient().auth.getUser(before.access_token);
    expect(me.error).toMatchObject({ status: 403, code: "user_banned" });
    // A wrong password does not reveal the ban.
    const wrong = await anonClient().auth.signInWithPassword({ email, password: "wrong-password" });
    expect(wrong.error).toMatchObject({ status: 400, code: "invalid_credentials" });

    const bad = await admin.auth.admin.updateUserById(user.id, { ban_duration: "forever" });
    expect(bad.error).toMatchObject({ status: 400, code: "validation_failed" });

    const lifted = await admin.auth.admin.updateUserById(user.id, { ban_duration: "none" });
    expect(lifted.data.user?.banned_until).toBeUndefined();
    expect((await anonClient().auth.signInWithPassword({ email, password: PASSWORD })).error).toBeNull();
  });

  it("refuses every admin call made with the anon key", async () => {
    const admin = serviceClient();
    const { user } = await createConfirmed(admin);
    const anon = anonClient().auth.admin;
    const calls = [
      anon.listUsers(),
      anon.createUser({ email: uniqueEmail("sneaky"), password: PASSWORD, email_confirm: true }),
      anon.getUserById(user.id),
      anon.updateUserById(user.id, { app_metadata: { global_role: "ADMIN" } }),
      anon.deleteUser(user.id),
      anon.inviteUserByEmail(uniqueEmail("sneaky-invite")),
    ];
    for (const { error } of await Promise.all(calls)) {
      expect(error).toMatchObject({ status: 403, code: "not_admin", message: "User not allowed" });
    }
    const still = await admin.auth.admin.getUserById(user.id);
    expect(still.data.user?.app_metadata).not.toHaveProperty("global_role");
  });
});

describe("invites", () => {
  it("creates an unconfirmed invited user and mails a link whose token signs them in", async () => {
    const admin = serviceClient();
    const email = uniqueEmail("invitee");
    const invited = await admin.auth.admin.inviteUserByEmail(email, {
      data: { org: "acme" },
      redirectTo: "http://localhost:3000/auth/accept",
    });
    expect(invited.error).toBeNull();
    expect(invited.data.user).toMatchObject({ email, user_metadata: { org: "acme" } });
    expect(invited.data.user!.invited_at).toBeTruthy();
    expect(invited.data.user!.email_confirmed_at).toBeUndefined();

    const mail = await latestMail(email, "invite");
    expect(mail.subject).toBeTruthy();
    expect(mail.link).toContain("/auth/v1/verify?");
    const { tokenHash, redirectTo } = mailTokens(mail);
    expect(redirectTo).toBe("http://localhost:3000/auth/accept");

    // The invitee can't sign up over the pending invite, nor sign in without a password.
    const hijack = await anonClient().auth.signUp({ email, password: "attacker-pass-1" });
    expect(hijack.error).toMatchObject({ status: 422, code: "user_already_exists" });

    const client = anonClient();
    const accepted = await client.auth.verifyOtp({ type: "invite", token_hash: tokenHash });
    expect(accepted.error).toBeNull();
    expect(accepted.data.session?.user.email_confirmed_at).toBeTruthy();
    expect((await client.auth.updateUser({ password: "invitee-pass-1" })).error).toBeNull();
    expect(
      (await anonClient().auth.signInWithPassword({ email, password: "invitee-pass-1" })).error,
    ).toBeNull();

    const again = await anonClient().auth.verifyOtp({ type: "invite", token_hash: tokenHash });
    expect(again.error).toMatchObject({ status: 403, code: "otp_expired" });
    const reinvite = await admin.auth.admin.inviteUserByEmail(email);
    expect(reinvite.error).toMatchObject({ status: 422, code: "email_exists" });
  });
});
