// Input rules shared by the Auth endpoints, as GoTrue applies them: email format, phone format, PKCE
// parameters, ban durations (Go's time.ParseDuration syntax).
import { validationFailed } from "./errors";

// The format check of GoTrue's checkmail.ValidateFormat.
const EMAIL_PATTERN =
  /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;

/** Validates and lower-cases an email (GoTrue validateEmail). */
export function validateEmail(email: string): string {
  if (!email) throw validationFailed("An email address is required");
  if (email.length > 255) throw validationFailed("An email address is too long");
  if (!EMAIL_PATTERN.test(email)) throw validationFailed("Unable to validate email address: invalid format");
  return email.toLowerCase();
}

/** GoTrue validatePhone: strips formatting, requires E.164 digits. */
export function validatePhone(phone: string): string {
  const digits = phone.replace(/[\s\-+()]/g, "");
  if (!/^[1-9]\d{4,14}$/.test(digits)) throw validationFailed("Invalid phone number format (E.164 required)");
  return digits;
}

export function validatePkceParams(challenge: string, method: string): "s256" | "plain" | null {
  if (!challenge && !method) return null;
  if (!challenge || !method)
    throw validationFailed("PKCE flow requires code_challenge_method and code_challenge");
  if (challenge.length < 43 || challenge.length > 128) {
    throw validationFailed("code challenge has to be between 43 and 128 characters");
  }
  if (!/^[a-zA-Z._~0-9-]+$/.test(challenge)) {
    throw validationFailed(
      "code challenge can only contain alphanumeric characters, hyphens, periods, underscores and tildes",
    );
  }
  const m = method.toLowerCase();
  if (m !== "s256" && m !== "plain") throw validationFailed(`unsupported code_challenge method "${method}"`);
  return m;
}

const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  μs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/** Parses a Go duration ("24h", "1h30m", "-5s", "100ms") into milliseconds; null when malformed. */
export function parseGoDuration(input: string): number | null {
  const m = /^([-+]?)(.+)$/.exec(input);
  if (!m) return null;
  const [, sign, rest] = m;
  if (rest === "0") return 0;
  const part = /(\d+\.?\d*|\.\d+)(ns|us|µs|μs|ms|s|m|h)/y;
  let total = 0;
  let pos = 0;
  while (pos < rest!.length) {
    part.lastIndex = pos;
    const p = part.exec(rest!);
    if (!p) return null;
    total += Number(p[1]) * UNIT_MS[p[2]!]!;
    pos = part.lastIndex;
  }
  if (pos === 0 || !Number.isFinite(total)) return null;
  return sign === "-" ? -total : total;
}

/** `ban_duration` of the admin API: "none" lifts a ban, a Go duration bans until now + duration. */
export function parseBanDuration(value: string): { bannedUntil: Date | null } {
  if (value === "none") return { bannedUntil: null };
  const ms = parseGoDuration(value);
  if (ms === null)
    throw validationFailed(`invalid format for ban duration: time: invalid duration "${value}"`);
  if (ms === 0) return { bannedUntil: null };
  const until = Date.now() + ms;
  // Postgres timestamptz tops out in the year 294276; cap absurd durations well below that.
  return { bannedUntil: new Date(Math.min(until, Date.UTC(9999, 11, 31))) };
}
