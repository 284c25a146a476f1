// The platform's settings, read from the environment once (by cli.ts) and passed down: the stack (STACK_*), Auth
// (STACK_*, GoTrue's names otherwise), Storage (STORAGE_*, Storage's names) and Realtime's slow-client limits
// (HEARTH_REALTIME_*). A value that doesn't parse stops the start with a message naming the variable.
import path from "node:path";
import { parseFileSizeToBytes } from "./storage/validation";

/** A failure a developer can act on (a taken port, a bad setting, a broken data directory): printed as is. */
export class StackError extends Error {
  override name = "StackError";
}

export interface StackConfig {
  /** The project whose supabase/migrations are applied (the Supabase CLI's workdir). */
  projectRoot: string;
  /** Directory holding data/, outbox/ and env (STACK_DIR, default .stack). */
  stackDir: string;
  dbPort: number;
  apiPort: number;
  dbPassword: string;
  /** false only for throw-away test stacks: skips fsync. */
  durable: boolean;
  /** Print every Postgres and platform log line. */
  verbose: boolean;
}

export interface AuthConfig {
  /** Access token lifetime in seconds (GoTrue JWT_EXP). */
  jwtExpiry: number;
  /** Seconds during which a rotated refresh token may be presented again (GoTrue REFRESH_TOKEN_REUSE_INTERVAL). */
  refreshReuseInterval: number;
  passwordMinLength: number;
  /** Lifetime of emailed one-time tokens, seconds (GoTrue MAILER_OTP_EXP). */
  otpExpiry: number;
  /** Requests to /verify per client address per 5 minutes (GoTrue RATE_LIMIT_VERIFY). */
  rateLimitVerify: number;
  /** Failed verifications (wrong or expired link or code) per client address per 5 minutes before /verify refuses. */
  rateLimitVerifyFailures: number;
  /** Requests to /recover per client address per 5 minutes (GoTrue RATE_LIMIT_OTP). */
  rateLimitRecover: number;
  /** Seconds before another recovery mail to the same address (GoTrue SMTP_MAX_FREQUENCY); 0 for no wait. */
  mailerMaxFrequency: number;
  /** Lifetime of a PKCE auth code once issued, seconds (GoTrue FLOW_STATE_EXPIRY_DURATION). */
  flowStateExpiry: number;
  /** Where email links land when no allowed redirect_to is given (GoTrue SITE_URL). */
  siteUrl: string;
  disableSignup: boolean;
  aud: string;
  defaultRole: string;
  adminRoles: readonly string[];
}

export interface StorageConfig {
  /** Upper bound for any upload and any bucket's file_size_limit (Storage's global FILE_SIZE_LIMIT). */
  maxFileSize: number;
}

export interface RealtimeLimits {
  /** Close sockets that sent nothing (not even a heartbeat) for this long. */
  idleTimeoutMs: number;
  /** A socket whose unsent output stays above softBufferBytes for slowGraceMs, or exceeds hardBufferBytes, is dropped. */
  softBufferBytes: number;
  hardBufferBytes: number;
  slowGraceMs: number;
  maxChannelsPerSocket: number;
  maxPendingMessages: number;
}

export interface PlatformConfig {
  stack: StackConfig;
  auth: AuthConfig;
  storage: StorageConfig;
  realtime: RealtimeLimits;
}

type Env = Record<string, string | undefined>;

function integer(
  env: Env,
  name: string,
  fallback: number,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new StackError(
      max === 65535
        ? `${name} must be a port number between 1 and 65535 (got "${raw}").`
        : `${name} must be an integer ≥ ${min} (got "${raw}").`,
    );
  }
  return n;
}

/** STORAGE_FILE_SIZE_LIMIT: bytes or "5GB", like Storage's FILE_SIZE_LIMIT; bucket limits can only be lower. */
function fileSize(env: Env, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  let n: number;
  try {
    n = /^\d+$/.test(raw) ? Number(raw) : parseFileSizeToBytes(raw);
  } catch {
    n = Number.NaN;
  }
  if (!Number.isSafeInteger(n) || n <= 0) throw new StackError(`${name} is not a size (got "${raw}").`);
  return n;
}

function absoluteUrl(env: Env, name: string, fallback: string): string {
  const value = env[name]?.trim() || fallback;
  try {
    new URL(value);
  } catch {
    throw new StackError(`${name} must be an absolute URL (got "${value}").`);
  }
  return value;
}

export function configFromEnv(env: Env = process.env, projectRoot = process.cwd()): PlatformConfig {
  return {
    stack: {
      projectRoot,
      stackDir: path.resolve(projectRoot, env.STACK_DIR || ".stack"),
      dbPort: integer(env, "STACK_DB_PORT", 54322, 1, 65535),
      apiPort: integer(env, "STACK_API_PORT", 54321, 1, 65535),
      dbPassword: env.STACK_DB_PASSWORD || "postgres",
      durable: env.STACK_DURABLE !== "false",
      verbose: env.STACK_VERBOSE === "1",
    },
    auth: {
      jwtExpiry: integer(env, "STACK_JWT_EXPIRY", 3600, 1),
      refreshReuseInterval: integer(env, "STACK_REFRESH_REUSE_INTERVAL", 10, 0),
      passwordMinLength: integer(env, "STACK_PASSWORD_MIN_LENGTH", 6, 1),
      otpExpiry: integer(env, "STACK_MAILER_OTP_EXP", 3600, 1),
      rateLimitVerify: integer(env, "STACK_RATE_LIMIT_VERIFY", 30, 1),
      rateLimitVerifyFailures: integer(env, "STACK_RATE_LIMIT_VERIFY_FAILURES", 10, 1),
      rateLimitRecover: integer(env, "STACK_RATE_LIMIT_RECOVER", 30, 1),
      mailerMaxFrequency: integer(env, "STACK_MAILER_MAX_FREQUENCY", 60, 0),
      flowStateExpiry: 300,
      siteUrl: absoluteUrl(env, "STACK_SITE_URL", "http://localhost:3000"),
      disableSignup: env.STACK_DISABLE_SIGNUP === "true",
      aud: "authenticated",
      defaultRole: "authenticated",
      adminRoles: ["service_role", "supabase_admin"],
    },
    storage: { maxFileSize: fileSize(env, "STORAGE_FILE_SIZE_LIMIT", 5 * 1024 ** 3) },
    realtime: {
      idleTimeoutMs: integer(env, "HEARTH_REALTIME_IDLE_TIMEOUT_MS", 60_000, 1),
      softBufferBytes: integer(env, "HEARTH_REALTIME_SOFT_BUFFER_BYTES", 4 * 1024 * 1024, 1),
      hardBufferBytes: integer(env, "HEARTH_REALTIME_HARD_BUFFER_BYTES", 64 * 1024 * 1024, 1),
      slowGraceMs: integer(env, "HEARTH_REALTIME_SLOW_GRACE_MS", 10_000, 1),
      maxChannelsPerSocket: 100,
      maxPendingMessages: 1_000,
    },
  };
}
