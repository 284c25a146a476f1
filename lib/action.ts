import "server-only";
// The shape of every server action: validate the input with the same zod schema the form uses, run the
// handler (which authorizes first), and turn every outcome into one ActionResult the form understands.
// Next's control-flow errors (redirect, notFound) pass through; unknown errors are logged and shown as a
// generic message — internals never reach the browser.
import { unstable_rethrow } from "next/navigation";
import { z } from "zod";
import { toAppError } from "./database/errors";
import {
  hashInput,
  IDEMPOTENCY_FIELD,
  parseIdempotencyKey,
  withIdempotencyKey,
} from "./database/idempotency";
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

export interface ActionOptions {
  /**
   * A create: the form's `idempotencyKey` field (one key per attempt, reused by resubmits) makes a resubmission
   * answer the first result and create nothing (lib/database/idempotency.ts, docs/decisions/0020).
   */
  idempotent?: boolean;
  /** The handler authorizes first and then calls armIdempotencyKey() (orgAction): its checks never claim the key. */
  armAfterAuthorize?: boolean;
}

/**
 * The input without the idempotency key (every form sends one; actions that aren't creates ignore it), and the key
 * (undefined when the form sent none).
 */
function splitKey(raw: unknown, opts: ActionOptions): [input: unknown, key: string | undefined] {
  if (!raw || typeof raw !== "object" || Array.isArray(raw) || !(IDEMPOTENCY_FIELD in raw))
    return [raw, undefined];
  const { [IDEMPOTENCY_FIELD]: key, ...input } = raw as Record<string, unknown>;
  return [input, opts.idempotent ? parseIdempotencyKey(key) : undefined];
}

export function action<S extends z.ZodType, T>(
  name: string,
  schema: S,
  handler: (input: z.output<S>) => Promise<T>,
  opts: ActionOptions = {},
): (input: z.input<S>) => Promise<ActionResult<T>> {
  return async (raw) => {
    try {
      const [input, key] = splitKey(raw, opts);
      const parsed = schema.safeParse(input);
      if (!parsed.success) return validationFailure(parsed.error);
      const run = () => handler(parsed.data);
      const data = key
        ? await withIdempotencyKey(
            {
              action: name,
              key,
              hash: () => hashInput(parsed.data),
              mode: "throw",
              armed: !opts.armAfterAuthorize,
            },
            run,
          )
        : await run();
      return { ok: true, data };
    } catch (err) {
      return failure(err, name);
    }
  };
}
