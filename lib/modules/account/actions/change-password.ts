"use server";
// The profile page's password change: the current password is checked first (counted like a login attempt), then
// Supabase Auth sets the new one and ends the account's other sessions.
import { userAction } from "@/lib/auth/org-action";
import { changePasswordSchema } from "../schemas";
import { checkCurrentPassword, setPassword } from "../services/password";

export const changePasswordAction = userAction(
  changePasswordSchema,
  async (user, input) => {
    await checkCurrentPassword(user.email, input.currentPassword);
    await setPassword(input.password);
    return { changed: true as const };
  },
  { name: "changePassword" },
);
