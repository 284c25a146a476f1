// Service-role endpoints: /admin/users (list with GoTrue's pagination headers, create, get, update incl.
// bans, delete) and POST /invite (auth-js admin.inviteUserByEmail).
import { randomBytes } from "node:crypto";
import type pg from "pg";
import { sendJson } from "../http";
import type { Call } from "../router";
import { isUniqueViolation, transaction } from "./db";
import type { AuthDeps } from "./deps";
import { notFound, unprocessable, validationFailed } from "./errors";
import type { AdminClaims } from "./guards";
import { allowedRedirect, inviteMessage, verifyLink, writeOutbox } from "./mail";
import { issueOneTimeToken, type IssuedToken } from "./one-time-tokens";
import { checkPasswordStrength, hashPassword, MAX_PASSWORD_BYTES } from "./passwords";
import { Body, type JsonObject } from "./request";
import {
  findUserByEmail,
  findUserById,
  insertUser,
  isUuid,
  listUsers,
  loadIdentities,
  mergeMetadata,
  NIL_UUID,
  serializeUser,
  upsertIdentity,
  userJson,
  type UserRow,
} from "./users";
import { parseBanDuration, validateEmail, validatePhone } from "./validation";

const DUPLICATE_EMAIL = "A user with this email address has already been registered";
const MAX_PER_PAGE = 1000;

function pageParam(url: URL, name: string, fallback: number): number {
  const raw = url.searchParams.get(name);
  if (raw === null || raw === "") return fallback;
  if (!/^\d+$/.test(raw)) throw validationFailed(`Bad Pagination Parameters: invalid ${name} "${raw}"`);
  return Number(raw);
}

/** GoTrue's Link header: next (when there is one) and last, on the same URL with page replaced. */
function linkHeader(url: URL, page: number, perPage: number, total: number): string {
  const totalPages = Math.ceil(total / perPage);
  const at = (p: number) => {
    const q = new URLSearchParams(url.searchParams);
    q.delete("apikey"); // never echo a key back
    q.set("page", String(p));
    q.set("per_page", String(perPage));
    q.sort();
    return `</auth/v1/admin/users?${q.toString()}>`;
  };
  const parts: string[] = [];
  if (totalPages > page) parts.push(`${at(page + 1)}; rel="next"`);
  parts.push(`${at(totalPages)}; rel="last"`);
  return parts.join(", ");
}

export async function adminListUsers(d: AuthDeps, { res, url }: Call<AdminClaims>) {
  const page = Math.max(1, pageParam(url, "page", 1));
  const perPage = pageParam(url, "per_page", 50);
  if (perPage < 1) throw validationFailed("Bad Pagination Parameters: per_page must be at least 1");
  const size = Math.min(perPage, MAX_PER_PAGE);
  const { users, total } = await listUsers(
    d.ctx.db,
    d.config.aud,
    page,
    size,
    url.searchParams.get("filter") ?? "",
  );
  const identities = await loadIdentities(
    d.ctx.db,
    users.map((u) => u.id),
  );
  sendJson(
    res,
    200,
    { users: users.map((u) => serializeUser(u, identities.get(u.id) ?? [])), aud: d.config.aud },
    { "x-total-count": String(total), link: linkHeader(url, page, size, total) },
  );
}

async function loadUserParam(d: AuthDeps, id: string, q: pg.Pool | pg.PoolClient = d.ctx.db, lock = false) {
  if (!isUuid(id)) throw notFound("validation_failed", "user_id must be an UUID");
  const user = await findUserById(q, id, lock);
  if (!user) throw notFound("user_not_found", "User not found");
  return user;
}

export async function adminGetUser(d: AuthDeps, { res }: Call<AdminClaims>, id: string) {
  sendJson(res, 200, await userJson(d.ctx.db, await loadUserParam(d, id)));
}

interface AdminParams {
  email: string;
  phone: string;
  password: string | undefined;
  passwordHash: string;
  emailConfirm: boolean;
  phoneConfirm: boolean;
  userMetadata: JsonObject | undefined;
  appMetadata: JsonObject | undefined;
  banDuration: string;
  role: string;
}

function adminParams(body: Body): AdminParams {
  return {
    email: body.string("email"),
    phone: body.string("phone"),
    password: body.optionalString("password"),
    passwordHash: body.string("password_hash"),
    emailConfirm: body.boolean("email_confirm"),
    phoneConfirm: body.boolean("phone_confirm"),
    userMetadata: body.object("user_metadata"),
    appMetadata: body.object("app_metadata"),
    banDuration: body.string("ban_duration"),
    role: body.string("role"),
  };
}

async function phoneTaken(q: pg.Pool | pg.PoolClient, phone: string, exceptId: string | null) {
  const { rowCount } = await q.query(
    `select 1 from auth.users where phone = $1 and ($2::uuid is null or id <> $2::uuid)`,
    [phone, exceptId],
  );
  return (rowCount ?? 0) > 0;
}

export async function adminCreateUser(d: AuthDeps, { req, res }: Call<AdminClaims>) {
  const body = await Body.read(req);
  const p = adminParams(body);
  const customId = body.string("id");
  if (!p.email && !p.phone) throw validationFailed("Cannot create a user without either an email or phone");

  const providers: string[] = [];
  const email = p.email ? validateEmail(p.email) : null;
  if (email) {
    if (await findUserByEmail(d.ctx.db, email, d.config.aud))
      throw unprocessable("email_exists", DUPLICATE_EMAIL);
    providers.push("email");
  }
  const phone = p.phone ? validatePhone(p.phone) : null;
  if (phone) {
    if (await phoneTaken(d.ctx.db, phone, null)) {
      throw unprocessable("phone_exists", "Phone number already registered by another user");
    }
    providers.push("phone");
  }
  if (p.password !== undefined && p.passwordHash) {
    throw validationFailed("Only a password or a password hash should be provided");
  }
  if (customId && !isUuid(customId)) throw validationFailed("ID must conform to the uuid v4 format");
  if (customId === NIL_UUID) throw validationFailed("ID cannot be a nil uuid");
  const ban = p.banDuration ? parseBanDuration(p.banDuration) : null;

  let passwordHash: string;
  if (p.passwordHash) {
    if (!/^\$2[aby]\$\d{2}\$[./A-Za-z0-9]{53}$/.test(p.passwordHash))
      throw validationFailed("Invalid password hash (bcrypt expected)");
    passwordHash = p.passwordHash;
  } else {
    // Without a password GoTrue sets a random one: the user signs in only after a recovery or an admin update.
    const password = p.password || randomBytes(48).toString("base64url");
    if (Buffer.byteLength(password, "utf8") > MAX_PASSWORD_BYTES) {
      throw validationFailed("bcrypt: password length exceeds 72 bytes");
    }
    passwordHash = await hashPassword(password);
  }

  try {
    const user = await transaction(d.ctx.db, (client) =>
      insertUser(client, {
        id: customId || undefined,
        email,
        phone,
        passwordHash,
        aud: d.config.aud,
        role: p.role || d.config.defaultRole,
        userMetadata: p.userMetadata ?? {},
        appMetadata: mergeMetadata({ provider: providers[0]!, providers }, p.appMetadata ?? {}),
        emailConfirmed: p.emailConfirm,
        phoneConfirmed: p.phoneConfirm,
        bannedUntil: ban?.bannedUntil ?? null,
      }),
    );
    sendJson(res, 200, await userJson(d.ctx.db, user));
  } catch (err) {
    if (isUniqueViolation(err)) {
      const constraint = (err as { constraint?: string }).constraint ?? "";
      if (constraint === "users_pkey") throw unprocessable("user_already_exists", "User already registered");
      throw unprocessable("email_exists", DUPLICATE_EMAIL);
    }
    throw err;
  }
}

export async function adminUpdateUser(d: AuthDeps, { req, res }: Call<AdminClaims>, id: string) {
  const target = await loadUserParam(d, id);
  const p = adminParams(await Body.read(req));
  const email = p.email ? validateEmail(p.email) : null;
  const phone = p.phone ? validatePhone(p.phone) : null;
  const ban = p.banDuration ? parseBanDuration(p.banDuration) : null;
  if (email && email !== target.email) {
    const other = await findUserByEmail(d.ctx.db, email, d.config.aud);
    if (other && other.id !== target.id) throw unprocessable("email_exists", DUPLICATE_EMAIL);
  }
  if (phone && phone !== target.phone && (await phoneTaken(d.ctx.db, phone, target.id))) {
    throw unprocessable("phone_exists", "Phone number already registered by another user");
  }
  let passwordHash: string | undefined;
  if (p.password !== undefined) {
    checkPasswordStrength(p.password, d.config.passwordMinLength);
    passwordHash = await hashPassword(p.password);
  }

  try {
    const updated = await transaction(d.ctx.db, async (client): Promise<UserRow> => {
      const user = await loadUserParam(d, id, client, true);
      const set = (sql: string, ...values: unknown[]) =>
        client.query(`update auth.users set ${sql}, updated_at = now() where id = $1`, [user.id, ...values]);
      if (p.role) await set(`role = $2`, p.role.trim());
      if (p.emailConfirm) {
        await set(
          `email_confirmed_at = now(), confirmation_token = '',
           raw_user_meta_data = coalesce(raw_user_meta_data, '{}'::jsonb) || '{"email_verified": true}'::jsonb`,
        );
      }
      if (p.phoneConfirm) await set(`phone_confirmed_at = now()`);
      if (passwordHash !== undefined) {
        await set(
          `encrypted_password = $2, confirmation_token = '', recovery_token = '', email_change_token_new = '',
           recovery_sent_at = null, email_change_sent_at = null`,
          passwordHash,
        );
        // GoTrue UpdatePassword without a session: every session of the user ends.
        await d.sessions.logout(client, user.id, null, "global");
      }
      if (email) {
        await upsertIdentity(client, user.id, "email", {
          sub: user.id,
          email,
          email_verified: p.emailConfirm,
        });
        await set(`email = $2`, email);
      }
      if (phone) {
        await upsertIdentity(client, user.id, "phone", {
          sub: user.id,
          phone,
          phone_verified: p.phoneConfirm,
        });
        await set(`phone = $2`, phone);
      }
      const current = (await findUserById(client, user.id))!;
      if (p.appMetadata)
        await set(`raw_app_meta_data = $2`, mergeMetadata(current.raw_app_meta_data, p.appMetadata));
      if (p.userMetadata)
        await set(`raw_user_meta_data = $2`, mergeMetadata(current.raw_user_meta_data, p.userMetadata));
      if (ban) await set(`banned_until = $2`, ban.bannedUntil);
      return (await findUserById(client, user.id))!;
    });
    sendJson(res, 200, await userJson(d.ctx.db, updated));
  } catch (err) {
    if (isUniqueViolation(err)) throw unprocessable("email_exists", DUPLICATE_EMAIL);
    throw err;
  }
}

export async function adminDeleteUser(d: AuthDeps, { req, res }: Call<AdminClaims>, id: string) {
  await loadUserParam(d, id);
  const body = await Body.read(req);
  const soft = body.boolean("should_soft_delete");
  await transaction(d.ctx.db, async (client) => {
    const user = await loadUserParam(d, id, client, true);
    if (!soft) {
      // Sessions, refresh tokens, identities, AMR claims and flow states go with it (on delete cascade).
      await client.query(`delete from auth.users where id = $1`, [user.id]);
      return;
    }
    if (user.deleted_at) return;
    await client.query(
      `update auth.users set deleted_at = now(), updated_at = now(), email = null, phone = null, encrypted_password = '',
              email_change = '', raw_user_meta_data = '{}'::jsonb, confirmation_token = '', recovery_token = '',
              email_change_token_new = ''
        where id = $1`,
      [user.id],
    );
    await client.query(`delete from auth.identities where user_id = $1`, [user.id]);
    await d.sessions.logout(client, user.id, null, "global");
  });
  sendJson(res, 200, {});
}

export async function invite(d: AuthDeps, { req, res, url }: Call<AdminClaims>) {
  const body = await Body.read(req);
  const email = validateEmail(body.string("email"));
  const data = body.object("data") ?? {};
  const redirect = allowedRedirect(d.config, url.searchParams.get("redirect_to"));
  const existing = await findUserByEmail(d.ctx.db, email, d.config.aud);
  if (existing?.email_confirmed_at) throw unprocessable("email_exists", DUPLICATE_EMAIL);

  let user: UserRow;
  let issued: IssuedToken;
  try {
    ({ user, issued } = await transaction(d.ctx.db, async (client) => {
      const invited = existing
        ? existing
        : await insertUser(client, {
            email,
            passwordHash: "",
            aud: d.config.aud,
            role: d.config.defaultRole,
            userMetadata: data,
            appMetadata: { provider: "email", providers: ["email"] },
            emailConfirmed: false,
          });
      const tokens = await issueOneTimeToken(client, invited.id, "invite", email);
      await client.query(`update auth.users set invited_at = now() where id = $1`, [invited.id]);
      return { user: (await findUserById(client, invited.id))!, issued: tokens };
    }));
  } catch (err) {
    if (isUniqueViolation(err)) throw unprocessable("email_exists", DUPLICATE_EMAIL);
    throw err;
  }
  await writeOutbox(
    d.ctx.outboxDir,
    inviteMessage(email, issued.otp, verifyLink(d.ctx.publicUrl, issued.linkToken, "invite", redirect)),
  );
  sendJson(res, 200, await userJson(d.ctx.db, user));
}
