import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { ResetPasswordForm } from "@/components/auth/reset-password-form";
import { getCurrentUser } from "@/lib/auth/current-user";

export const metadata: Metadata = { title: "Choose a new password" };

// Reached through a recovery link (/auth/confirm started the session); without a session the link was not used.
export default async function ResetPasswordPage() {
  const user = await getCurrentUser();
  if (!user) redirect("/forgot-password?reason=link-invalid");
  if (user.globalRole === "SUSPENDED") redirect("/auth/signout?reason=suspended");
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-xl font-semibold">Choose a new password</h1>
      <p className="text-sm text-fg-muted">For {user.email}. Saving it signs you out everywhere else.</p>
      <ResetPasswordForm />
    </div>
  );
}
