// Rate limits of the Auth service, kept in memory like GoTrue's (one process serves the local stack): per client
// address on /recover and /verify, per address on recovery mail, and on failed verifications per client address.
import type { IncomingMessage } from "node:http";
import type { AuthConfig } from "../config";
import { tooManyRequests } from "./errors";
import { clientIp } from "./request";

const WINDOW_MS = 5 * 60 * 1000; // GoTrue counts its rate limits per 5 minutes
const MAX_TRACKED = 10_000;

/** A token bucket per key: `limit` spends, refilled evenly over `windowMs` (so `limit` per window at most). */
export class RateLimiter {
  private buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  private tokens(key: string, now: number): number {
    const b = this.buckets.get(key);
    if (!b) return this.limit;
    return Math.min(this.limit, b.tokens + ((now - b.at) * this.limit) / this.windowMs);
  }

  /** Spends one; 0 when that was allowed, else the seconds until it will be (nothing spent). */
  take(key: string, now = Date.now()): number {
    if (this.windowMs <= 0) return 0;
    const tokens = this.tokens(key, now);
    if (tokens < 1) return Math.max(1, Math.ceil(((1 - tokens) * this.windowMs) / this.limit / 1000));
    if (this.buckets.size >= MAX_TRACKED && !this.buckets.has(key)) this.prune(now);
    this.buckets.set(key, { tokens: tokens - 1, at: now });
    return 0;
  }

  /** Gives back a spend that turned out not to count. */
  refund(key: string, now = Date.now()): void {
    if (!this.buckets.has(key)) return;
    this.buckets.set(key, { tokens: Math.min(this.limit, this.tokens(key, now) + 1), at: now });
  }

  /** Drops full buckets (they hold nothing), then the oldest if that is not enough. */
  private prune(now: number): void {
    for (const key of this.buckets.keys()) if (this.tokens(key, now) >= this.limit) this.buckets.delete(key);
    for (const key of this.buckets.keys()) {
      if (this.buckets.size < MAX_TRACKED) break;
      this.buckets.delete(key);
    }
  }
}

export interface AuthLimits {
  /** Requests to /verify per client address (GoTrue RATE_LIMIT_VERIFY). */
  verify: RateLimiter;
  /** Failed verifications (wrong or expired link token or code) per client address. */
  verifyFailures: RateLimiter;
  /** Requests to /recover per client address (GoTrue RATE_LIMIT_OTP). */
  recover: RateLimiter;
  /** Recovery mails per email address (GoTrue SMTP_MAX_FREQUENCY). */
  recoverEmail: RateLimiter;
}

export function authLimits(config: AuthConfig): AuthLimits {
  return {
    verify: new RateLimiter(config.rateLimitVerify, WINDOW_MS),
    verifyFailures: new RateLimiter(config.rateLimitVerifyFailures, WINDOW_MS),
    recover: new RateLimiter(config.rateLimitRecover, WINDOW_MS),
    recoverEmail: new RateLimiter(1, config.mailerMaxFrequency * 1000),
  };
}

/** The key of a request's client: the socket's address (never a forwarded-for header anyone can set). */
export function clientKey(req: IncomingMessage): string {
  return clientIp(req) ?? "unknown";
}

/** Spends one request of the caller's allowance, or answers GoTrue's 429. */
export function limitRequest(limiter: RateLimiter, req: IncomingMessage): void {
  if (limiter.take(clientKey(req)) > 0)
    throw tooManyRequests("over_request_rate_limit", "Request rate limit reached");
}
