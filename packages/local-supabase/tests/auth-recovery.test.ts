// Local Auth service, emailed one-time tokens: password recovery (outbox file → verifyOtp, the 6-digit code,
// the mail link for implicit and PKCE clients) and email change.
import { readdir } from "node:fs/promises";
import { createServerClient, type CookieOptions } from "@supabase/ssr";
import { describe, expect, it } from "vitest";
import { anonClient, anonKey, supabaseUrl, uniqueEmail } from "../../../tests/support/supabase";
import { latestMail, mailsTo, mailTokens, outboxDir } from "./support/auth-outbox";

const PASSWORD = "recovery-pass-1";

async function registered() {
  const email = uniqueEmail("recover");
  const { error } = await anonClient().auth.signUp({ email, password: PASSWORD });
  expect(error).toBeNull();
  return email;
}

/** What a browser does with the mail's link: GET it, and don't follow the redirect. */
async function openLink(link: string) {
  const res = await fetch(link, { redirect: "manual" });
  expect(res.status).toBe(303);
  return new URL(res.headers.get("location")!);
}

describe("password recovery", () => {
  it("writes the recovery mail to the outbox; verifyOtp with its token yields a session that can set a new password", async () => {
    const email = await registered();
    const sent = await anonClient().auth.resetPasswordForEmail(email, {
      redirectTo: "http://localhost:3000/reset",
    });
    expect(sent).toEqual({ data: {}, error: null });

    const files = (await readdir(outboxDir())).filter((f) => f.endsWith(`-recovery-${email}.json`));
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z-recovery-/);
    const mail = await latestMail(email, "recovery");
    expect(Object.keys(mail).sort()).toEqual(["created_at", "file", "kind", "link", "subject", "text", "to"]);
    expect(mail).toMatchObject({ kind: "recovery", to: email });
    const { tokenHash, redirectTo } = mailTokens(mail);
    expect(redirectTo).toBe("http://localhost:3000/reset");

    const client = anonClient();
    const verified = await client.auth.verifyOtp({ type: "recovery", token_hash: tokenHash });
    expect(verified.error).toBeNull();
    expect(verified.data.session?.user.email).toBe(email);
    const claims = (await client.auth.getClaims()).data!.claims;
    expect(claims.amr).toEqual([{ method: "otp", timestamp: expect.any(Number) }]);

    expect((await client.auth.updateUser({ password: "after-recovery-2" })).error).toBeNull();
    expect(
      (await anonClient().auth.signInWithPassword({ email, password: "after-recovery-2" })).error,
    ).toBeNull();

    // The token is single-use.
    const replay = await anonClient().auth.verifyOtp({ type: "recovery", token_hash: tokenHash });
    expect(replay.error).toMatchObject({ status: 403, code: "otp_expired" });
  });

  it("answers the same for unknown addresses and sends nothing", async () => {
    const email = uniqueEmail("nobody");
    expect(await anonClient().auth.resetPasswordForEmail(email)).toEqual({ data: {}, error: null });
    expect(await mailsTo(email)).toEqual([]);
  });

  it("accepts the 6-digit code with the email (a wrong one is refused)", async () => {
    const email = await registered();
    await anonClient().auth.resetPasswordForEmail(email);
    const { otp } = mailTokens(await latestMail(email, "recovery"));
    const wrong = otp === "000000" ? "111111" : "000000";
    const bad = await anonClient().auth.verifyOtp({ type: "recovery", email, token: wrong });
    expect(bad.error).toMatchObject({ status: 403, code: "otp_expired" });
    const good = await anonClient().auth.verifyOtp({ type: "recovery", email, token: otp });
    expect(good.error).toBeNull();
    expect(good.data.session?.user.email).toBe(email);
    // Wrong guesses, rate limits and the link's independence from the code: auth-one-time-tokens.test.ts.
  });

  it("the mail link redirects back with the session in the fragment", async () => {
    const email = await registered();
    await anonClient().auth.resetPasswordForEmail(email, { redirectTo: "http://localhost:3000/reset" });
    const location = await openLink((await latestMail(email, "recovery")).link);
    expect(location.origin + location.pathname).toBe("http://localhost:3000/reset");
    const fragment = new URLSearchParams(location.hash.slice(1));
    expect(fragment.get("type")).toBe("recovery");
    expect(fragment.get("token_type")).toBe("bearer");
    const user = await anonClient().auth.getUser(fragment.get("access_token")!);
    expect(user.data.user?.email).toBe(email);

    // Opening it again: the error travels in the fragment too.
    const again = await openLink((await latestMail(email, "recovery")).link);
    const err = new URLSearchParams(again.hash.slice(1));
    expect(err.get("error_code")).toBe("otp_expired");
    expect(err.get("access_token")).toBeNull();
  });

  it("redirects a PKCE client's link with ?code= that exchangeCodeForSession turns into a session", async () => {
    const email = await registered();
    const jar = new Map<string, string>();
    const cookies = {
      getAll: () => [...jar].map(([name, value]) => ({ name, value })),
      setAll: (list: { name: string; value: string; options: CookieOptions }[]) => {
        for (const c of list) {
          if (c.value) jar.set(c.name, c.value);
          else jar.delete(c.name);
        }
      },
    };
    const server = () => createServerClient(supabaseUrl(), anonKey(), { cookies });
    const sent = await server().auth.resetPasswordForEmail(email, {
      redirectTo: "http://localhost:3000/auth/callback",
    });
    expect(sent.error).toBeNull();
    const mail = await latestMail(email, "recovery");
    expect(mailTokens(mail).tokenHash.startsWith("pkce_")).toBe(true);

    const location = await openLink(mail.link);
    expect(location.pathname).toBe("/auth/callback");
    const code = location.searchParams.get("code")!;
    expect(code).toBeTruthy();
    expect(location.hash).toBe("");

    // Without the verifier (another browser) the code is useless.
    const stranger = await anonClient().auth.exchangeCodeForSession(code);
    expect(stranger.error).not.toBeNull();

    const exchanged = await server().auth.exchangeCodeForSession(code);
    expect(exchanged.error).toBeNull();
    expect(exchanged.data.user?.email).toBe(email);
    const claims = (await anonClient().auth.getClaims(exchanged.data.session!.access_token)).data!.claims;
    expect(claims.amr).toEqual([{ method: "recovery", timestamp: expect.any(Number) }]);
    const replay = await server().auth.exchangeCodeForSession(code);
    expect(replay.error).not.toBeNull();
  });
});

describe("email change", () => {
  it("mails the new address and switches once the token is verified", async () => {
    const email = await registered();
    const client = anonClient();
    await client.auth.signInWithPassword({ email, password: PASSWORD });
    const newEmail = uniqueEmail("changed");
    const pending = await client.auth.updateUser({ email: newEmail });
    expect(pending.error).toBeNull();
    expect(pending.data.user).toMatchObject({ email, new_email: newEmail });

    const { tokenHash } = mailTokens(await latestMail(newEmail, "email_change"));
    const verified = await anonClient().auth.verifyOtp({ type: "email_change", token_hash: tokenHash });
    expect(verified.error).toBeNull();
    expect(verified.data.user?.email).toBe(newEmail);
    expect(verified.data.user?.new_email).toBeUndefined();
    expect(
      (await anonClient().auth.signInWithPassword({ email: newEmail, password: PASSWORD })).error,
    ).toBeNull();
    expect((await anonClient().auth.signInWithPassword({ email, password: PASSWORD })).error).toMatchObject({
      code: "invalid_credentials",
    });
  });

  it("refuses an address another user already has", async () => {
    const taken = await registered();
    const email = await registered();
    const client = anonClient();
    await client.auth.signInWithPassword({ email, password: PASSWORD });
    const res = await client.auth.updateUser({ email: taken });
    expect(res.error).toMatchObject({ status: 422, code: "email_exists" });
  });
});
