// Client-safe zod schemas for sign-up and login.
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
