// Settings of the local Auth service, read once from the stack's environment (GoTrue's defaults otherwise).

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

function intFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) {
    throw new Error(`${name} must be an integer ≥ ${min} (got "${raw}").`);
  }
  return n;
}

export function authConfigFromEnv(env: NodeJS.ProcessEnv = process.env): AuthConfig {
  const siteUrl = env.STACK_SITE_URL?.trim() || "http://localhost:3000";
  try {
    new URL(siteUrl);
  } catch {
    throw new Error(`STACK_SITE_URL must be an absolute URL (got "${siteUrl}").`);
  }
  return {
    jwtExpiry: intFromEnv(env, "STACK_JWT_EXPIRY", 3600, 1),
    refreshReuseInterval: intFromEnv(env, "STACK_REFRESH_REUSE_INTERVAL", 10, 0),
    passwordMinLength: intFromEnv(env, "STACK_PASSWORD_MIN_LENGTH", 6, 1),
    otpExpiry: intFromEnv(env, "STACK_MAILER_OTP_EXP", 3600, 1),
    rateLimitVerify: intFromEnv(env, "STACK_RATE_LIMIT_VERIFY", 30, 1),
    rateLimitVerifyFailures: intFromEnv(env, "STACK_RATE_LIMIT_VERIFY_FAILURES", 10, 1),
    rateLimitRecover: intFromEnv(env, "STACK_RATE_LIMIT_RECOVER", 30, 1),
    mailerMaxFrequency: intFromEnv(env, "STACK_MAILER_MAX_FREQUENCY", 60, 0),
    flowStateExpiry: 300,
    siteUrl,
    disableSignup: env.STACK_DISABLE_SIGNUP === "true",
    aud: "authenticated",
    defaultRole: "authenticated",
    adminRoles: ["service_role", "supabase_admin"],
  };
}
