"use server";
// The new password after a recovery link (whose session /auth/confirm started). Setting it ends every other
// session of the account.
import { redirect } from "next/navigation";
import { userAction } from "@/lib/auth/org-action";
import { resetPasswordSchema } from "../schemas";
import { setPassword } from "../services/password";

export const resetPasswordAction = userAction(
  resetPasswordSchema,
  async (_user, input) => {
    await setPassword(input.password);
    redirect("/app");
  },
  { name: "resetPassword" },
);
