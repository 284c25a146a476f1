// The one-time tokens Auth mails (recovery, invite, email change). Each mail carries two separate secrets: a link
// token of 256 random bits (`pkce_`-prefixed for PKCE flows), of which the user's token column keeps only the
// SHA-256, and a 6-digit code, kept hashed in auth.one_time_codes. GoTrue derives its link token from email + code,
// which makes a link exactly as guessable as the code; here knowing the code says nothing about the link.
// A code stops working after OTP_MAX_ATTEMPTS wrong guesses; its link does not (it cannot be guessed).
import { createHash, randomBytes, randomInt, timingSafeEqual } from "node:crypto";
import type pg from "pg";
import { findUserByToken, type UserRow } from "./users";

export const PKCE_PREFIX = "pkce_";
/** Wrong guesses a mailed 6-digit code survives. */
export const OTP_MAX_ATTEMPTS = 5;

type TokenColumn = "recovery_token" | "confirmation_token" | "email_change_token_new";
type SentAtColumn = "recovery_sent_at" | "confirmation_sent_at" | "email_change_sent_at";

/** The user columns each verification type's token lives in (as GoTrue keeps them). */
export const VERIFY_TYPES: Record<string, { column: TokenColumn; sentAt: SentAtColumn }> = {
  recovery: { column: "recovery_token", sentAt: "recovery_sent_at" },
  magiclink: { column: "recovery_token", sentAt: "recovery_sent_at" },
  invite: { column: "confirmation_token", sentAt: "confirmation_sent_at" },
  signup: { column: "confirmation_token", sentAt: "confirmation_sent_at" },
  email_change: { column: "email_change_token_new", sentAt: "email_change_sent_at" },
};

export interface IssuedToken {
  /** Goes into the mail's link (`?token=`) and is what verifyOtp({token_hash}) sends back. */
  linkToken: string;
  /** The 6-digit code printed in the mail. */
  otp: string;
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
// Salted with the link's hash, so two users' equal codes have different hashes.
const codeHash = (storedLink: string, otp: string) => sha256(`${storedLink}:${otp}`);

function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Replaces the user's pending token of `type` with a new link token and code (call inside a transaction). */
export async function issueOneTimeToken(
  client: pg.PoolClient,
  userId: string,
  type: "recovery" | "invite" | "email_change",
  mailedTo: string,
  pkce = false,
): Promise<IssuedToken> {
  const { column, sentAt } = VERIFY_TYPES[type]!;
  const linkToken = `${pkce ? PKCE_PREFIX : ""}${randomBytes(32).toString("hex")}`;
  const otp = String(randomInt(0, 1_000_000)).padStart(6, "0");
  const stored = sha256(linkToken);
  await client.query(
    `update auth.users set ${column} = $2, ${sentAt} = now(), updated_at = now() where id = $1`,
    [userId, stored],
  );
  await client.query(
    `insert into auth.one_time_codes (user_id, token_type, token_hash, code_hash, relates_to)
     values ($1, $2, $3, $4, $5)
     on conflict (user_id, token_type) do update
       set token_hash = excluded.token_hash, code_hash = excluded.code_hash, relates_to = excluded.relates_to,
           failed_attempts = 0, created_at = now()`,
    [userId, column, stored, codeHash(stored, otp), mailedTo.toLowerCase()],
  );
  return { linkToken, otp };
}

/** The user (row-locked) whose pending token in `column` is this link token, or null. */
export function findUserByLinkToken(
  client: pg.PoolClient,
  column: TokenColumn,
  linkToken: string,
): Promise<UserRow | null> {
  return findUserByToken(client, column, linkToken ? sha256(linkToken) : "");
}

/**
 * Whether `otp` is the code mailed to `email` with the user's pending token in `column`. A wrong code counts
 * against it (the caller commits that even though it fails the request); a code guessed wrong too often never
 * matches again. Call with the user row locked, so concurrent guesses are counted one after another.
 */
export async function matchCode(
  client: pg.PoolClient,
  user: UserRow,
  column: TokenColumn,
  email: string,
  otp: string,
): Promise<boolean> {
  const stored = user[column] ?? "";
  if (!stored) return false;
  const { rows } = await client.query<{ code_hash: string; failed_attempts: number }>(
    `select code_hash, failed_attempts from auth.one_time_codes
      where user_id = $1 and token_type = $2 and token_hash = $3 and relates_to = $4`,
    [user.id, column, stored, email.toLowerCase()],
  );
  const row = rows[0];
  if (!row || row.failed_attempts >= OTP_MAX_ATTEMPTS) return false;
  if (sameHash(row.code_hash, codeHash(stored, otp))) return true;
  await client.query(
    `update auth.one_time_codes set failed_attempts = failed_attempts + 1 where user_id = $1 and token_type = $2`,
    [user.id, column],
  );
  return false;
}

/** Forgets the code of a token that has just been used (its link column is emptied by the caller). */
export async function retireCode(client: pg.PoolClient, userId: string, column: TokenColumn): Promise<void> {
  await client.query(`delete from auth.one_time_codes where user_id = $1 and token_type = $2`, [
    userId,
    column,
  ]);
}
