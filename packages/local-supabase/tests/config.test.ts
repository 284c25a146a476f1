// The platform's settings come from one place (src/config.ts), under the names users already set: STACK_* for the
// stack and Auth, STORAGE_* for Storage, HEARTH_REALTIME_* for Realtime's slow-client limits. A value that doesn't
// parse stops `local-supabase` before anything starts, naming the variable.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { startStackProcess } from "../../../tests/support/stack-process";
import { configFromEnv, StackError } from "../src/config";

describe("configFromEnv", () => {
  it("has Supabase CLI's ports and GoTrue's / Storage's defaults when nothing is set", () => {
    const config = configFromEnv({}, "/project");
    expect(config.stack).toMatchObject({
      projectRoot: "/project",
      stackDir: "/project/.stack",
      dbPort: 54322,
      apiPort: 54321,
      dbPassword: "postgres",
      durable: true,
      verbose: false,
    });
    expect(config.auth).toMatchObject({
      jwtExpiry: 3600,
      refreshReuseInterval: 10,
      siteUrl: "http://localhost:3000",
    });
    expect(config.storage.maxFileSize).toBe(5 * 1024 ** 3);
    expect(config.realtime).toMatchObject({ idleTimeoutMs: 60_000, slowGraceMs: 10_000 });
  });

  it("reads each service's variables under their existing names", () => {
    const config = configFromEnv(
      {
        STACK_DIR: "/tmp/elsewhere",
        STACK_API_PORT: "6001",
        STACK_DURABLE: "false",
        STACK_JWT_EXPIRY: "120",
        STACK_DISABLE_SIGNUP: "true",
        STORAGE_FILE_SIZE_LIMIT: "50MB",
        HEARTH_REALTIME_IDLE_TIMEOUT_MS: "1500",
      },
      "/project",
    );
    expect(config.stack).toMatchObject({ stackDir: "/tmp/elsewhere", apiPort: 6001, durable: false });
    expect(config.auth).toMatchObject({ jwtExpiry: 120, disableSignup: true });
    expect(config.storage.maxFileSize).toBe(50_000_000);
    expect(config.realtime.idleTimeoutMs).toBe(1500);
  });

  it.each([
    ["STACK_DB_PORT", "70000", /STACK_DB_PORT must be a port number/],
    ["STACK_JWT_EXPIRY", "soon", /STACK_JWT_EXPIRY must be an integer ≥ 1/],
    ["STACK_SITE_URL", "localhost", /STACK_SITE_URL must be an absolute URL/],
    ["STORAGE_FILE_SIZE_LIMIT", "big", /STORAGE_FILE_SIZE_LIMIT is not a size/],
    ["HEARTH_REALTIME_SLOW_GRACE_MS", "-5", /HEARTH_REALTIME_SLOW_GRACE_MS must be an integer ≥ 1/],
  ])("refuses %s=%s, naming it", (name, value, message) => {
    expect(() => configFromEnv({ [name]: value })).toThrow(StackError);
    expect(() => configFromEnv({ [name]: value })).toThrow(message);
  });

  it("stops `local-supabase` before Postgres starts when a setting is wrong", async () => {
    const stackDir = mkdtempSync(path.join(os.tmpdir(), "hearth-config-"));
    try {
      const outcome = await startStackProcess({
        stackDir,
        extraEnv: { HEARTH_REALTIME_IDLE_TIMEOUT_MS: "never" },
      }).catch((err: Error) => err);
      if (!(outcome instanceof Error)) {
        await outcome.stop();
        throw new Error("the stack started with HEARTH_REALTIME_IDLE_TIMEOUT_MS=never");
      }
      expect(outcome.message).toMatch(
        /exited with code 1[\s\S]*\[stack\] HEARTH_REALTIME_IDLE_TIMEOUT_MS must be an integer/,
      );
    } finally {
      rmSync(stackDir, { recursive: true, force: true });
    }
  });
});
