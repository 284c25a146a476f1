import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { LoginForm } from "@/components/auth/login-form";
import { getCurrentUser } from "@/lib/auth/current-user";
import { nextPathSchema } from "@/lib/modules/account/schemas";

export const metadata: Metadata = { title: "Log in" };

const REASONS: Record<string, string> = {
  suspended: "Your account is suspended, so you have been signed out. Contact your administrator.",
  "signed-out": "You have been signed out.",
  expired: "Your session has ended. Please log in again.",
  "email-changed": "Your email address has changed. Log in with the new one.",
};

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const params = await searchParams;
  const next = nextPathSchema.parse(params.next);
  const user = await getCurrentUser();
  if (user && user.globalRole !== "SUSPENDED") redirect(next ?? "/app");
  const reason = params.reason ? REASONS[params.reason] : undefined;
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-xl font-semibold">Log in to Hearth</h1>
      {reason && (
        <p role="status" className="rounded-md border border-border bg-surface-muted px-3 py-2 text-sm">
          {reason}
        </p>
      )}
      <LoginForm next={next} />
    </div>
  );
}
