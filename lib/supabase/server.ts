import "server-only";
// The request-scoped Supabase client for Server Components, server actions and route handlers: the session
// lives in cookies (via @supabase/ssr). Create one per request; never share across requests.
import { createServerClient } from "@supabase/ssr";
import { cookies } from "next/headers";
import { getProject, PRIMARY } from "./projects";

export async function createServerSupabase(projectName: string = PRIMARY) {
  const project = getProject(projectName);
  const cookieStore = await cookies();
  return createServerClient(project.url, project.anonKey, {
    cookieOptions: project.cookieName ? { name: project.cookieName } : undefined,
    cookies: {
      getAll: () => cookieStore.getAll(),
      setAll: (toSet) => {
        try {
          for (const { name, value, options } of toSet) cookieStore.set(name, value, options);
        } catch {
          // Server Components can't set cookies; proxy.ts refreshes the session cookie instead.
        }
      },
    },
  });
}
