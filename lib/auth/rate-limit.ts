import "server-only";
// Rate limits counted in Postgres (private.hit_rate_limit), so every app instance shares them.
import { getPrisma } from "../database/client";
import { AppError } from "../errors";

// Login and sign-up are limited per account as well as per address: whoever controls many addresses can rotate
// them, but not the account they are after. The limits sit far above what a person does.
export const RATE_LIMITS = {
  /** Login attempts for one account from one address: a person mistyping their password stays far below. */
  login: { limit: 10, windowSeconds: 300 },
  /** Login attempts for one account from every address together: what guessing from many addresses meets. */
  loginEmail: { limit: 20, windowSeconds: 3600 },
  /** Login attempts from one address for any account (credential stuffing); an office behind one NAT fits. */
  loginAddress: { limit: 100, windowSeconds: 600 },
  /** Sign-ups from one address: a team accepting its invitations from one office fits. */
  signup: { limit: 20, windowSeconds: 3600 },
  /** Sign-up attempts for one email. */
  signupEmail: { limit: 5, windowSeconds: 3600 },
  /** Password-recovery mails asked for one email (the platform adds its own per-address limits). */
  recoverEmail: { limit: 5, windowSeconds: 3600 },
  /** Password-recovery requests from one address for any email. */
  recover: { limit: 20, windowSeconds: 3600 },
  mutation: { limit: 120, windowSeconds: 60 },
  invite: { limit: 30, windowSeconds: 3600 },
} as const;
export type RateLimitName = keyof typeof RATE_LIMITS;

export interface RateLimitResult {
  allowed: boolean;
  retryAfterSeconds: number;
  hits: number;
}

export async function hitRateLimit(
  key: string,
  limit: number,
  windowSeconds: number,
): Promise<RateLimitResult> {
  const rows = await getPrisma().$queryRaw<
    Array<{ allowed: boolean; retry_after_seconds: number; hits: number }>
  >`
    select * from private.hit_rate_limit(${key}, ${limit}::int, ${windowSeconds}::int)`;
  const r = rows[0]!;
  return { allowed: r.allowed, retryAfterSeconds: r.retry_after_seconds, hits: r.hits };
}

/** The refusal of a hit over its limit: RATE_LIMITED with the retry time. */
export function rateLimitError(result: RateLimitResult): AppError {
  return new AppError(
    "RATE_LIMITED",
    `Too many attempts. Try again in ${formatWait(result.retryAfterSeconds)}.`,
    {
      details: { retryAfterSeconds: result.retryAfterSeconds },
    },
  );
}

/** The bucket of `name` for one subject: its key and limits. */
function rateLimitOf(name: RateLimitName, subject: string) {
  return { key: `${name}:${subject}`, ...RATE_LIMITS[name] };
}

/**
 * The bucket a signed-in user's write counts in (by authorize(), in the same statement that reads their access):
 * the shared mutation bucket, or an action's own stricter one (invitations: RATE_LIMITS.invite).
 */
export function writeLimit(userId: string, name: RateLimitName = "mutation") {
  return rateLimitOf(name, userId);
}

/** Counts a hit for `name` + subject and throws RATE_LIMITED with the retry time when over the limit. */
export async function assertRateLimit(name: RateLimitName, subject: string): Promise<void> {
  const { key, limit, windowSeconds } = rateLimitOf(name, subject);
  const result = await hitRateLimit(key, limit, windowSeconds);
  if (!result.allowed) throw rateLimitError(result);
}

/**
 * Counts a login attempt against every login limit. `address` is null when the client's address is unknown
 * (lib/request.ts): the per-account limit then stands alone, rather than one bucket shared by everybody.
 */
export async function assertLoginRateLimit(email: string, address: string | null): Promise<void> {
  await assertRateLimit("loginEmail", email);
  if (address === null) return;
  await assertRateLimit("login", `${address}:${email}`);
  await assertRateLimit("loginAddress", address);
}

/** Counts a sign-up attempt per email and, when the address is known, per address. */
export async function assertSignupRateLimit(email: string, address: string | null): Promise<void> {
  await assertRateLimit("signupEmail", email);
  if (address !== null) await assertRateLimit("signup", address);
}

/** Counts a password-recovery request per email and, when the address is known, per address. */
export async function assertRecoverRateLimit(email: string, address: string | null): Promise<void> {
  await assertRateLimit("recoverEmail", email);
  if (address !== null) await assertRateLimit("recover", address);
}

function formatWait(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? "" : "s"}`;
}
