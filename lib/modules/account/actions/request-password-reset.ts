"use server";
// "Forgot password?": Supabase Auth mails a one-time link (PKCE: the code verifier stays in this browser's cookie)
// that lands on /auth/confirm and then /reset-password. The answer is the same whether or not the address has an
// account — including when Auth says it mailed that address too recently (hosted Auth counts registered addresses
// only, so that error would tell them apart).
import { action } from "@/lib/action";
import { assertRecoverRateLimit } from "@/lib/auth/rate-limit";
import { AppError } from "@/lib/errors";
import { clientAddress, requestBaseUrl } from "@/lib/request";
import { createServerSupabase } from "@/lib/supabase/server";
import { forgotPasswordSchema } from "../schemas";

export const requestPasswordResetAction = action(
  "requestPasswordReset",
  forgotPasswordSchema,
  async (input) => {
    await assertRecoverRateLimit(input.email, await clientAddress());
    const supabase = await createServerSupabase();
    const { error } = await supabase.auth.resetPasswordForEmail(input.email, {
      redirectTo: `${await requestBaseUrl()}/auth/confirm?next=${encodeURIComponent("/reset-password")}`,
    });
    if (error && error.code !== "over_email_send_rate_limit") {
      if (error.status === 429)
        throw new AppError("RATE_LIMITED", "Too many requests. Try again in a few minutes.");
      throw error;
    }
    return { sent: true as const };
  },
);
