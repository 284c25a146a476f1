// Rate limits live in Postgres, so every app instance shares them; counting is atomic under concurrency.
// Login and sign-up are limited per account as well as per address, and the address comes only from the
// X-Forwarded-For entry our own proxies wrote (TRUSTED_PROXY_HOPS), so neither spoofing the header nor
// rotating real addresses gives unlimited guesses.
import { beforeEach, describe, expect, it, vi } from "vitest";
import {
  assertLoginRateLimit,
  assertRateLimit,
  assertSignupRateLimit,
  hitRateLimit,
  RATE_LIMITS,
} from "@/lib/auth/rate-limit";
import { loginAction } from "@/lib/modules/account/actions/login";
import { clientAddressFrom } from "@/lib/request";
import { suffix } from "../../support/factories";
import { clearOfWindowEnds } from "../../support/rate-windows";

// Server actions read the request through next/headers, which only exists inside a Next request; the test
// plays the request (its headers, no cookies). Everything behind it is real: Postgres and the local Auth.
const request = vi.hoisted(() => ({ headers: new Headers() }));
vi.mock("next/headers", () => ({
  headers: async () => request.headers,
  cookies: async () => ({ getAll: () => [], set: () => {} }),
}));
beforeEach(async () => {
  request.headers = new Headers();
  await clearOfWindowEnds(); // each test counts its hits in one window
});

const email = () => `rl-${suffix()}@example.test`;
const byte = () => Math.floor(Math.random() * 256);
/** A random address in 100.64.0.0/10, so no two tests (or runs against one stack) share one. */
const randomAddress = () => `100.${64 + Math.floor(Math.random() * 64)}.${byte()}.${byte()}`;
/** A request as it reaches the app: a client-chosen X-Forwarded-For, then what our proxies appended. */
const forwarded = (...entries: string[]) => new Headers({ "x-forwarded-for": entries.join(", ") });
/** Runs `attempt` until it is refused; returns how many attempts were allowed before that. */
async function allowedBeforeRefusal(attempt: () => Promise<unknown>, max = 200): Promise<number> {
  for (let i = 0; i < max; i++) {
    try {
      await attempt();
    } catch (err) {
      expect(err).toMatchObject({ code: "RATE_LIMITED" });
      return i;
    }
  }
  return max;
}

describe("rate limits", () => {
  it("allows exactly the limit under concurrent hits and reports when to retry", async () => {
    const key = `test:${suffix()}`;
    const results = await Promise.all(Array.from({ length: 25 }, () => hitRateLimit(key, 10, 60)));
    expect(results.filter((r) => r.allowed)).toHaveLength(10);
    const denied = results.find((r) => !r.allowed)!;
    expect(denied.retryAfterSeconds).toBeGreaterThan(0);
    expect(denied.retryAfterSeconds).toBeLessThanOrEqual(60);
  });

  it("refuses the 11th login attempt for one address with RATE_LIMITED and a retry time", async () => {
    const subject = `127.0.0.1:${suffix()}@example.test`;
    for (let i = 0; i < RATE_LIMITS.login.limit; i++) await assertRateLimit("login", subject);
    await expect(assertRateLimit("login", subject)).rejects.toMatchObject({
      code: "RATE_LIMITED",
      message: expect.stringMatching(/Try again in \d+ (second|minute)s?/),
      details: { retryAfterSeconds: expect.any(Number) },
    });
    // another address is unaffected
    await expect(assertRateLimit("login", `127.0.0.1:${suffix()}@example.test`)).resolves.toBeUndefined();
  });
});

describe("login and sign-up limits against address rotation", () => {
  it("a guesser rotating real addresses still meets the per-account login limit", async () => {
    const target = email();
    const allowed = await allowedBeforeRefusal(() =>
      assertLoginRateLimit(target, clientAddressFrom(forwarded(randomAddress(), randomAddress()), 1)),
    );
    expect(allowed).toBe(RATE_LIMITS.loginEmail.limit);
    // the limit is the account's: another account from a fresh address is unaffected
    await expect(assertLoginRateLimit(email(), randomAddress())).resolves.toBeUndefined();
  });

  it("through the login action, rotating X-Forwarded-For doesn't escape the per-account limit", async () => {
    const target = email();
    const codes: string[] = [];
    for (let i = 0; i <= RATE_LIMITS.loginEmail.limit; i++) {
      request.headers = forwarded(randomAddress());
      const result = await loginAction({ email: target, password: `wrong-guess-${i}` });
      codes.push(result.ok ? "ok" : result.error.code);
    }
    expect(codes).toEqual([
      ...Array<string>(RATE_LIMITS.loginEmail.limit).fill("UNAUTHENTICATED"),
      "RATE_LIMITED",
    ]);
  });

  it("with TRUSTED_PROXY_HOPS=1, a client-supplied entry left of our proxy's doesn't make a new address", async () => {
    const proxySaw = randomAddress();
    const target = email();
    // one account from one real address: the per address+account limit (the lowest) applies
    const logins = await allowedBeforeRefusal(() =>
      assertLoginRateLimit(target, clientAddressFrom(forwarded(randomAddress(), proxySaw), 1)),
    );
    expect(logins).toBe(RATE_LIMITS.login.limit);
    // a new email for every sign-up from one real address: the per-address limit applies
    const signups = await allowedBeforeRefusal(() =>
      assertSignupRateLimit(email(), clientAddressFrom(forwarded(randomAddress(), proxySaw), 1)),
    );
    expect(signups).toBe(RATE_LIMITS.signup.limit);
  });

  it("by default (no trusted proxy) the header is ignored entirely; the per-email limits still hold", async () => {
    const header = forwarded(randomAddress());
    expect(clientAddressFrom(header, 0)).toBeNull();
    // had the header counted as an address, the per address+account limit would stop this at 10
    const target = email();
    const logins = await allowedBeforeRefusal(() =>
      assertLoginRateLimit(target, clientAddressFrom(header, 0)),
    );
    expect(logins).toBe(RATE_LIMITS.loginEmail.limit);
    // sign-ups for one email from rotating headers
    const signupEmail = email();
    const signups = await allowedBeforeRefusal(() =>
      assertSignupRateLimit(signupEmail, clientAddressFrom(forwarded(randomAddress()), 0)),
    );
    expect(signups).toBe(RATE_LIMITS.signupEmail.limit);
  });
});
