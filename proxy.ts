// Next 16's request proxy (formerly middleware): refreshes the Supabase session cookie and gives every page its
// Content-Security-Policy with a fresh nonce. Authorization never lives here — every page, action and route
// handler checks for itself.
import type { NextRequest } from "next/server";
import { createNonce, pageContentSecurityPolicy } from "@/lib/security/headers";
import { getProject, PRIMARY } from "@/lib/supabase/projects";
import { refreshSession } from "@/lib/supabase/session";

function primarySupabaseUrl(): string | undefined {
  try {
    return getProject(PRIMARY).url;
  } catch {
    return undefined; // not configured: pages report the missing environment
  }
}

export async function proxy(request: NextRequest) {
  const csp = pageContentSecurityPolicy({
    nonce: createNonce(),
    supabaseUrl: primarySupabaseUrl(),
    dev: process.env.NODE_ENV === "development",
  });
  // Next reads the nonce from the request's CSP header while rendering and puts it on its own scripts;
  // refreshSession forwards the request headers to the page.
  request.headers.set("content-security-policy", csp);
  const response = await refreshSession(request);
  response.headers.set("content-security-policy", csp);
  return response;
}

// Pages only. Route handlers live under /api/ and are left alone: Next buffers (and cuts at 10 MB) the body of any
// request the proxy runs on, uploads must stream, and files answer with their own policy (a `sandbox` CSP that a
// page's must not replace). Route handlers authorize for themselves and refresh the session cookie themselves.
export const config = {
  matcher: ["/((?!api/|_next/static|_next/image|favicon.ico|.*\\.(?:svg|png|jpg|jpeg|gif|webp|ico)$).*)"],
};
