// lib/env.ts names every missing or malformed variable and applies the documented defaults.
import { describe, expect, it } from "vitest";
import { EnvError, parseServerEnv } from "@/lib/env";

const VALID = {
  DATABASE_URL: "postgresql://postgres:pw@127.0.0.1:54322/postgres",
  NEXT_PUBLIC_SUPABASE_URL: "http://127.0.0.1:54321",
  NEXT_PUBLIC_SUPABASE_ANON_KEY: "x".repeat(40),
  SUPABASE_SERVICE_ROLE_KEY: "y".repeat(40),
  DOCUMENT_ENCRYPTION_KEYS: `1:${Buffer.alloc(32, 1).toString("base64")},2:${Buffer.alloc(32, 2).toString("base64")}`,
};

describe("server environment", () => {
  it("accepts a complete environment and fills in defaults", () => {
    const env = parseServerEnv(VALID);
    expect(env).toMatchObject({
      DATABASE_POOL_MAX: 10,
      DATABASE_POOL_CONNECT_TIMEOUT_MS: 10_000,
      DOCUMENT_MAX_BYTES: 52_428_800,
      SIGNED_LINK_TTL_SECONDS: 600,
      TRUSTED_PROXY_HOPS: 0,
    });
    expect(parseServerEnv({ ...VALID, TRUSTED_PROXY_HOPS: "2" }).TRUSTED_PROXY_HOPS).toBe(2);
  });

  it("lists every missing and malformed variable in one error", () => {
    let message = "";
    try {
      parseServerEnv({
        ...VALID,
        DATABASE_URL: "mysql://nope",
        NEXT_PUBLIC_SUPABASE_ANON_KEY: undefined,
        DOCUMENT_ENCRYPTION_KEYS: "1:short",
        DATABASE_POOL_MAX: "0",
        TRUSTED_PROXY_HOPS: "one",
      });
    } catch (err) {
      expect(err).toBeInstanceOf(EnvError);
      message = (err as Error).message;
    }
    expect(message).toContain("DATABASE_URL must be a postgres:// or postgresql:// URL");
    expect(message).toContain("NEXT_PUBLIC_SUPABASE_ANON_KEY is missing");
    expect(message).toContain("DOCUMENT_ENCRYPTION_KEYS must be");
    expect(message).toContain("DATABASE_POOL_MAX");
    expect(message).toContain("TRUSTED_PROXY_HOPS must be the number of proxies");
  });

  it("accepts only a whole number of trusted proxy hops from 0 to 10", () => {
    for (const bad of ["-1", "1.5", "11", "yes"])
      expect(() => parseServerEnv({ ...VALID, TRUSTED_PROXY_HOPS: bad }), bad).toThrow(
        /TRUSTED_PROXY_HOPS must be/,
      );
  });

  it("treats empty strings as missing", () => {
    expect(() => parseServerEnv({ ...VALID, SUPABASE_SERVICE_ROLE_KEY: "" })).toThrow(
      /SUPABASE_SERVICE_ROLE_KEY is missing/,
    );
  });
});
