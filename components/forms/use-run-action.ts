"use client";
// A server action run from a button or a select: a pending state, a toast for the result, and a refresh of the
// page's server data when it worked.
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { useToast } from "@/components/ui";

type Outcome = { ok: true } | { ok: false; error: { message: string } };

export interface RunOptions {
  /** Toast shown when the action succeeds. */
  success?: string;
  /** Runs inside the transition before the action (e.g. an optimistic update). */
  before?: () => void;
  /** Runs after the action, whatever the outcome. */
  after?: (ok: boolean) => void;
}

export function useRunAction() {
  const router = useRouter();
  const toast = useToast();
  const [pending, start] = useTransition();
  const run = (action: () => Promise<Outcome>, opts: RunOptions = {}) =>
    start(async () => {
      opts.before?.();
      const result = await action();
      opts.after?.(result.ok);
      if (result.ok) {
        if (opts.success) toast.success(opts.success);
        router.refresh();
      } else toast.error(result.error.message);
    });
  return { run, pending };
}
