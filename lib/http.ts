import "server-only";
// Route handlers answer failures with the same codes actions use: AppError → HTTP status + JSON body;
// unknown errors are logged and become a generic 500 (internals never reach the client).
import { toAppError } from "./database/errors";
import { AppError, defaultMessage } from "./errors";

export function errorResponse(err: unknown, context: string): Response {
  const mapped = toAppError(err);
  if (mapped instanceof AppError) {
    return Response.json(
      {
        error: {
          code: mapped.code,
          message: mapped.message,
          ...(mapped.details ? { details: mapped.details } : {}),
        },
      },
      {
        status: mapped.status,
        headers:
          mapped.code === "RATE_LIMITED" && mapped.details?.retryAfterSeconds
            ? { "retry-after": String(mapped.details.retryAfterSeconds) }
            : {},
      },
    );
  }
  console.error(`[route] ${context} failed`, err);
  return Response.json({ error: { code: "INTERNAL", message: defaultMessage("INTERNAL") } }, { status: 500 });
}

/** One CSV field: quoted when needed, and defused against spreadsheet formula injection. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return "";
  let s =
    typeof value === "string" ? value : typeof value === "object" ? JSON.stringify(value) : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(values: unknown[]): string {
  return `${values.map(csvField).join(",")}\r\n`;
}
