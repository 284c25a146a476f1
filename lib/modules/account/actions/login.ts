"use server";
// Password login through Supabase Auth on the server: @supabase/ssr writes the session cookies.
import { redirect } from "next/navigation";
import { action } from "@/lib/action";
import { assertLoginRateLimit } from "@/lib/auth/rate-limit";
import { AppError } from "@/lib/errors";
import { clientAddress } from "@/lib/request";
import { createServerSupabase } from "@/lib/supabase/server";
import { loginSchema } from "../schemas";

export const loginAction = action("login", loginSchema, async (input) => {
  await assertLoginRateLimit(input.email, await clientAddress());
  const supabase = await createServerSupabase();
  const { error } = await supabase.auth.signInWithPassword({ email: input.email, password: input.password });
  if (error) {
    if (error.code === "invalid_credentials" || error.status === 400) {
      throw new AppError("UNAUTHENTICATED", "Email or password is incorrect.");
    }
    if (error.code === "user_banned")
      throw new AppError("FORBIDDEN", "This account is blocked. Contact support.");
    if (error.code === "email_not_confirmed")
      throw new AppError("UNAUTHENTICATED", "Confirm your email address first — check your inbox.");
    throw error;
  }
  redirect(input.next ?? "/app");
});
