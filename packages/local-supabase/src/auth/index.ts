// The local Auth service at /auth/v1: GoTrue's HTTP API as auth-js 2.x calls it, behind the API-key rule of
// Supabase's gateway, with its state in Postgres (auth schema).
import type { IncomingMessage, ServerResponse } from "node:http";
import type { PlatformContext, PlatformService } from "../context";
import { apiKeyRole, HttpError, sendJson } from "../http";
import type { AuthConfig } from "../config";
import type { AuthDeps } from "./deps";
import { AuthError, notFound, sendAuthError } from "./errors";
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

type Handler = (d: AuthDeps, req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void>;

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

const ROUTES: Record<string, Partial<Record<string, Handler>>> = {
  "/settings": { GET: async (d, _req, res) => sendJson(res, 200, settings(d.config)) },
  "/signup": { POST: signup },
  "/token": { POST: token },
  "/user": { GET: getUser, PUT: updateUser },
  "/logout": { POST: logout },
  "/recover": { POST: recover },
  "/verify": { GET: verifyGet, POST: verifyPost },
  "/invite": { POST: invite },
  "/admin/users": { GET: adminListUsers, POST: adminCreateUser },
};

const ADMIN_USER: Partial<
  Record<string, (d: AuthDeps, req: IncomingMessage, res: ServerResponse, id: string) => Promise<void>>
> = {
  GET: adminGetUser,
  PUT: adminUpdateUser,
  DELETE: adminDeleteUser,
};

/** Requests hosted Supabase's gateway lets through without an API key. */
function isOpen(method: string, path: string): boolean {
  if (method !== "GET") return false;
  // /verify is the link in emails, opened by a browser that has no key (Kong's auth-v1-open route).
  return path === "/health" || path === "/.well-known/jwks.json" || path === "/verify";
}

export function createAuthService(ctx: PlatformContext): PlatformService {
  const config = ctx.config.auth;
  const deps: AuthDeps = { ctx, config, sessions: new Sessions(ctx, config), limits: authLimits(config) };
  primeDummyHash();

  const dispatch = async (req: IncomingMessage, res: ServerResponse, path: string, url: URL) => {
    const method = req.method ?? "GET";
    if (method === "GET" && path === "/health") {
      return sendJson(res, 200, {
        version: "hearth-local",
        name: "GoTrue",
        description: "GoTrue is a user registration and authentication API",
      });
    }
    if (method === "GET" && path === "/.well-known/jwks.json") {
      return sendJson(res, 200, { keys: [ctx.keys.publicJwk] }, { "cache-control": "public, max-age=600" });
    }
    if (!isOpen(method, path)) {
      const raw = req.headers.apikey ?? url.searchParams.get("apikey");
      if (!raw) return sendJson(res, 401, { message: "No API key found in request" });
      if (!apiKeyRole(req, url, ctx.keys)) return sendJson(res, 401, { message: "Invalid API key" });
    }
    const routes = Object.hasOwn(ROUTES, path) ? ROUTES[path] : undefined;
    const handler = routes && Object.hasOwn(routes, method) ? routes[method] : undefined;
    if (handler) return handler(deps, req, res, url);
    const userRoute = /^\/admin\/users\/([^/]+)$/.exec(path);
    const adminHandler = userRoute && Object.hasOwn(ADMIN_USER, method) ? ADMIN_USER[method] : undefined;
    if (userRoute && adminHandler) return adminHandler(deps, req, res, decodeURIComponent(userRoute[1]!));
    // Not a GoTrue answer (GoTrue's router replies with plain text here): the same body for every API version.
    sendJson(
      res,
      404,
      { code: "not_found", message: `${method} ${path} is not an Auth API route` },
      { "x-sb-error-code": "not_found" },
    );
  };

  return {
    handle: async (req, res, rawPath, url) => {
      const path = rawPath.length > 1 ? rawPath.replace(/\/+$/, "") : rawPath;
      try {
        await dispatch(req, res, path, url);
      } catch (err) {
        if (err instanceof AuthError) {
          if ((err as { closeConnection?: boolean }).closeConnection) res.setHeader("connection", "close");
          return sendAuthError(req, res, err);
        }
        if (err instanceof HttpError)
          return sendAuthError(req, res, new AuthError(err.status, err.code, err.message));
        if (err instanceof URIError) return sendAuthError(req, res, notFound("not_found", "Malformed path"));
        ctx.log(`[auth] ${req.method} ${url.pathname} failed: ${(err as Error)?.stack ?? String(err)}`);
        sendAuthError(
          req,
          res,
          new AuthError(
            500,
            "unexpected_failure",
            "Unexpected failure, please check server logs for more information",
          ),
        );
      }
    },
    close: async () => {},
  };
}
