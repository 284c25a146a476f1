// Local Auth service, one-time tokens under attack: the mailed link token is random and separate from the 6-digit
// code, a code dies after a few wrong guesses, every way of verifying counts failures per client address, and
// /verify and /recover are rate-limited like GoTrue (per address, and recovery mail per email). Attacks come from
// their own loopback addresses (support/client-address.ts) so they never spend the allowance of other tests.
import { createHash, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { serviceClient, uniqueEmail } from "../../../tests/support/supabase";
import { latestMail, mailsTo, mailTokens } from "./support/auth-outbox";
import { anonClientFrom, fetchFrom, randomLoopback } from "./support/client-address";

const PASSWORD = "one-time-pass-1";
// The platform's defaults (README, "Local platform settings"); the shared test stack runs with them.
const VERIFY_PER_5_MIN = 30;
const VERIFY_FAILURES_PER_5_MIN = 10;
const RECOVER_PER_5_MIN = 30;
const CODE_ATTEMPTS = 5;

/** A registered user with a recovery mail waiting; requested from an address of its own. */
async function pendingRecovery(redirectTo?: string) {
  const email = uniqueEmail("otp");
  const from = anonClientFrom(randomLoopback());
  expect((await from.auth.signUp({ email, password: PASSWORD })).error).toBeNull();
  expect((await from.auth.resetPasswordForEmail(email, redirectTo ? { redirectTo } : {})).error).toBeNull();
  const mail = await latestMail(email, "recovery");
  return { email, mail, ...mailTokens(mail) };
}

const wrongCode = (otp: string, n = 0) => String((Number(otp) + 1 + n) % 1_000_000).padStart(6, "0");
const randomToken = () => randomBytes(32).toString("hex");

/** Opens a mail-style link from an address without following the redirect; the fragment's parameters. */
async function openLink(link: string, address: string) {
  const res = await fetchFrom(address)(link);
  expect(res.status).toBe(303);
  const location = new URL(res.headers.get("location")!);
  return new URLSearchParams(location.hash.slice(1));
}

const linkTo = (token: string) => {
  const url = new URL("/auth/v1/verify", process.env.NEXT_PUBLIC_SUPABASE_URL);
  url.search = new URLSearchParams({
    token,
    type: "recovery",
    redirect_to: "http://localhost:3000/",
  }).toString();
  return url.toString();
};

describe("link tokens", () => {
  it("are 256 random bits, not derived from the email and the code: the GoTrue-style derived hash opens nothing", async () => {
    const { email, otp, tokenHash } = await pendingRecovery();
    const derived = createHash("sha224").update(`${email}${otp}`).digest("hex");
    const attacker = anonClientFrom(randomLoopback());
    const forged = await attacker.auth.verifyOtp({ type: "recovery", token_hash: derived });
    expect(forged.error).toMatchObject({ status: 403, code: "otp_expired" });
    expect(forged.data.session).toBeNull();
    const viaLink = await openLink(linkTo(derived), randomLoopback());
    expect(viaLink.get("error_code")).toBe("otp_expired");
    expect(viaLink.get("access_token")).toBeNull();

    const owner = await anonClientFrom(randomLoopback()).auth.verifyOtp({
      type: "recovery",
      token_hash: tokenHash,
    });
    expect(owner.error).toBeNull();
    expect(owner.data.session?.user.email).toBe(email);
    expect(tokenHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("are new with every mail; a new mail retires the previous link and code", async () => {
    const admin = serviceClient();
    const email = uniqueEmail("reinvite");
    expect((await admin.auth.admin.inviteUserByEmail(email)).error).toBeNull();
    const first = mailTokens(await latestMail(email, "invite"));
    expect((await admin.auth.admin.inviteUserByEmail(email)).error).toBeNull();
    const second = mailTokens(await latestMail(email, "invite"));

    const client = anonClientFrom(randomLoopback());
    expect(
      (await client.auth.verifyOtp({ type: "invite", token_hash: first.tokenHash })).error,
    ).toMatchObject({
      status: 403,
      code: "otp_expired",
    });
    if (first.otp !== second.otp) {
      const oldCode = await client.auth.verifyOtp({ type: "invite", email, token: first.otp });
      expect(oldCode.error).toMatchObject({ status: 403, code: "otp_expired" });
    }
    const accepted = await client.auth.verifyOtp({ type: "invite", email, token: second.otp });
    expect(accepted.error).toBeNull();
    expect(accepted.data.user?.email).toBe(email);
    expect(second.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(second.tokenHash).not.toBe(first.tokenHash);
  });
});

describe("6-digit codes", () => {
  it(`stop working after ${CODE_ATTEMPTS} wrong guesses; the link mailed with the code still works`, async () => {
    const { email, otp, tokenHash } = await pendingRecovery();
    const guesser = anonClientFrom(randomLoopback());
    for (let i = 0; i < CODE_ATTEMPTS; i++) {
      const guess = await guesser.auth.verifyOtp({ type: "recovery", email, token: wrongCode(otp, i) });
      expect(guess.error).toMatchObject({ status: 403, code: "otp_expired" });
    }
    const right = await anonClientFrom(randomLoopback()).auth.verifyOtp({
      type: "recovery",
      email,
      token: otp,
    });
    expect(right.error).toMatchObject({ status: 403, code: "otp_expired" });
    expect(right.data.session).toBeNull();

    const link = await anonClientFrom(randomLoopback()).auth.verifyOtp({
      type: "recovery",
      token_hash: tokenHash,
    });
    expect(link.error).toBeNull();
    expect(link.data.session?.user.email).toBe(email);
  });

  it("count guesses spread over many addresses and sent in parallel against the same code", async () => {
    const { email, otp } = await pendingRecovery();
    const guesses = await Promise.all(
      Array.from({ length: 2 * CODE_ATTEMPTS }, (_, i) =>
        anonClientFrom(randomLoopback()).auth.verifyOtp({
          type: "recovery",
          email,
          token: wrongCode(otp, i),
        }),
      ),
    );
    for (const g of guesses) expect(g.error).toMatchObject({ status: 403, code: "otp_expired" });
    const right = await anonClientFrom(randomLoopback()).auth.verifyOtp({
      type: "recovery",
      email,
      token: otp,
    });
    expect(right.error).toMatchObject({ status: 403, code: "otp_expired" });
  });
});

type Path = "code" | "token_hash" | "link";

/** One wrong verification through a path, from an address. */
async function failOnce(path: Path, address: string, n: number) {
  if (path === "link") {
    const fragment = await openLink(linkTo(randomToken()), address);
    expect(fragment.get("error_code")).toBe("otp_expired");
    return;
  }
  const client = anonClientFrom(address);
  const { error } =
    path === "code"
      ? await client.auth.verifyOtp({ type: "recovery", email: uniqueEmail(`guess${n}`), token: "123456" })
      : await client.auth.verifyOtp({ type: "recovery", token_hash: randomToken() });
  expect(error).toMatchObject({ status: 403, code: "otp_expired" });
}

/** A valid verification through a path from an address: the session's user, or the error code. */
async function verifyValid(path: Path, address: string, p: Awaited<ReturnType<typeof pendingRecovery>>) {
  if (path === "link") {
    const fragment = await openLink(p.mail.link, address);
    return fragment.get("access_token") ? { ok: true } : { ok: false, code: fragment.get("error_code") };
  }
  const client = anonClientFrom(address);
  const { data, error } =
    path === "code"
      ? await client.auth.verifyOtp({ type: "recovery", email: p.email, token: p.otp })
      : await client.auth.verifyOtp({ type: "recovery", token_hash: p.tokenHash });
  if (error) return { ok: false, code: error.code, status: error.status };
  return { ok: data.session?.user.email === p.email };
}

describe("failed verifications per client address", () => {
  it.each<Path>(["code", "token_hash", "link"])(
    `%s: after ${VERIFY_FAILURES_PER_5_MIN} failures an address is refused even a valid token; others are not`,
    async (path) => {
      const pending = await pendingRecovery("http://localhost:3000/");
      const attacker = randomLoopback();
      for (let i = 0; i < VERIFY_FAILURES_PER_5_MIN; i++) await failOnce(path, attacker, i);

      const blocked = await verifyValid(path, attacker, pending);
      expect(blocked).toMatchObject({ ok: false, code: "over_request_rate_limit" });
      expect(await verifyValid(path, randomLoopback(), pending)).toEqual({ ok: true });
    },
  );
});

describe("request rate limits", () => {
  it(`/verify answers GoTrue's 429 after ${VERIFY_PER_5_MIN} requests from one address`, async () => {
    const address = randomLoopback();
    const send = fetchFrom(address);
    const url = `${process.env.NEXT_PUBLIC_SUPABASE_URL}/auth/v1/verify`;
    const headers = {
      apikey: process.env.NEXT_PUBLIC_SUPABASE_ANON_KEY!,
      "content-type": "application/json",
      "x-supabase-api-version": "2024-01-01",
    };
    for (let i = 0; i < VERIFY_PER_5_MIN; i++) {
      // Requests that are not failures (no type): only the request limit is spent.
      const res = await send(url, { method: "POST", headers, body: "{}" });
      expect(res.status).toBe(400);
    }
    const limited = await send(url, { method: "POST", headers, body: "{}" });
    expect(limited.status).toBe(429);
    expect(await limited.json()).toEqual({
      code: "over_request_rate_limit",
      message: "Request rate limit reached",
    });
    expect(limited.headers.get("x-sb-error-code")).toBe("over_request_rate_limit");

    const viaClient = await anonClientFrom(address).auth.verifyOtp({
      type: "recovery",
      token_hash: randomToken(),
    });
    expect(viaClient.error).toMatchObject({ status: 429, code: "over_request_rate_limit" });
    const link = await fetchFrom(address)(linkTo(randomToken()));
    expect(link.status).toBe(429);

    const other = await anonClientFrom(randomLoopback()).auth.verifyOtp({
      type: "recovery",
      token_hash: randomToken(),
    });
    expect(other.error).toMatchObject({ status: 403, code: "otp_expired" });
  });

  it(`/recover answers GoTrue's 429 after ${RECOVER_PER_5_MIN} requests from one address`, async () => {
    const client = anonClientFrom(randomLoopback());
    for (let i = 0; i < RECOVER_PER_5_MIN; i++) {
      expect(await client.auth.resetPasswordForEmail(uniqueEmail(`flood${i}`))).toEqual({
        data: {},
        error: null,
      });
    }
    const limited = await client.auth.resetPasswordForEmail(uniqueEmail("flood-last"));
    expect(limited.error).toMatchObject({ status: 429, code: "over_request_rate_limit" });
    expect(
      (await anonClientFrom(randomLoopback()).auth.resetPasswordForEmail(uniqueEmail("elsewhere"))).error,
    ).toBeNull();
  });

  it("/recover mails an address at most once a minute, from any client, whether or not it is registered", async () => {
    const registered = uniqueEmail("once");
    const signUp = await anonClientFrom(randomLoopback()).auth.signUp({
      email: registered,
      password: PASSWORD,
    });
    expect(signUp.error).toBeNull();
    for (const email of [registered, uniqueEmail("unregistered")]) {
      expect((await anonClientFrom(randomLoopback()).auth.resetPasswordForEmail(email)).error).toBeNull();
      const again = await anonClientFrom(randomLoopback()).auth.resetPasswordForEmail(email);
      expect(again.error).toMatchObject({ status: 429, code: "over_email_send_rate_limit" });
      expect(again.error?.message).toMatch(
        /^For security purposes, you can only request this after \d+ seconds\.$/,
      );
    }
    expect(await mailsTo(registered, "recovery")).toHaveLength(1);
  });
});
