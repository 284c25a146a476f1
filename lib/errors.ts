// One error type for the whole app: a code from a closed set, a message safe to show to the user, and the
// HTTP status/UI treatment derived from the code in one place.
export const ERROR_CODES = [
  "UNAUTHENTICATED",
  "UPGRADE_REQUIRED",
  "FORBIDDEN",
  "NOT_FOUND",
  "CONFLICT",
  "VALIDATION",
  "RATE_LIMITED",
  "PAYLOAD_TOO_LARGE",
  "UNSUPPORTED_MEDIA_TYPE",
  "INTEGRITY",
  "SERVICE_UNAVAILABLE",
  "INTERNAL",
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** What a person sees while the database is unreachable (pages, forms, routes). Client-safe: error boundaries use it. */
export const SERVICE_UNAVAILABLE_MESSAGE =
  "Hearth can't reach its database right now. Nothing you entered was saved — try again in a moment.";
/** How long clients are told to wait before retrying while the database is unreachable (Retry-After). */
export const SERVICE_UNAVAILABLE_RETRY_SECONDS = 5;

export const HTTP_STATUS: Record<ErrorCode, number> = {
  UNAUTHENTICATED: 401,
  UPGRADE_REQUIRED: 402,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  VALIDATION: 422,
  RATE_LIMITED: 429,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  INTEGRITY: 422,
  SERVICE_UNAVAILABLE: 503,
  INTERNAL: 500,
};

const DEFAULT_MESSAGES: Record<ErrorCode, string> = {
  UNAUTHENTICATED: "Please sign in to continue.",
  UPGRADE_REQUIRED: "Your plan doesn't include this feature. Upgrade to use it.",
  FORBIDDEN: "You don't have permission to do that.",
  NOT_FOUND: "We couldn't find that.",
  CONFLICT: "Someone else changed this in the meantime.",
  VALIDATION: "Please check the highlighted fields.",
  RATE_LIMITED: "Too many attempts. Please wait a moment and try again.",
  PAYLOAD_TOO_LARGE: "That file is too large.",
  UNSUPPORTED_MEDIA_TYPE: "That file type isn't allowed.",
  INTEGRITY: "This file failed its integrity check and can't be opened.",
  SERVICE_UNAVAILABLE: SERVICE_UNAVAILABLE_MESSAGE,
  INTERNAL: "Something went wrong on our side. Please try again.",
};

export type FieldErrors = Record<string, string[]>;

export class AppError extends Error {
  override name = "AppError";
  readonly code: ErrorCode;
  readonly fieldErrors?: FieldErrors;
  /** Extra, safe-to-show details (e.g. retryAfterSeconds, requiredTier). */
  readonly details?: Record<string, unknown>;

  constructor(
    code: ErrorCode,
    message?: string,
    opts: { fieldErrors?: FieldErrors; details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message ?? DEFAULT_MESSAGES[code], { cause: opts.cause });
    this.code = code;
    this.fieldErrors = opts.fieldErrors;
    this.details = opts.details;
  }

  get status(): number {
    return HTTP_STATUS[this.code];
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;

/** The one result shape every action returns and every form understands. */
export type ActionResult<T> =
  | { ok: true; data: T }
  | {
      ok: false;
      error: { code: ErrorCode; message: string; details?: Record<string, unknown> };
      fieldErrors?: FieldErrors;
    };

export function defaultMessage(code: ErrorCode): string {
  return DEFAULT_MESSAGES[code];
}
