"use client";
// The browser's Supabase client: the signed-in user's session from cookies, the publishable (anon) key only.
// URL and key come from the server (publicSupabaseConfig) so one build runs against any project.
import { createBrowserClient } from "@supabase/ssr";

export interface PublicSupabaseConfig {
  url: string;
  anonKey: string;
  cookieName?: string;
}

export function createBrowserSupabase(config: PublicSupabaseConfig) {
  return createBrowserClient(config.url, config.anonKey, {
    cookieOptions: config.cookieName ? { name: config.cookieName } : undefined,
  });
}
