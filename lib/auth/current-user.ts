import "server-only";
// The signed-in user, verified on the server: getClaims() checks the JWT signature (JWKS) and expiry, then
// one statement checks that the session still exists in Supabase Auth (a signed-out session's token stays
// cryptographically valid until it expires) and lazily creates or refreshes our `users` row from the
// claims. ON CONFLICT makes concurrent first requests create exactly one row. This is one of the few
// named places that run outside a tenant context.
import { cache } from "react";
import { getPrisma, type Db } from "../database/client";
import { Prisma } from "../database/generated/prisma/client";
import type { GlobalRole } from "../database/generated/prisma/enums";
import { createServerSupabase } from "../supabase/server";

export interface CurrentUser {
  id: string;
  email: string;
  name: string | null;
  avatarUrl: string | null;
  globalRole: GlobalRole;
  /** The verified JWT claims of this request's session. */
  claims: Record<string, unknown>;
  sessionId: string;
}

interface SyncedRow {
  live: boolean;
  user: {
    id: string;
    email: string;
    name: string | null;
    avatar_url: string | null;
    global_role: GlobalRole;
  } | null;
}

const str = (v: unknown) => (typeof v === "string" && v.trim() ? v.trim() : null);

/** Checks the session is live and upserts the users row; returns null for a dead session. */
export async function syncUserFromClaims(
  claims: Record<string, unknown>,
  db: Db = getPrisma(),
): Promise<CurrentUser | null> {
  return (await syncUserWith(claims, db, null)).user;
}

/**
 * The same, with one more expression evaluated in the same statement (`alongside`, e.g. a page's access check —
 * it reads the database as of the statement's start, so it never sees a users row this statement inserts).
 */
export async function syncUserWith<T>(
  claims: Record<string, unknown>,
  db: Db,
  alongside: Prisma.Sql | null,
): Promise<{ user: CurrentUser | null; alongside: T | null }> {
  const none = { user: null, alongside: null };
  const sub = str(claims.sub);
  const sessionId = str(claims.session_id);
  const email = str(claims.email)?.toLowerCase();
  if (!sub || !sessionId || !email || claims.role !== "authenticated") return none;
  const meta = (claims.user_metadata ?? {}) as Record<string, unknown>;
  const name = str(meta.name) ?? str(meta.full_name);
  const avatar = str(meta.avatar_url);

  // ON CONFLICT DO NOTHING without a target: concurrent first requests can collide on the primary key or
  // on the unique email, whichever index Postgres checks first; both must count as "already there".
  const rows = await db.$queryRaw<Array<SyncedRow & { alongside: T | null }>>`
    with live as (
      select exists (
        select 1 from auth.sessions s
         where s.id = ${sessionId}::uuid and s.user_id = ${sub}::uuid
           and (s.not_after is null or s.not_after > now())
      ) as ok
    ),
    inserted as (
      insert into public.users (id, email, name, avatar_url)
      select ${sub}::uuid, ${email}, ${name}, ${avatar} from live where live.ok
      on conflict do nothing
      returning id, email, name, avatar_url, global_role
    )
    select (select ok from live) as live,
           coalesce(
             (select row_to_json(x) from inserted x),
             (select row_to_json(y) from (select id, email, name, avatar_url, global_role from public.users where id = ${sub}::uuid) y)
           ) as "user",
           ${alongside ?? Prisma.sql`null`} as alongside`;
  const row = rows[0];
  if (!row) return none;
  if (!row.live) {
    // Suspending a user revokes their sessions (see the migration's private.apply_suspension). Their token still
    // verifies until it expires, so say why they're out instead of only asking them to log in again.
    const suspended = row.user?.global_role === "SUSPENDED";
    return { user: suspended ? toCurrentUser(row.user!, claims, sessionId) : null, alongside: null };
  }
  // A concurrent first request may have inserted the row after this statement's snapshot was taken: read it
  // again in a new statement.
  let user =
    row.user ??
    (
      await db.$queryRaw<NonNullable<SyncedRow["user"]>[]>`
        select id, email, name, avatar_url, global_role from public.users where id = ${sub}::uuid`
    )[0];
  if (!user) return none;
  // Keep the profile in step with Supabase Auth (an email change, a name set later) — rarely needed.
  if (user.email !== email || (user.name === null && name) || (user.avatar_url === null && avatar)) {
    try {
      const updated = await db.$queryRaw<NonNullable<SyncedRow["user"]>[]>`
        update public.users
           set email = ${email}, name = coalesce(name, ${name}), avatar_url = coalesce(avatar_url, ${avatar})
         where id = ${sub}::uuid
        returning id, email, name, avatar_url, global_role`;
      user = updated[0] ?? user;
    } catch (err) {
      // Another users row holds this email (e.g. a deleted and recreated auth user): keep the old profile.
      console.warn(`[auth] could not update the profile of ${sub}: ${(err as Error).message}`);
    }
  }
  return { user: toCurrentUser(user, claims, sessionId), alongside: row.alongside };
}

function toCurrentUser(
  user: NonNullable<SyncedRow["user"]>,
  claims: Record<string, unknown>,
  sessionId: string,
): CurrentUser {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    avatarUrl: user.avatar_url,
    globalRole: user.global_role,
    claims,
    sessionId,
  };
}

/** The verified JWT claims of this request's session (signature and expiry; no database), or null. */
export const getVerifiedClaims = cache(async (): Promise<Record<string, unknown> | null> => {
  const supabase = await createServerSupabase();
  const { data, error } = await supabase.auth.getClaims();
  if (error || !data?.claims) return null;
  return data.claims as Record<string, unknown>;
});

/** The current request's verified user, or null when signed out (memoized per request). */
export const getCurrentUser = cache(async (): Promise<CurrentUser | null> => {
  const claims = await getVerifiedClaims();
  return claims ? syncUserFromClaims(claims) : null;
});
