// Password hashing (bcrypt, cost 10 like GoTrue) and GoTrue's password rules.
import { randomBytes } from "node:crypto";
import bcrypt from "bcryptjs";
import { AuthError, validationFailed } from "./errors";

const COST = 10;
// bcrypt only reads 72 bytes; GoTrue refuses longer passwords instead of silently truncating them.
export const MAX_PASSWORD_BYTES = 72;

let dummyHash: Promise<string> | undefined;

/** Computes the dummy hash ahead of the first unknown-email sign-in, so that one isn't slower either. */
export function primeDummyHash(): void {
  dummyHash ??= bcrypt.hash(randomBytes(16).toString("hex"), COST);
}

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, COST);
}

/**
 * Compares a password with a stored hash. Without a hash (unknown email, user without password) it still runs
 * the KDF against a dummy hash, so the response time does not tell which emails exist.
 */
export async function verifyPassword(password: string, hash: string | null | undefined): Promise<boolean> {
  const tooLong = Buffer.byteLength(password, "utf8") > MAX_PASSWORD_BYTES;
  if (!hash || tooLong || !hash.startsWith("$2")) {
    primeDummyHash();
    await bcrypt.compare(password, await dummyHash!);
    return false;
  }
  try {
    return await bcrypt.compare(password, hash);
  } catch {
    return false;
  }
}

export class WeakPasswordError extends AuthError {
  constructor(message: string, reasons: string[]) {
    super(422, "weak_password", message, { weak_password: { reasons } });
  }
}

/** GoTrue checkPasswordStrength: 400 when too long for bcrypt, 422 weak_password below the minimum length. */
export function checkPasswordStrength(password: string, minLength: number): void {
  if (Buffer.byteLength(password, "utf8") > MAX_PASSWORD_BYTES) {
    throw validationFailed(`Password cannot be longer than ${MAX_PASSWORD_BYTES} characters`);
  }
  if (Buffer.byteLength(password, "utf8") < minLength) {
    throw new WeakPasswordError(`Password should be at least ${minLength} characters.`, ["length"]);
  }
}

/** The `weak_password` field of a sign-in response when a correct password no longer meets the rules. */
export function weakPasswordNotice(password: string, minLength: number) {
  if (Buffer.byteLength(password, "utf8") >= minLength) return undefined;
  return { message: `Password should be at least ${minLength} characters.`, reasons: ["length"] };
}
