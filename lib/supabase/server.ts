import "server-only";
// The request-scoped Supabase client for Server Components, server actions and route handlers: the session
// lives in cookies (via @supabase/ssr), under the project's own cookie name. Create one per request.
import { createServerClient, type CookieOptions } from "@supabase/ssr";
import { createClient } from "@supabase/supabase-js";
import { cookies } from "next/headers";
import { getProject, PRIMARY } from "./projects";

export interface CookieJar {
  getAll: () => Array<{ name: string; value: string }>;
  set: (name: string, value: string, options: CookieOptions) => void;
}

/** A cookie-backed client for any named project; each project reads and writes only its own cookies. */
export function createSupabaseWithCookies(jar: CookieJar, projectName: string = PRIMARY) {
  const project = getProject(projectName);
  return createServerClient(project.url, project.anonKey, {
    cookieOptions: project.cookieName ? { name: project.cookieName } : undefined,
    cookies: {
      getAll: () => jar.getAll(),
      setAll: (toSet) => {
        for (const { name, value, options } of toSet) jar.set(name, value, options);
      },
    },
  });
}

export async function createServerSupabase(projectName: string = PRIMARY) {
  const store = await cookies();
  return createSupabaseWithCookies(
    {
      getAll: () => store.getAll(),
      set: (name, value, options) => {
        try {
          store.set(name, value, options);
        } catch {
          // Server Components can't set cookies; proxy.ts refreshes the session cookie instead.
        }
      },
    },
    projectName,
  );
}

/**
 * A client with no cookies and no stored session, for one call that must not touch the browser's session (re-checking
 * the current password before a change). Sign its session out when done.
 */
export function createDetachedSupabase(projectName: string = PRIMARY) {
  const project = getProject(projectName);
  return createClient(project.url, project.anonKey, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
  });
}
