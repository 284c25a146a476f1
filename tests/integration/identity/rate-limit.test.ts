// Rate limits live in Postgres, so every app instance shares them; counting is atomic under concurrency.
import { describe, expect, it } from "vitest";
import { assertRateLimit, hitRateLimit, RATE_LIMITS } from "@/lib/auth/rate-limit";
import { suffix } from "../../support/factories";

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
