// Sessions, access tokens and refresh tokens: issuing a session (auth.sessions + mfa_amr_claims + a refresh
// token), minting Supabase-shaped ES256 access tokens, the refresh_token grant with single-use rotation and
// reuse detection, and logout scopes.
import { randomBytes, randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type pg from "pg";
import type { PlatformContext } from "../context";
import type { AuthConfig } from "../config";
import { type Queryable, transaction } from "./db";
import { badRequest, CommitThenFail, validationFailed } from "./errors";
import { clientIp, userAgent } from "./request";
import { findUserById, isBanned, type UserJson, type UserRow, userJson } from "./users";

export type AuthMethod = "password" | "otp" | "invite" | "recovery";

export interface TokenResponse {
  access_token: string;
  token_type: "bearer";
  expires_in: number;
  expires_at: number;
  refresh_token: string;
  user: UserJson;
  weak_password?: { message: string; reasons: string[] };
}

interface SessionRow {
  id: string;
  user_id: string;
  aal: string;
  not_after: Date | null;
}

export type LogoutScope = "global" | "local" | "others";

const newRefreshToken = () => randomBytes(24).toString("base64url");

function decodePayload(jwt: string): { exp: number } {
  const part = jwt.split(".")[1] ?? "";
  return JSON.parse(Buffer.from(part, "base64url").toString("utf8")) as { exp: number };
}

export class Sessions {
  constructor(
    private readonly ctx: PlatformContext,
    private readonly config: AuthConfig,
  ) {}

  /** Starts a new session for the user (GoTrue IssueRefreshToken) inside the caller's transaction. */
  async issue(
    client: pg.PoolClient,
    user: UserRow,
    method: AuthMethod,
    req: IncomingMessage,
  ): Promise<TokenResponse> {
    const sessionId = randomUUID();
    await client.query(
      `insert into auth.sessions (id, user_id, aal, created_at, updated_at, user_agent, ip)
       values ($1, $2, 'aal1', now(), now(), $3, $4)`,
      [sessionId, user.id, userAgent(req), clientIp(req)],
    );
    await client.query(
      `insert into auth.mfa_amr_claims (id, session_id, created_at, updated_at, authentication_method)
       values ($1, $2, now(), now(), $3)`,
      [randomUUID(), sessionId, method],
    );
    const refreshToken = newRefreshToken();
    await client.query(
      `insert into auth.refresh_tokens (token, user_id, session_id, parent, revoked, created_at, updated_at)
       values ($1, $2, $3, null, false, now(), now())`,
      [refreshToken, user.id, sessionId],
    );
    await client.query(`update auth.users set last_sign_in_at = now(), updated_at = now() where id = $1`, [
      user.id,
    ]);
    const fresh = (await findUserById(client, user.id))!;
    return this.tokenResponse(client, fresh, sessionId, refreshToken);
  }

  private async tokenResponse(
    q: Queryable,
    user: UserRow,
    sessionId: string,
    refreshToken: string,
  ): Promise<TokenResponse> {
    const accessToken = await this.mintAccessToken(q, user, sessionId);
    const { exp } = decodePayload(accessToken);
    return {
      access_token: accessToken,
      token_type: "bearer",
      expires_in: Math.max(0, exp - Math.floor(Date.now() / 1000)),
      expires_at: exp,
      refresh_token: refreshToken,
      user: await userJson(q, user),
    };
  }

  /** An access token with the claims Supabase Auth puts in it (tokens.Service.GenerateAccessToken). */
  async mintAccessToken(q: Queryable, user: UserRow, sessionId: string): Promise<string> {
    const { rows } = await q.query<{ authentication_method: string; ts: string }>(
      `select authentication_method, extract(epoch from updated_at)::bigint as ts
         from auth.mfa_amr_claims where session_id = $1 order by updated_at desc`,
      [sessionId],
    );
    return this.ctx.keys.sign(
      {
        iss: this.ctx.keys.issuer,
        sub: user.id,
        aud: user.aud ?? this.config.aud,
        email: user.email ?? "",
        phone: user.phone ?? "",
        app_metadata: user.raw_app_meta_data ?? {},
        user_metadata: user.raw_user_meta_data ?? {},
        role: user.role ?? "",
        aal: "aal1",
        amr: rows.map((r) => ({ method: r.authentication_method, timestamp: Number(r.ts) })),
        session_id: sessionId,
        is_anonymous: user.is_anonymous,
      },
      this.config.jwtExpiry,
    );
  }

  /**
   * The refresh_token grant. Every refresh of a session runs under that session's row lock, so concurrent
   * refreshes are serialized. A token is single-use: using it revokes it and mints its child. Presenting an
   * already-revoked token within the reuse interval (counted from its revocation) answers with the session's
   * current token — the client lost the previous response or raced another tab. Outside the interval it is
   * treated as theft: the whole session (all its refresh tokens, and its access tokens via session_not_found)
   * is revoked.
   */
  async refresh(token: unknown, req: IncomingMessage): Promise<TokenResponse> {
    if (typeof token !== "string" || token.length < 12 || token.length > 255) {
      throw validationFailed("Refresh token is not valid");
    }
    const notFound = () =>
      badRequest("refresh_token_not_found", "Invalid Refresh Token: Refresh Token Not Found");
    return transaction(this.ctx.db, async (client) => {
      const located = await client.query<{ session_id: string; user_id: string }>(
        `select session_id, user_id from auth.refresh_tokens where token = $1`,
        [token],
      );
      const sessionId = located.rows[0]?.session_id;
      if (!sessionId) throw notFound();
      // Lock order everywhere: the user row, then its sessions (PUT /user and deletes end sessions the same way).
      const owner = await client.query(`select 1 from auth.users where id = $1 for key share`, [
        located.rows[0]!.user_id,
      ]);
      if (!owner.rowCount) throw notFound();
      const session = (
        await client.query<SessionRow>(
          `select id, user_id, aal, not_after from auth.sessions where id = $1 for update`,
          [sessionId],
        )
      ).rows[0];
      if (!session) throw badRequest("session_not_found", "Invalid Refresh Token: No Valid Session Found");
      const current = (
        await client.query<{ id: string; user_id: string; revoked: boolean; reusable: boolean }>(
          `select id, user_id, revoked, updated_at + make_interval(secs => $2) >= clock_timestamp() as reusable
             from auth.refresh_tokens where token = $1`,
          [token, this.config.refreshReuseInterval],
        )
      ).rows[0];
      if (!current) throw notFound();
      const user = await findUserById(client, current.user_id);
      if (!user) throw notFound();
      if (isBanned(user)) throw badRequest("user_banned", "Invalid Refresh Token: User Banned");
      if (session.not_after && session.not_after.getTime() <= Date.now()) {
        throw badRequest("session_expired", "Invalid Refresh Token: Session Expired");
      }

      let issued: string;
      if (current.revoked) {
        const active = current.reusable
          ? (
              await client.query<{ token: string }>(
                `select token from auth.refresh_tokens where session_id = $1 and revoked = false order by id desc limit 1`,
                [session.id],
              )
            ).rows[0]
          : undefined;
        if (!active) {
          await client.query(`delete from auth.sessions where id = $1`, [session.id]);
          this.ctx.log(
            `[auth] refresh token reuse outside the reuse interval: session ${session.id} revoked`,
          );
          throw new CommitThenFail(
            badRequest("refresh_token_already_used", "Invalid Refresh Token: Already Used"),
          );
        }
        issued = active.token;
      } else {
        issued = newRefreshToken();
        await client.query(
          `update auth.refresh_tokens set revoked = true, updated_at = now() where id = $1`,
          [current.id],
        );
        await client.query(
          `insert into auth.refresh_tokens (token, user_id, session_id, parent, revoked, created_at, updated_at)
           values ($1, $2, $3, $4, false, now(), now())`,
          [issued, user.id, session.id, token],
        );
      }
      await client.query(
        `update auth.sessions set refreshed_at = now(), updated_at = now(), user_agent = $2, ip = $3 where id = $1`,
        [session.id, userAgent(req), clientIp(req)],
      );
      return this.tokenResponse(client, user, session.id, issued);
    });
  }

  async logout(q: Queryable, userId: string, sessionId: string | null, scope: LogoutScope): Promise<void> {
    if (sessionId && scope === "local") {
      await q.query(`delete from auth.sessions where id = $1`, [sessionId]);
    } else if (sessionId && scope === "others") {
      await q.query(`delete from auth.sessions where user_id = $1 and id <> $2`, [userId, sessionId]);
    } else {
      await q.query(`delete from auth.sessions where user_id = $1`, [userId]);
    }
  }
}
