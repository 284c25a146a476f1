// Official Supabase clients pointed at the test stack (never mocks).
import { createClient, type SupabaseClient } from "@supabase/supabase-js";

export const supabaseUrl = () => process.env.NEXT_PUBLIC_SUPABASE_URL!;
export const anonKey = () => process.env.NEXT_PUBLIC_SUPABASE_ANON_KEY!;
export const serviceRoleKey = () => process.env.SUPABASE_SERVICE_ROLE_KEY!;

const noPersist = { auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false } };

/** A fresh anon client with its own in-memory session. */
export function anonClient(): SupabaseClient {
  return createClient(supabaseUrl(), anonKey(), noPersist);
}

/** The service-role client (admin APIs, bypasses RLS). */
export function serviceClient(): SupabaseClient {
  return createClient(supabaseUrl(), serviceRoleKey(), noPersist);
}

export function uniqueEmail(prefix = "user"): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}@example.test`;
}
