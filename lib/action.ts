import "server-only";
// The shape of every server action: validate the input with the same zod schema the form uses, run the
// handler (which authorizes first), and turn every outcome into one ActionResult the form understands.
// Next's control-flow errors (redirect, notFound) pass through; unknown errors are logged and shown as a
// generic message — internals never reach the browser.
import { unstable_rethrow } from "next/navigation";
import { z } from "zod";
import { toAppError } from "./database/errors";
import { AppError, defaultMessage, type ActionResult } from "./errors";

export function validationFailure(error: z.ZodError): ActionResult<never> {
  const flat = z.flattenError(error);
  const fieldErrors: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(flat.fieldErrors as Record<string, string[] | undefined>))
    if (v?.length) fieldErrors[k] = v;
  const message = flat.formErrors[0] ?? defaultMessage("VALIDATION");
  return { ok: false, error: { code: "VALIDATION", message }, fieldErrors };
}

export function failure(err: unknown, context: string): ActionResult<never> {
  unstable_rethrow(err);
  const mapped = toAppError(err);
  if (mapped instanceof AppError) {
    if (mapped.code === "SERVICE_UNAVAILABLE")
      console.warn(`[action] ${context}: database unavailable`, (mapped.cause as Error | undefined)?.message);
    return {
      ok: false,
      error: {
        code: mapped.code,
        message: mapped.message,
        ...(mapped.details ? { details: mapped.details } : {}),
      },
      ...(mapped.fieldErrors ? { fieldErrors: mapped.fieldErrors } : {}),
    };
  }
  console.error(`[action] ${context} failed`, err);
  return { ok: false, error: { code: "INTERNAL", message: defaultMessage("INTERNAL") } };
}

export function action<S extends z.ZodType, T>(
  name: string,
  schema: S,
  handler: (input: z.output<S>) => Promise<T>,
): (input: z.input<S>) => Promise<ActionResult<T>> {
  return async (raw) => {
    const parsed = schema.safeParse(raw);
    if (!parsed.success) return validationFailure(parsed.error);
    try {
      return { ok: true, data: await handler(parsed.data) };
    } catch (err) {
      return failure(err, name);
    }
  };
}
