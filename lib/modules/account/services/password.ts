import "server-only";
// Password changes through Supabase Auth. The current password is re-checked with a detached client (the browser's
// session stays as it is) and counted against the login limits, so the form can't be used to guess it.
import { assertLoginRateLimit } from "@/lib/auth/rate-limit";
import { AppError } from "@/lib/errors";
import { clientAddress } from "@/lib/request";
import { createDetachedSupabase, createServerSupabase } from "@/lib/supabase/server";

export async function checkCurrentPassword(email: string, password: string): Promise<void> {
  await assertLoginRateLimit(email, await clientAddress());
  const probe = createDetachedSupabase();
  const { error } = await probe.auth.signInWithPassword({ email, password });
  if (error) {
    throw new AppError("VALIDATION", "Your current password is incorrect.", {
      fieldErrors: { currentPassword: ["Your current password is incorrect."] },
    });
  }
  await probe.auth.signOut({ scope: "local" });
}

/** Sets the signed-in user's password; Supabase Auth ends their other sessions. */
export async function setPassword(password: string): Promise<void> {
  const supabase = await createServerSupabase();
  const { error } = await supabase.auth.updateUser({ password });
  if (!error) return;
  if (error.code === "weak_password" || error.code === "same_password") {
    const message =
      error.code === "same_password" ? "Choose a password different from your current one." : error.message;
    throw new AppError("VALIDATION", message, { fieldErrors: { password: [message] } });
  }
  if (error.code === "session_not_found" || error.status === 401 || error.status === 403) {
    throw new AppError("UNAUTHENTICATED", "Your session has ended. Ask for a new link or log in again.");
  }
  throw error;
}
