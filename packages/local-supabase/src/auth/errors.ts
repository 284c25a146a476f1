// GoTrue-shaped errors: `{code, message}` for clients sending X-Supabase-Api-Version ≥ 2024-01-01 (auth-js does),
// the legacy `{code: <status>, error_code, msg}` otherwise, and the error code in `x-sb-error-code` either way.
import type { IncomingMessage, ServerResponse } from "node:http";
import { HttpError, sendJson } from "../http";

/** A GoTrue error; `extra` holds top-level fields GoTrue adds (`weak_password: {reasons}`). */
export class AuthError extends HttpError {}

/**
 * Thrown from inside a transaction to commit it and still fail the request (GoTrue's
 * storage.NewCommitWithError), e.g. after revoking a session on refresh-token reuse.
 */
export class CommitThenFail extends Error {
  constructor(public error: AuthError) {
    super(error.message);
  }
}

export const badRequest = (code: string, message: string) => new AuthError(400, code, message);
export const forbidden = (code: string, message: string) => new AuthError(403, code, message);
export const unprocessable = (code: string, message: string) => new AuthError(422, code, message);
export const notFound = (code: string, message: string) => new AuthError(404, code, message);
export const tooManyRequests = (code: string, message: string) => new AuthError(429, code, message);
export const validationFailed = (message: string) => badRequest("validation_failed", message);

const API_VERSION_HEADER = "x-supabase-api-version";
const API_VERSION_2024 = Date.UTC(2024, 0, 1);

/** The API version the caller asked for: "2024-01-01" or null (the initial version). */
export function requestApiVersion(req: IncomingMessage): string | null {
  const raw = req.headers[API_VERSION_HEADER];
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  const parsed = Date.parse(`${value}T00:00:00Z`);
  return Number.isFinite(parsed) && parsed >= API_VERSION_2024 ? "2024-01-01" : null;
}

export function sendAuthError(req: IncomingMessage, res: ServerResponse, err: HttpError) {
  const headers: Record<string, string> = { "x-sb-error-code": err.code };
  const version = requestApiVersion(req);
  if (version) {
    headers["x-supabase-api-version"] = version;
    sendJson(res, err.status, { code: err.code, message: err.message, ...err.extra }, headers);
  } else {
    sendJson(
      res,
      err.status,
      { code: err.status, error_code: err.code, msg: err.message, ...err.extra },
      headers,
    );
  }
}
