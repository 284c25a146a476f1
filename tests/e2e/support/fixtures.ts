// Shared E2E helpers: users created through Supabase Auth's admin API (the official client), and a login()
// that goes through the real login form.
import { readFileSync } from "node:fs";
import { createClient } from "@supabase/supabase-js";
import { expect, type Page } from "@playwright/test";
import { STATE_FILE } from "./global-setup";

export function stackEnv(): Record<string, string> {
  return JSON.parse(readFileSync(STATE_FILE, "utf8")).env;
}

export function adminClient() {
  const env = stackEnv();
  return createClient(env.NEXT_PUBLIC_SUPABASE_URL!, env.SUPABASE_SERVICE_ROLE_KEY!, {
    auth: { persistSession: false, autoRefreshToken: false },
  });
}

export const PASSWORD = "e2e-password-123";

export function uniqueEmail(prefix: string) {
  return `${prefix}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@example.test`;
}

export async function createAuthUser(email: string, name: string) {
  const { data, error } = await adminClient().auth.admin.createUser({
    email,
    password: PASSWORD,
    email_confirm: true,
    user_metadata: { name },
  });
  if (error || !data.user) throw new Error(`createUser failed: ${error?.message}`);
  return data.user;
}

export async function login(page: Page, email: string, password = PASSWORD) {
  // The form must be hydrated before submitting, or the browser posts it natively.
  await page.goto("/login", { waitUntil: "networkidle" });
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page).not.toHaveURL(/\/login/);
}
