"use client";
// React Hook Form + the shared zod schema + a server action: client-side validation first, then the action;
// server field errors land next to their fields, other errors in a form-level message and a toast. Render it
// with ActionForm (a page's form) or use FormDialog (a form in a dialog), and bind fields with FormInput & co.
// Every submission carries the form's idempotency key: one per attempt, made when the form opens, reused by a
// resubmit (double-click, retry after a network failure) and renewed after a success, so a create action that
// opted in answers a resubmission with the first result instead of creating twice (docs/decisions/0020).
import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm, type DefaultValues, type FieldValues, type Path, type Resolver } from "react-hook-form";
import type { z } from "zod";
import { useToast } from "@/components/ui";
import type { ActionResult } from "@/lib/errors";

export interface UseActionFormOptions<TIn extends FieldValues, TOut> {
  schema: z.ZodType<unknown, TIn>;
  action: (input: TIn) => Promise<ActionResult<TOut> | undefined | void>;
  defaultValues: DefaultValues<TIn>;
  onSuccess?: (data: TOut) => void;
  successMessage?: string | ((data: TOut) => string);
}

/** The current attempt's idempotency key. */
class AttemptKey {
  key = crypto.randomUUID();
  renew() {
    this.key = crypto.randomUUID();
  }
}

export function useActionForm<TIn extends FieldValues, TOut>(opts: UseActionFormOptions<TIn, TOut>) {
  const toast = useToast();
  // One holder for the form's life, renewed in place (not state): a double-click's second submit must see the
  // same key before any re-render.
  const [attempt] = useState(() => new AttemptKey());
  const [formError, setFormError] = useState<string | undefined>();
  // The error toast of the last attempt: a new attempt supersedes it, so it can't follow onto the next page.
  const [errorToast, setErrorToast] = useState<number | null>(null);
  const showError = (message: string) => setErrorToast(toast.show(message, "error"));
  const form = useForm<TIn>({
    resolver: zodResolver(opts.schema as never) as unknown as Resolver<TIn>,
    defaultValues: opts.defaultValues,
    mode: "onTouched",
    // ActionForm focuses the first invalid field in reading order, for client and server errors alike.
    shouldFocusError: false,
  });
  const onSubmit = form.handleSubmit(async (values) => {
    setFormError(undefined);
    if (errorToast !== null) toast.dismiss(errorToast);
    setErrorToast(null);
    let result: ActionResult<TOut> | undefined | void;
    try {
      result = await opts.action({ ...values, idempotencyKey: attempt.key });
    } catch (err) {
      // Redirects from server actions are handled by Next; anything else is a network/server failure.
      if ((err as { digest?: string })?.digest?.startsWith("NEXT_REDIRECT")) throw err;
      const message = "We couldn't reach the server. Check your connection and try again.";
      setFormError(message);
      showError(message);
      return;
    }
    if (!result) return; // the action redirected
    if (result.ok) {
      attempt.renew();
      const msg =
        typeof opts.successMessage === "function" ? opts.successMessage(result.data) : opts.successMessage;
      if (msg) toast.success(msg);
      opts.onSuccess?.(result.data);
      return;
    }
    for (const [field, messages] of Object.entries(result.fieldErrors ?? {})) {
      if (messages?.length) form.setError(field as Path<TIn>, { type: "server", message: messages[0] });
    }
    setFormError(result.error.message);
    showError(result.error.message);
  });
  return { form, onSubmit, formError, pending: form.formState.isSubmitting };
}
