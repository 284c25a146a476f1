// Client-safe zod schemas for sign-up, login, password recovery and the profile page.
import { z } from "zod";
import { hasControlCharacters, text } from "@/lib/validation";

/** Only same-site paths are followed after login (no open redirects). */
export const nextPathSchema = z
  .string()
  .optional()
  .transform((v) => (v && /^\/(?!\/|\\)[^\s]*$/.test(v) && !hasControlCharacters(v) ? v : undefined));

export const loginSchema = z.object({
  email: z.email("Enter a valid email address").trim().toLowerCase(),
  password: text({ trim: false }).min(1, "Enter your password").max(200),
  next: nextPathSchema,
});
export type LoginInput = z.input<typeof loginSchema>;

export const signupSchema = z.object({
  name: text().min(1, "Enter your name").max(200, "Use at most 200 characters"),
  email: z.email("Enter a valid email address").trim().toLowerCase().max(320),
  password: text({ trim: false }).min(8, "Use at least 8 characters").max(200, "Use at most 200 characters"),
  next: nextPathSchema,
});
export type SignupInput = z.input<typeof signupSchema>;

const newPassword = text({ trim: false })
  .min(8, "Use at least 8 characters")
  .max(200, "Use at most 200 characters");

export const forgotPasswordSchema = z.object({
  email: z.email("Enter a valid email address").trim().toLowerCase().max(320),
});
export type ForgotPasswordInput = z.input<typeof forgotPasswordSchema>;

/** A new password typed twice (the reset page and the profile page). */
const passwordsMatch = {
  check: (v: { password: string; confirmPassword: string }) => v.password === v.confirmPassword,
  params: { path: ["confirmPassword"], message: "The two passwords don't match" },
};
const confirmPassword = text({ trim: false }).max(200);

export const resetPasswordSchema = z
  .object({ password: newPassword, confirmPassword })
  .refine(passwordsMatch.check, passwordsMatch.params);
export type ResetPasswordInput = z.input<typeof resetPasswordSchema>;

export const changePasswordSchema = z
  .object({
    currentPassword: text({ trim: false }).min(1, "Enter your current password").max(200),
    password: newPassword,
    confirmPassword,
  })
  .refine(passwordsMatch.check, passwordsMatch.params);
export type ChangePasswordInput = z.input<typeof changePasswordSchema>;

export const updateProfileSchema = z.object({
  name: text().min(1, "Enter your name").max(200, "Use at most 200 characters"),
});
export type UpdateProfileInput = z.input<typeof updateProfileSchema>;

export const changeEmailSchema = z.object({
  email: z.email("Enter a valid email address").trim().toLowerCase().max(320),
  /** Where the confirmation link brings them back to (the profile page they asked from). */
  next: nextPathSchema,
});
export type ChangeEmailInput = z.input<typeof changeEmailSchema>;

/** Up to two initials for the avatar: "Morgan Lee" → "ML", "sam@x.test" → "S". */
export function initialsOf(name: string | null, email: string): string {
  const words = (name ?? "").trim().split(/\s+/).filter(Boolean);
  const letters =
    words.length > 1 ? [words[0]!, words.at(-1)!].map((w) => [...w][0]) : [[...(words[0] ?? email)][0]];
  return letters.join("").toUpperCase();
}
