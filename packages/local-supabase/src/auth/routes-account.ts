// The end-user endpoints: POST /signup, POST /token (password, refresh_token, pkce grants), GET|PUT /user,
// POST /logout — with GoTrue's validation order, status codes and error codes.
import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { sendJson } from "../http";
import type { Call } from "../router";
import { isUniqueViolation, transaction } from "./db";
import type { AuthDeps } from "./deps";
import { AuthError, badRequest, forbidden, notFound, unprocessable, validationFailed } from "./errors";
import type { Caller } from "./guards";
import { emailChangeMessage, verifyLink, writeOutbox, allowedRedirect } from "./mail";
import { issueOneTimeToken } from "./one-time-tokens";
import { checkPasswordStrength, hashPassword, verifyPassword, weakPasswordNotice } from "./passwords";
import { Body } from "./request";
import type { AuthMethod, LogoutScope } from "./sessions";
import {
  findUserByEmail,
  findUserById,
  hasPassword,
  insertUser,
  isBanned,
  mergeMetadata,
  userJson,
} from "./users";
import { validateEmail, validatePhone, validatePkceParams } from "./validation";

const EMAIL_PROVIDER = { provider: "email", providers: ["email"] };
const DUPLICATE_EMAIL = "A user with this email address has already been registered";

export async function signup(d: AuthDeps, { req, res }: Call<unknown>) {
  const body = await Body.read(req);
  const rawEmail = body.string("email");
  const phone = body.string("phone");
  const password = body.string("password");
  const data = body.object("data") ?? {};
  if (!rawEmail && !phone)
    throw unprocessable("anonymous_provider_disabled", "Anonymous sign-ins are disabled");
  if (d.config.disableSignup) throw unprocessable("signup_disabled", "Signups not allowed for this instance");
  if (!password) throw validationFailed("Signup requires a valid password");
  checkPasswordStrength(password, d.config.passwordMinLength);
  if (rawEmail && phone)
    throw validationFailed("Only an email address or phone number should be provided on signup.");
  // PKCE needs no flow state here: local sign-ups are confirmed at once and answer with a session.
  validatePkceParams(body.string("code_challenge"), body.string("code_challenge_method"));
  if (!rawEmail) throw badRequest("phone_provider_disabled", "Phone signups are disabled");
  const email = validateEmail(rawEmail);

  const alreadyRegistered = () => unprocessable("user_already_exists", "User already registered");
  // Any existing user blocks the sign-up, also an invited one that has not accepted yet: GoTrue would confirm
  // that user and hand its session to whoever signs up with the address.
  if (await findUserByEmail(d.ctx.db, email, d.config.aud)) throw alreadyRegistered();
  const passwordHash = await hashPassword(password);
  try {
    const token = await transaction(d.ctx.db, async (client) => {
      const user = await insertUser(client, {
        email,
        passwordHash,
        aud: d.config.aud,
        role: d.config.defaultRole,
        userMetadata: data,
        appMetadata: EMAIL_PROVIDER,
        emailConfirmed: true,
      });
      return d.sessions.issue(client, user, "password", req);
    });
    sendJson(res, 200, token);
  } catch (err) {
    // The unique index on lower(email) settles concurrent sign-ups of one address: exactly one wins.
    if (isUniqueViolation(err)) throw alreadyRegistered();
    throw err;
  }
}

export async function token(d: AuthDeps, { req, res, url }: Call<unknown>) {
  switch (url.searchParams.get("grant_type")) {
    case "password":
      return passwordGrant(d, req, res);
    case "refresh_token": {
      const body = await Body.read(req);
      return sendJson(res, 200, await d.sessions.refresh(body.string("refresh_token"), req));
    }
    case "pkce":
      return pkceGrant(d, req, res);
    default:
      throw badRequest("invalid_credentials", "unsupported_grant_type");
  }
}

async function passwordGrant(d: AuthDeps, req: IncomingMessage, res: ServerResponse) {
  const body = await Body.read(req);
  const email = body.string("email");
  const phone = body.string("phone");
  const password = body.string("password");
  if (email && phone)
    throw validationFailed("Only an email address or phone number should be provided on login.");
  if (!email && !phone) throw validationFailed("missing email or phone");
  if (!email) throw unprocessable("phone_provider_disabled", "Phone logins are disabled");

  const user = await findUserByEmail(d.ctx.db, email, d.config.aud);
  const valid = await verifyPassword(password, user?.encrypted_password);
  if (!user || !valid) throw badRequest("invalid_credentials", "Invalid login credentials");
  // Checked after the password (GoTrue checks before), so only the password holder learns about a ban.
  if (isBanned(user)) throw badRequest("user_banned", "User is banned");
  if (!user.email_confirmed_at) throw badRequest("email_not_confirmed", "Email not confirmed");

  const response = await transaction(d.ctx.db, (client) => d.sessions.issue(client, user, "password", req));
  const weak = weakPasswordNotice(password, d.config.passwordMinLength);
  sendJson(res, 200, weak ? { ...response, weak_password: weak } : response);
}

interface FlowStateRow {
  id: string;
  user_id: string | null;
  code_challenge: string;
  code_challenge_method: string;
  authentication_method: string;
  expired: boolean;
}

async function pkceGrant(d: AuthDeps, req: IncomingMessage, res: ServerResponse) {
  const body = await Body.read(req);
  const authCode = body.string("auth_code");
  const verifier = body.string("code_verifier");
  if (!authCode || !verifier) {
    throw validationFailed("invalid request: both auth code and code verifier should be non-empty");
  }
  const response = await transaction(d.ctx.db, async (client) => {
    const { rows } = await client.query<FlowStateRow>(
      `select id, user_id, code_challenge, code_challenge_method, authentication_method,
              coalesce(auth_code_issued_at, created_at) + make_interval(secs => $2) < now() as expired
         from auth.flow_state where auth_code = $1 and auth_code_issued_at is not null for update`,
      [authCode, d.config.flowStateExpiry],
    );
    const flow = rows[0];
    if (!flow?.user_id)
      throw notFound("flow_state_not_found", "invalid flow state, no valid flow state found");
    if (flow.expired) throw unprocessable("flow_state_expired", "invalid flow state, flow state has expired");
    const expected =
      flow.code_challenge_method === "s256"
        ? createHash("sha256").update(verifier).digest("base64url")
        : verifier;
    if (expected !== flow.code_challenge) {
      throw badRequest("bad_code_verifier", "code challenge does not match previously saved code verifier");
    }
    const user = await findUserById(client, flow.user_id);
    if (!user) throw notFound("flow_state_not_found", "invalid flow state, no valid flow state found");
    if (isBanned(user)) throw badRequest("user_banned", "User is banned");
    await client.query(`delete from auth.flow_state where id = $1`, [flow.id]);
    return d.sessions.issue(client, user, flow.authentication_method as AuthMethod, req);
  });
  sendJson(res, 200, response);
}

export async function getUser(d: AuthDeps, { res, caller }: Call<Caller>) {
  const { claims, user } = caller;
  const aud = Array.isArray(claims.aud) ? claims.aud[0] : claims.aud;
  if (aud !== d.config.aud) throw validationFailed("Token audience doesn't match request audience");
  sendJson(res, 200, await userJson(d.ctx.db, user));
}

export async function updateUser(d: AuthDeps, { req, res, url, caller }: Call<Caller>) {
  const body = await Body.read(req);
  const rawEmail = body.string("email");
  const phone = body.string("phone");
  const password = body.optionalString("password");
  const data = body.object("data");
  const appData = body.object("app_metadata");

  const email = rawEmail ? validateEmail(rawEmail) : "";
  if (phone) validatePhone(phone);
  if (password !== undefined) checkPasswordStrength(password, d.config.passwordMinLength);
  if (appData) throw forbidden("not_admin", "Updating app_metadata requires admin privileges");
  const user = caller.user;
  if (phone && phone !== (user.phone ?? ""))
    throw unprocessable("phone_provider_disabled", "Phone logins are disabled");

  const changingEmail = email !== "" && email !== (user.email ?? "");
  if (changingEmail) {
    const other = await findUserByEmail(d.ctx.db, email, d.config.aud);
    if (other && other.id !== user.id) throw unprocessable("email_exists", DUPLICATE_EMAIL);
  }
  let newHash: string | undefined;
  if (password) {
    if (hasPassword(user) && (await verifyPassword(password, user.encrypted_password))) {
      throw unprocessable("same_password", "New password should be different from the old password.");
    }
    newHash = await hashPassword(password);
  }

  const redirect = allowedRedirect(d.config, url.searchParams.get("redirect_to"));
  let mail: ReturnType<typeof emailChangeMessage> | undefined;
  const updated = await transaction(d.ctx.db, async (client) => {
    const locked = await findUserById(client, user.id, true);
    if (!locked) throw forbidden("user_not_found", "User from sub claim in JWT does not exist");
    if (password !== undefined) {
      // A password change invalidates pending one-time tokens and every other session (GoTrue UpdatePassword).
      await client.query(
        `update auth.users set encrypted_password = $2, confirmation_token = '', confirmation_sent_at = null,
                recovery_token = '', recovery_sent_at = null, email_change_token_new = '', email_change_sent_at = null,
                updated_at = now()
          where id = $1`,
        [user.id, newHash ?? ""],
      );
      await d.sessions.logout(client, user.id, caller.sessionId, "others");
    }
    if (data) {
      await client.query(`update auth.users set raw_user_meta_data = $2, updated_at = now() where id = $1`, [
        user.id,
        mergeMetadata(locked.raw_user_meta_data, data),
      ]);
    }
    if (changingEmail) {
      await client.query(`update auth.users set email_change = $2, updated_at = now() where id = $1`, [
        user.id,
        email,
      ]);
      const { linkToken, otp } = await issueOneTimeToken(client, user.id, "email_change", email);
      mail = emailChangeMessage(email, otp, verifyLink(d.ctx.publicUrl, linkToken, "email_change", redirect));
    }
    return (await findUserById(client, user.id))!;
  });
  if (mail) await writeOutbox(d.ctx.outboxDir, mail);
  sendJson(res, 200, await userJson(d.ctx.db, updated));
}

export async function logout(d: AuthDeps, { res, url, caller }: Call<Caller>) {
  const { user, sessionId } = caller;
  const raw = url.searchParams.get("scope") ?? "";
  let scope: LogoutScope;
  if (raw === "" || raw === "global") scope = "global";
  else if (raw === "local" || raw === "others") scope = raw;
  else throw new AuthError(400, "validation_failed", `Unsupported logout scope "${raw}"`);
  await d.sessions.logout(d.ctx.db, user.id, sessionId, scope);
  res.writeHead(204).end();
}
