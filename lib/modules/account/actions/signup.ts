"use server";
// Sign-up through Supabase Auth. Locally sign-up is auto-confirmed and signs the user in; on a hosted project
// with email confirmation on, the user is asked to confirm first.
import { redirect } from "next/navigation";
import { action } from "@/lib/action";
import { assertSignupRateLimit } from "@/lib/auth/rate-limit";
import { AppError } from "@/lib/errors";
import { clientAddress, requestBaseUrl } from "@/lib/request";
import { createServerSupabase } from "@/lib/supabase/server";
import { signupSchema } from "../schemas";

export const signupAction = action("signup", signupSchema, async (input) => {
  await assertSignupRateLimit(input.email, await clientAddress());
  const supabase = await createServerSupabase();
  const { data, error } = await supabase.auth.signUp({
    email: input.email,
    password: input.password,
    options: { data: { name: input.name }, emailRedirectTo: `${await requestBaseUrl()}/login` },
  });
  if (error) {
    if (error.code === "user_already_exists" || error.code === "email_exists") {
      throw new AppError("CONFLICT", "An account with this email already exists.", {
        fieldErrors: { email: ["An account with this email already exists — log in instead."] },
      });
    }
    if (error.code === "weak_password") {
      throw new AppError("VALIDATION", error.message, { fieldErrors: { password: [error.message] } });
    }
    throw error;
  }
  if (!data.session) return { confirmationRequired: true as const };
  redirect(input.next ?? "/onboarding/organization");
});
