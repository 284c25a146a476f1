// The local Auth service at /auth/v1: GoTrue's HTTP API as auth-js 2.x calls it, behind the API-key rule of
// Supabase's gateway, with its state in Postgres (auth schema).
import type { IncomingMessage } from "node:http";
import type { AuthConfig } from "../config";
import type { PlatformContext } from "../context";
import { apiKeyRole, GatewayError, HttpError, sendJson } from "../http";
import type { PlatformKeys } from "../keys";
import { defineService, routeBuilder, type Service } from "../router";
import type { AuthDeps } from "./deps";
import { AuthError, notFound, sendAuthError } from "./errors";
import { authenticateUser, requireAdmin, type AdminClaims, type Caller } from "./guards";
import { primeDummyHash } from "./passwords";
import { authLimits } from "./rate-limit";
import { getUser, logout, signup, token, updateUser } from "./routes-account";
import {
  adminCreateUser,
  adminDeleteUser,
  adminGetUser,
  adminListUsers,
  adminUpdateUser,
  invite,
} from "./routes-admin";
import { recover, verifyGet, verifyPost } from "./routes-verify";
import { Sessions } from "./sessions";

const PROVIDERS = [
  "anonymous_users",
  "apple",
  "azure",
  "bitbucket",
  "discord",
  "facebook",
  "snapchat",
  "figma",
  "fly",
  "github",
  "gitlab",
  "google",
  "keycloak",
  "kakao",
  "linkedin",
  "linkedin_oidc",
  "notion",
  "spotify",
  "slack",
  "slack_oidc",
  "workos",
  "twitch",
  "twitter",
  "email",
  "phone",
  "zoom",
];

function settings(config: AuthConfig) {
  return {
    external: Object.fromEntries(PROVIDERS.map((p) => [p, p === "email"])),
    disable_signup: config.disableSignup,
    mailer_autoconfirm: true,
    phone_autoconfirm: false,
    sms_provider: "",
    saml_enabled: false,
    saml_private_key_next_configured: false,
    passkeys_enabled: false,
  };
}

/** Authentication of Auth's routes: the gateway's API-key rule in front of GoTrue (Kong's key-auth; a few routes
 * are open), then GoTrue's own requireAuthentication (`user`) and requireAdmin (`admin`) middleware. */
interface AuthCallers {
  none: null;
  apikey: "anon" | "service_role";
  user: Caller;
  admin: AdminClaims;
}

const route = routeBuilder<AuthCallers>();

/** The key the gateway demands on every route but the open ones, answered in the gateway's body shape. */
function requireApiKey(req: IncomingMessage, url: URL, keys: PlatformKeys): "anon" | "service_role" {
  const raw = req.headers.apikey ?? url.searchParams.get("apikey");
  if (!raw) throw new GatewayError(401, { message: "No API key found in request" });
  const role = apiKeyRole(req, url, keys);
  if (!role) throw new GatewayError(401, { message: "Invalid API key" });
  return role;
}

/** GoTrue's routes (its internal/api/api.go), as auth-js calls them. */
function authRoutes(d: AuthDeps) {
  const id = (params: Record<string, string>) => decodeURIComponent(params.id!);
  return [
    route(["GET"], "/health", "none", async ({ res }) =>
      sendJson(res, 200, {
        version: "hearth-local",
        name: "GoTrue",
        description: "GoTrue is a user registration and authentication API",
      }),
    ),
    route(["GET"], "/.well-known/jwks.json", "none", async ({ res }) =>
      sendJson(res, 200, { keys: [d.ctx.keys.publicJwk] }, { "cache-control": "public, max-age=600" }),
    ),
    route(["GET"], "/settings", "apikey", async ({ res }) => sendJson(res, 200, settings(d.config))),
    route(["POST"], "/signup", "apikey", (c) => signup(d, c)),
    route(["POST"], "/token", "apikey", (c) => token(d, c)),
    route(["GET"], "/user", "user", (c) => getUser(d, c)),
    route(["PUT"], "/user", "user", (c) => updateUser(d, c)),
    route(["POST"], "/logout", "user", (c) => logout(d, c)),
    route(["POST"], "/recover", "apikey", (c) => recover(d, c)),
    // The link in emails, opened by a browser that has no key (Kong's auth-v1-open route).
    route(["GET"], "/verify", "none", (c) => verifyGet(d, c)),
    route(["POST"], "/verify", "apikey", (c) => verifyPost(d, c)),
    route(["POST"], "/invite", "admin", (c) => invite(d, c)),
    route(["GET"], "/admin/users", "admin", (c) => adminListUsers(d, c)),
    route(["POST"], "/admin/users", "admin", (c) => adminCreateUser(d, c)),
    route(["GET"], "/admin/users/:id", "admin", (c) => adminGetUser(d, c, id(c.params))),
    route(["PUT"], "/admin/users/:id", "admin", (c) => adminUpdateUser(d, c, id(c.params))),
    route(["DELETE"], "/admin/users/:id", "admin", (c) => adminDeleteUser(d, c, id(c.params))),
  ];
}

export function createAuthService(ctx: PlatformContext): Service {
  const config = ctx.config.auth;
  const d: AuthDeps = { ctx, config, sessions: new Sessions(ctx, config), limits: authLimits(config) };
  primeDummyHash();

  return defineService<AuthCallers>({
    prefix: "/auth/v1",
    routes: authRoutes(d),
    authenticate: {
      none: async () => null,
      apikey: async (req, url) => requireApiKey(req, url, ctx.keys),
      user: async (req, url) => {
        requireApiKey(req, url, ctx.keys);
        return authenticateUser(ctx, req);
      },
      admin: async (req, url) => {
        requireApiKey(req, url, ctx.keys);
        return requireAdmin(ctx, config, req);
      },
    },
    unmatchedAuth: "apikey",
    normalizePath: (path) => (path.length > 1 ? path.replace(/\/+$/, "") : path),
    // Not a GoTrue answer (GoTrue's router replies with plain text here): the same body for every API version.
    notFound: (method, path) =>
      new GatewayError(
        404,
        { code: "not_found", message: `${method} ${path} is not an Auth API route` },
        { "x-sb-error-code": "not_found" },
      ),
    renderError: (err, req, res) => {
      if (err instanceof GatewayError) return sendJson(res, err.status, err.body, err.headers);
      if (err instanceof HttpError) {
        if ((err as { closeConnection?: boolean }).closeConnection) res.setHeader("connection", "close");
        return sendAuthError(req, res, err);
      }
      if (err instanceof URIError) return sendAuthError(req, res, notFound("not_found", "Malformed path"));
      ctx.log(`[auth] ${req.method} ${req.url} failed: ${(err as Error)?.stack ?? String(err)}`);
      sendAuthError(
        req,
        res,
        new AuthError(
          500,
          "unexpected_failure",
          "Unexpected failure, please check server logs for more information",
        ),
      );
    },
    close: async () => {},
  });
}
