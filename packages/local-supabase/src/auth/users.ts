// auth.users / auth.identities access and the User object as GoTrue serializes it (auth-js `User`).
import { randomUUID } from "node:crypto";
import type { Queryable } from "./db";
import type { JsonObject } from "./request";

// Row locks here are FOR NO KEY UPDATE: they serialize writers of one user without blocking the FK checks of
// inserts into sessions / refresh tokens (which take KEY SHARE on the user).
export const NIL_UUID = "00000000-0000-0000-0000-000000000000";

export interface UserRow {
  id: string;
  aud: string | null;
  role: string | null;
  email: string | null;
  encrypted_password: string | null;
  email_confirmed_at: Date | null;
  invited_at: Date | null;
  confirmation_token: string | null;
  confirmation_sent_at: Date | null;
  recovery_token: string | null;
  recovery_sent_at: Date | null;
  email_change: string | null;
  email_change_token_new: string | null;
  email_change_sent_at: Date | null;
  last_sign_in_at: Date | null;
  raw_app_meta_data: JsonObject | null;
  raw_user_meta_data: JsonObject | null;
  phone: string | null;
  phone_confirmed_at: Date | null;
  confirmed_at: Date | null;
  banned_until: Date | null;
  is_anonymous: boolean;
  deleted_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export interface IdentityRow {
  id: string;
  provider_id: string;
  user_id: string;
  identity_data: JsonObject;
  provider: string;
  last_sign_in_at: Date | null;
  created_at: Date;
  updated_at: Date;
  email: string | null;
}

const USER_COLUMNS = `id, aud, role, email, encrypted_password, email_confirmed_at, invited_at, confirmation_token,
  confirmation_sent_at, recovery_token, recovery_sent_at, email_change, email_change_token_new, email_change_sent_at,
  last_sign_in_at, raw_app_meta_data, raw_user_meta_data, phone, phone_confirmed_at, confirmed_at, banned_until,
  is_anonymous, deleted_at, created_at, updated_at`;

export const isUuid = (s: string) =>
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);

export async function findUserById(q: Queryable, id: string, lock = false): Promise<UserRow | null> {
  if (!isUuid(id)) return null;
  const { rows } = await q.query<UserRow>(
    `select ${USER_COLUMNS} from auth.users where id = $1${lock ? " for no key update" : ""}`,
    [id],
  );
  return rows[0] ?? null;
}

export async function findUserByEmail(
  q: Queryable,
  email: string,
  aud: string,
  lock = false,
): Promise<UserRow | null> {
  const { rows } = await q.query<UserRow>(
    `select ${USER_COLUMNS} from auth.users
      where lower(email) = lower($1) and aud = $2 and is_sso_user = false${lock ? " for no key update" : ""}`,
    [email, aud],
  );
  return rows[0] ?? null;
}

/** Finds the user holding a one-time token in one of the token columns (never matches an empty token). */
export async function findUserByToken(
  q: Queryable,
  column: "recovery_token" | "confirmation_token" | "email_change_token_new",
  tokenHash: string,
): Promise<UserRow | null> {
  if (!tokenHash) return null;
  const { rows } = await q.query<UserRow>(
    `select ${USER_COLUMNS} from auth.users where ${column} = $1 and ${column} <> '' for no key update`,
    [tokenHash],
  );
  return rows[0] ?? null;
}

export async function listUsers(
  q: Queryable,
  aud: string,
  page: number,
  perPage: number,
  filter: string,
): Promise<{ users: UserRow[]; total: number }> {
  const pattern = filter ? `%${filter.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const where = `aud = $1 and ($2::text is null or email ilike $2 or raw_user_meta_data ->> 'full_name' ilike $2)`;
  const count = await q.query<{ n: string }>(`select count(*) as n from auth.users where ${where}`, [
    aud,
    pattern,
  ]);
  const { rows } = await q.query<UserRow>(
    `select ${USER_COLUMNS} from auth.users where ${where} order by created_at desc, id desc limit $3 offset $4`,
    [aud, pattern, perPage, (page - 1) * perPage],
  );
  return { users: rows, total: Number(count.rows[0]?.n ?? 0) };
}

export async function loadIdentities(q: Queryable, userIds: string[]): Promise<Map<string, IdentityRow[]>> {
  const byUser = new Map<string, IdentityRow[]>();
  if (userIds.length === 0) return byUser;
  const { rows } = await q.query<IdentityRow>(
    `select id, provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at, email
       from auth.identities where user_id = any($1::uuid[]) order by created_at, id`,
    [userIds],
  );
  for (const row of rows) {
    const list = byUser.get(row.user_id) ?? [];
    list.push(row);
    byUser.set(row.user_id, list);
  }
  return byUser;
}

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : undefined);

function serializeIdentity(i: IdentityRow) {
  return {
    identity_id: i.id,
    id: i.provider_id,
    user_id: i.user_id,
    identity_data: i.identity_data,
    provider: i.provider,
    last_sign_in_at: iso(i.last_sign_in_at),
    created_at: iso(i.created_at),
    updated_at: iso(i.updated_at),
    email: i.email ?? undefined,
  };
}

/** The User object exactly as GoTrue's JSON encoding of models.User (omitempty fields left out when unset). */
export function serializeUser(u: UserRow, identities: IdentityRow[]) {
  return {
    id: u.id,
    aud: u.aud ?? "",
    role: u.role ?? "",
    email: u.email ?? "",
    email_confirmed_at: iso(u.email_confirmed_at),
    invited_at: iso(u.invited_at),
    phone: u.phone ?? "",
    phone_confirmed_at: iso(u.phone_confirmed_at),
    confirmation_sent_at: iso(u.confirmation_sent_at),
    confirmed_at: iso(u.confirmed_at),
    recovery_sent_at: iso(u.recovery_sent_at),
    new_email: u.email_change || undefined,
    email_change_sent_at: iso(u.email_change_sent_at),
    last_sign_in_at: iso(u.last_sign_in_at),
    app_metadata: u.raw_app_meta_data ?? {},
    user_metadata: u.raw_user_meta_data ?? {},
    identities: identities.map(serializeIdentity),
    created_at: iso(u.created_at),
    updated_at: iso(u.updated_at),
    banned_until: iso(u.banned_until),
    deleted_at: iso(u.deleted_at),
    is_anonymous: u.is_anonymous,
  };
}

export type UserJson = ReturnType<typeof serializeUser>;

export async function userJson(q: Queryable, u: UserRow): Promise<UserJson> {
  const identities = await loadIdentities(q, [u.id]);
  return serializeUser(u, identities.get(u.id) ?? []);
}

export function isBanned(u: UserRow, now = Date.now()): boolean {
  return u.banned_until !== null && u.banned_until.getTime() > now;
}

export function hasPassword(u: UserRow): boolean {
  return !!u.encrypted_password;
}

/** GoTrue's UpdateUserMetaData / UpdateAppMetaData: shallow merge, a null value removes the key. */
export function mergeMetadata(current: JsonObject | null, updates: JsonObject): JsonObject {
  const merged: JsonObject = { ...(current ?? {}) };
  for (const [k, v] of Object.entries(updates)) {
    if (v === null) delete merged[k];
    else merged[k] = v;
  }
  return merged;
}

export interface NewUser {
  id?: string;
  email: string | null;
  phone?: string | null;
  passwordHash: string;
  aud: string;
  role: string;
  userMetadata: JsonObject;
  appMetadata: JsonObject;
  emailConfirmed: boolean;
  phoneConfirmed?: boolean;
  bannedUntil?: Date | null;
}

/** Inserts a user and its email identity (GoTrue: NewUser + signupNewUser + createNewIdentity). */
export async function insertUser(q: Queryable, nu: NewUser): Promise<UserRow> {
  const id = nu.id ?? randomUUID();
  const userMetadata = nu.emailConfirmed ? { ...nu.userMetadata, email_verified: true } : nu.userMetadata;
  const { rows } = await q.query<UserRow>(
    `insert into auth.users (instance_id, id, aud, role, email, phone, encrypted_password, raw_app_meta_data,
        raw_user_meta_data, email_confirmed_at, phone_confirmed_at, banned_until, confirmation_token, recovery_token,
        email_change, email_change_token_new, created_at, updated_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, case when $10 then now() end, case when $12 then now() end, $11,
        '', '', '', '', now(), now())
     returning ${USER_COLUMNS}`,
    [
      NIL_UUID,
      id,
      nu.aud,
      nu.role,
      nu.email,
      nu.phone ?? null,
      nu.passwordHash,
      nu.appMetadata,
      userMetadata,
      nu.emailConfirmed,
      nu.bannedUntil ?? null,
      nu.phoneConfirmed ?? false,
    ],
  );
  const user = rows[0]!;
  if (nu.email)
    await upsertIdentity(
      q,
      user.id,
      "email",
      { sub: user.id, email: nu.email, email_verified: false, phone_verified: false },
      nu.userMetadata,
    );
  if (nu.phone)
    await upsertIdentity(
      q,
      user.id,
      "phone",
      { sub: user.id, phone: nu.phone, email_verified: false, phone_verified: false },
      {},
    );
  return user;
}

/** Creates the user's identity for a provider, or merges `data` into an existing one's identity_data. */
export async function upsertIdentity(
  q: Queryable,
  userId: string,
  provider: "email" | "phone",
  data: JsonObject,
  extra: JsonObject = {},
): Promise<void> {
  // GoTrue copies the sign-up data into identity_data without overriding the provider claims.
  const identityData: JsonObject = { ...extra, ...data };
  if (typeof identityData.email === "string") identityData.email = identityData.email.toLowerCase();
  await q.query(
    `insert into auth.identities (id, provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at)
     values ($1, $2, $3, $4, $5, now(), now(), now())
     on conflict (provider_id, provider)
       do update set identity_data = auth.identities.identity_data || excluded.identity_data, updated_at = now()`,
    [randomUUID(), userId, userId, identityData, provider],
  );
}
