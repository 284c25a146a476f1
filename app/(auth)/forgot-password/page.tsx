import type { Metadata } from "next";
import { ForgotPasswordForm } from "@/components/auth/forgot-password-form";

export const metadata: Metadata = { title: "Forgot your password?" };

const REASONS: Record<string, string> = {
  "link-invalid":
    "That link has expired, was already used, or was opened in another browser than the one that asked for it. Ask for a new one below.",
};

export default async function ForgotPasswordPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const params = await searchParams;
  const reason = params.reason ? REASONS[params.reason] : undefined;
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-xl font-semibold">Forgot your password?</h1>
      {reason ? (
        <p role="status" className="rounded-md border border-border bg-surface-muted px-3 py-2 text-sm">
          {reason}
        </p>
      ) : (
        <p className="text-sm text-fg-muted">
          Enter your email and we&apos;ll send you a link to choose a new one.
        </p>
      )}
      <ForgotPasswordForm />
    </div>
  );
}
