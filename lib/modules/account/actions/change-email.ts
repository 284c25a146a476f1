"use server";
// An email change through Supabase Auth: it mails a confirmation link to the new address; the change applies when
// the link is opened (/auth/confirm), and our users row follows on the next request (lib/auth/current-user.ts).
import { userAction } from "@/lib/auth/org-action";
import { assertRateLimit } from "@/lib/auth/rate-limit";
import { AppError } from "@/lib/errors";
import { requestBaseUrl } from "@/lib/request";
import { createServerSupabase } from "@/lib/supabase/server";
import { changeEmailSchema } from "../schemas";

export const changeEmailAction = userAction(
  changeEmailSchema,
  async (user, input) => {
    if (input.email === user.email.toLowerCase()) {
      throw new AppError("VALIDATION", "That is already your email address.", {
        fieldErrors: { email: ["That is already your email address."] },
      });
    }
    await assertRateLimit("mutation", user.id);
    const back = `/auth/confirm?next=${encodeURIComponent(input.next ?? "/app")}&change=email`;
    const supabase = await createServerSupabase();
    const { error } = await supabase.auth.updateUser(
      { email: input.email },
      { emailRedirectTo: `${await requestBaseUrl()}${back}` },
    );
    if (error) {
      if (error.code === "email_exists" || error.code === "user_already_exists") {
        throw new AppError("CONFLICT", "That address belongs to another account.", {
          fieldErrors: { email: ["That address belongs to another account."] },
        });
      }
      throw error;
    }
    return { pendingEmail: input.email };
  },
  { name: "changeEmail" },
);
