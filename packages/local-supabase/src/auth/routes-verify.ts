// Emailed one-time tokens: POST /recover writes a recovery mail to the outbox; POST /verify (auth-js
// verifyOtp) and GET /verify (the link in the mail) exchange a token for a session — GET redirects back to the
// app with the session in the fragment, or with ?code= for PKCE flows. Both are rate-limited per client address,
// recovery mail per email address, and every failed verification (link token or code) counts against the client.
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type pg from "pg";
import { sendJson } from "../http";
import type { Call } from "../router";
import { transaction } from "./db";
import type { AuthDeps } from "./deps";
import {
  AuthError,
  CommitThenFail,
  forbidden,
  tooManyRequests,
  unprocessable,
  validationFailed,
} from "./errors";
import { allowedRedirect, recoveryMessage, verifyLink, writeOutbox } from "./mail";
import {
  findUserByLinkToken,
  issueOneTimeToken,
  matchCode,
  PKCE_PREFIX,
  retireCode,
  VERIFY_TYPES,
} from "./one-time-tokens";
import { clientKey, limitRequest } from "./rate-limit";
import { Body } from "./request";
import type { AuthMethod, TokenResponse } from "./sessions";
import { findUserByEmail, findUserById, isBanned, upsertIdentity, type UserRow } from "./users";
import { validateEmail, validatePkceParams } from "./validation";

export async function recover(d: AuthDeps, { req, res, url }: Call<unknown>) {
  limitRequest(d.limits.recover, req);
  const body = await Body.read(req);
  const raw = body.string("email");
  if (!raw) throw validationFailed("Password recovery requires an email");
  const email = validateEmail(raw);
  const pkce = validatePkceParams(body.string("code_challenge"), body.string("code_challenge_method"));
  const redirect = allowedRedirect(d.config, url.searchParams.get("redirect_to"));
  // Counted for every address, registered or not (GoTrue counts registered ones only, which tells them apart).
  const wait = d.limits.recoverEmail.take(email);
  if (wait > 0) {
    throw tooManyRequests(
      "over_email_send_rate_limit",
      `For security purposes, you can only request this after ${wait} seconds.`,
    );
  }

  const user = await findUserByEmail(d.ctx.db, email, d.config.aud);
  // Same answer whether or not the address is registered.
  if (!user?.email) return sendJson(res, 200, {});

  const mailedTo = user.email;
  const issued = await transaction(d.ctx.db, async (client) => {
    const tokens = await issueOneTimeToken(client, user.id, "recovery", mailedTo, Boolean(pkce));
    if (pkce) {
      await client.query(
        `insert into auth.flow_state (id, user_id, auth_code, code_challenge_method, code_challenge, provider_type,
                                      authentication_method, created_at, updated_at)
         values ($1, $2, $3, $4, $5, 'recovery', 'recovery', now(), now())`,
        [randomUUID(), user.id, randomUUID(), pkce, body.string("code_challenge")],
      );
    }
    return tokens;
  });
  await writeOutbox(
    d.ctx.outboxDir,
    recoveryMessage(
      mailedTo,
      issued.otp,
      verifyLink(d.ctx.publicUrl, issued.linkToken, "recovery", redirect),
    ),
  );
  sendJson(res, 200, {});
}

const linkInvalid = () => forbidden("otp_expired", "Email link is invalid or has expired");
const otpInvalid = () => forbidden("otp_expired", "Token has expired or is invalid");

function isExpired(d: AuthDeps, sentAt: Date | null): boolean {
  return !sentAt || sentAt.getTime() + d.config.otpExpiry * 1000 < Date.now();
}

/** Finds and locks the user a token hash (from a link or verifyOtp({token_hash})) belongs to. */
async function userByTokenHash(
  d: AuthDeps,
  client: pg.PoolClient,
  type: string,
  hash: string,
): Promise<UserRow> {
  const spec = VERIFY_TYPES[type];
  if (!spec) throw validationFailed("Invalid email verification type");
  const user = await findUserByLinkToken(client, spec.column, hash);
  if (!user) throw linkInvalid();
  if (isBanned(user)) throw forbidden("user_banned", "User is banned");
  if (isExpired(d, user[spec.sentAt])) throw linkInvalid();
  return user;
}

/** Finds and locks the user of an email + 6-digit code (verifyOtp({email, token})). */
async function userByOtp(
  d: AuthDeps,
  client: pg.PoolClient,
  type: string,
  email: string,
  otp: string,
): Promise<UserRow> {
  const spec = VERIFY_TYPES[type];
  if (!spec) throw validationFailed("Unsupported verification type");
  const { rows } =
    type === "email_change"
      ? await client.query<{ id: string }>(
          `select id from auth.users where lower(email_change) = $1 and aud = $2`,
          [email, d.config.aud],
        )
      : await client.query<{ id: string }>(`select id from auth.users where lower(email) = $1 and aud = $2`, [
          email,
          d.config.aud,
        ]);
  const user = rows[0] ? await findUserById(client, rows[0].id, true) : null;
  if (!user) throw otpInvalid();
  if (isBanned(user)) throw forbidden("user_banned", "User is banned");
  // A wrong code is counted against it: commit that, and still fail.
  if (!(await matchCode(client, user, spec.column, email, otp))) throw new CommitThenFail(otpInvalid());
  if (isExpired(d, user[spec.sentAt])) throw otpInvalid();
  return user;
}

/** Applies a verified token to the user (GoTrue recoverVerify / signupVerify / emailChangeVerify). */
async function applyVerification(
  d: AuthDeps,
  client: pg.PoolClient,
  type: string,
  user: UserRow,
): Promise<AuthMethod> {
  const spec = VERIFY_TYPES[type];
  if (spec) await retireCode(client, user.id, spec.column);
  const confirm = `email_confirmed_at = coalesce(email_confirmed_at, now()),
                   raw_user_meta_data = coalesce(raw_user_meta_data, '{}'::jsonb) || '{"email_verified": true}'::jsonb`;
  switch (type) {
    case "recovery":
    case "magiclink":
      await client.query(
        `update auth.users set recovery_token = '', ${confirm}, updated_at = now() where id = $1`,
        [user.id],
      );
      return "otp";
    case "invite":
    case "signup":
      await client.query(
        `update auth.users set confirmation_token = '', ${confirm}, updated_at = now() where id = $1`,
        [user.id],
      );
      await client.query(
        `update auth.identities set identity_data = identity_data || '{"email_verified": true}'::jsonb, updated_at = now()
          where user_id = $1 and provider = 'email'`,
        [user.id],
      );
      return "otp";
    case "email_change": {
      const newEmail = user.email_change ?? "";
      const taken = await client.query(
        `select 1 from auth.users where lower(email) = lower($1) and id <> $2`,
        [newEmail, user.id],
      );
      if (taken.rowCount)
        throw unprocessable("email_exists", "A user with this email address has already been registered");
      await client.query(
        `update auth.users set email = $2, email_change = '', email_change_token_new = '', email_change_sent_at = null,
                ${confirm}, updated_at = now()
          where id = $1`,
        [user.id, newEmail],
      );
      await upsertIdentity(client, user.id, "email", { sub: user.id, email: newEmail, email_verified: true });
      return "otp";
    }
    default:
      throw validationFailed("Unsupported verification type");
  }
}

/**
 * Runs one verification in a transaction, charged to the client's failure allowance: a failure is spent up front
 * (so concurrent guesses cannot overdraw it) and given back unless the link token or code turned out wrong.
 */
async function verifying<T>(
  d: AuthDeps,
  req: IncomingMessage,
  verify: (client: pg.PoolClient) => Promise<T>,
) {
  const key = clientKey(req);
  if (d.limits.verifyFailures.take(key) > 0) {
    throw tooManyRequests(
      "over_request_rate_limit",
      "Too many failed verification attempts, try again later",
    );
  }
  let wrong = false;
  try {
    return await transaction(d.ctx.db, verify);
  } catch (err) {
    wrong = err instanceof AuthError && err.code === "otp_expired";
    throw err;
  } finally {
    if (!wrong) d.limits.verifyFailures.refund(key);
  }
}

export async function verifyPost(d: AuthDeps, { req, res }: Call<unknown>) {
  limitRequest(d.limits.verify, req);
  const body = await Body.read(req);
  const type = body.string("type");
  const otp = body.string("token");
  const hash = body.string("token_hash");
  const rawEmail = body.string("email");
  const phone = body.string("phone");
  if (!type) throw validationFailed("Verify requires a verification type");
  if ((!otp && !hash) || (otp && hash))
    throw validationFailed("Verify requires either a token or a token hash");
  let email = "";
  if (otp) {
    if (phone && !rawEmail) throw unprocessable("phone_provider_disabled", "Phone logins are disabled");
    if (!rawEmail || phone)
      throw validationFailed("Only an email address or phone number should be provided on verify");
    try {
      email = validateEmail(rawEmail);
    } catch {
      throw new AuthError(422, "validation_failed", "Invalid email format");
    }
  } else if (rawEmail || phone || body.string("redirect_to")) {
    throw validationFailed("Only the token_hash and type should be provided");
  }

  const response = await verifying(d, req, async (client): Promise<TokenResponse> => {
    const user = otp
      ? await userByOtp(d, client, type, email, otp)
      : await userByTokenHash(d, client, type, hash);
    const method = await applyVerification(d, client, type, user);
    return d.sessions.issue(client, (await findUserById(client, user.id))!, method, req);
  });
  sendJson(res, 200, response);
}

function redirectWith(
  res: ServerResponse,
  target: string,
  fragment: URLSearchParams,
  query?: URLSearchParams,
) {
  const url = new URL(target);
  if (query) for (const [k, v] of query) url.searchParams.set(k, v);
  fragment.sort();
  url.hash = fragment.toString();
  res.writeHead(303, { location: url.toString(), "content-length": 0 }).end();
}

/** The link in the mail: verifies, then redirects to redirect_to (or the site URL). */
export async function verifyGet(d: AuthDeps, { req, res, url }: Call<unknown>) {
  limitRequest(d.limits.verify, req);
  const token = url.searchParams.get("token") ?? "";
  const type = url.searchParams.get("type") ?? "";
  if (!type) throw validationFailed("Verify requires a verification type");
  if (!token) throw validationFailed("Verify requires a token or a token hash");
  const redirect = allowedRedirect(d.config, url.searchParams.get("redirect_to"));
  const pkce = token.startsWith(PKCE_PREFIX);
  try {
    const outcome = await verifying(
      d,
      req,
      async (client): Promise<{ session: TokenResponse } | { code: string }> => {
        const user = await userByTokenHash(d, client, type, token);
        const method = await applyVerification(d, client, type, user);
        if (!pkce)
          return {
            session: await d.sessions.issue(client, (await findUserById(client, user.id))!, method, req),
          };
        const { rows } = await client.query<{ auth_code: string }>(
          `update auth.flow_state set auth_code_issued_at = now(), updated_at = now()
          where id = (select id from auth.flow_state where user_id = $1 and authentication_method = $2
                       order by created_at desc limit 1)
          returning auth_code`,
          [user.id, type === "magiclink" ? "magiclink" : "recovery"],
        );
        if (!rows[0]) throw unprocessable("flow_state_not_found", "No valid flow state found for user.");
        return { code: rows[0].auth_code };
      },
    );
    if ("code" in outcome) {
      return redirectWith(res, redirect, new URLSearchParams(), new URLSearchParams({ code: outcome.code }));
    }
    const s = outcome.session;
    redirectWith(
      res,
      redirect,
      new URLSearchParams({
        access_token: s.access_token,
        token_type: s.token_type,
        expires_in: String(s.expires_in),
        expires_at: String(s.expires_at),
        refresh_token: s.refresh_token,
        type,
        sb: "",
      }),
    );
  } catch (err) {
    if (!(err instanceof AuthError)) throw err;
    const oauthError: Record<number, string> = {
      400: "invalid_request",
      401: "unauthorized_client",
      403: "access_denied",
    };
    const fragment = new URLSearchParams({ error_code: err.code, error_description: err.message, sb: "" });
    const error = oauthError[err.status];
    if (error) fragment.set("error", error);
    const query = pkce
      ? new URLSearchParams({
          error_code: err.code,
          error_description: err.message,
          ...(error ? { error } : {}),
        })
      : undefined;
    redirectWith(res, redirect, fragment, query);
  }
}
