import "server-only";
// Rate limits counted in Postgres (private.hit_rate_limit), so every app instance shares them.
import { getPrisma } from "../database/client";
import { AppError } from "../errors";

export const RATE_LIMITS = {
  login: { limit: 10, windowSeconds: 300 },
  signup: { limit: 5, windowSeconds: 3600 },
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

/** Counts a hit for `name` + subject and throws RATE_LIMITED with the retry time when over the limit. */
export async function assertRateLimit(name: RateLimitName, subject: string): Promise<void> {
  const { limit, windowSeconds } = RATE_LIMITS[name];
  const result = await hitRateLimit(`${name}:${subject}`, limit, windowSeconds);
  if (!result.allowed) {
    throw new AppError(
      "RATE_LIMITED",
      `Too many attempts. Try again in ${formatWait(result.retryAfterSeconds)}.`,
      { details: { retryAfterSeconds: result.retryAfterSeconds } },
    );
  }
}

function formatWait(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? "" : "s"}`;
}
