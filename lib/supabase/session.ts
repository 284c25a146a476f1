import "server-only";
// Session refresh for proxy.ts: reads the auth cookies, lets @supabase/ssr refresh an expiring access token
// and writes the new cookies to both the forwarded request and the response. It authorizes nothing.
import { createServerClient } from "@supabase/ssr";
import { NextResponse, type NextRequest } from "next/server";
import { getProject, PRIMARY } from "./projects";

export async function refreshSession(request: NextRequest): Promise<NextResponse> {
  let response = NextResponse.next({ request });
  let project;
  try {
    project = getProject(PRIMARY);
  } catch {
    return response; // not configured: pages will report the missing environment
  }
  const supabase = createServerClient(project.url, project.anonKey, {
    cookieOptions: project.cookieName ? { name: project.cookieName } : undefined,
    cookies: {
      getAll: () => request.cookies.getAll(),
      setAll: (toSet, headers) => {
        for (const { name, value } of toSet) request.cookies.set(name, value);
        response = NextResponse.next({ request });
        for (const { name, value, options } of toSet) response.cookies.set(name, value, options);
        for (const [k, v] of Object.entries(headers ?? {})) response.headers.set(k, v);
      },
    },
  });
  // getClaims() verifies the JWT and refreshes the session when the access token has expired.
  await supabase.auth.getClaims().catch(() => undefined);
  return response;
}
