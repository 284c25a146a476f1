// Next 16's request proxy (formerly middleware): refreshes the Supabase session cookie and gives every page its
// Content-Security-Policy with a fresh nonce. Authorization never lives here — every page, action and route
// handler checks for itself.
import type { NextRequest } from "next/server";
import { LAST_ORG_COOKIE, organizationOfPath } from "@/lib/auth/home-organization";
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
  // Remember the organization last opened, for /app (only used if the person is still a member of it). Not on a
  // prefetch: the organization switcher prefetches the other organizations' pages, which the person didn't open.
  const org = organizationOfPath(request.nextUrl.pathname);
  const prefetch =
    request.headers.has("next-router-prefetch") ||
    /prefetch/i.test(request.headers.get("sec-purpose") ?? request.headers.get("purpose") ?? "");
  if (org && !prefetch && request.cookies.get(LAST_ORG_COOKIE)?.value !== org) {
    response.cookies.set(LAST_ORG_COOKIE, org, {
      httpOnly: true,
      sameSite: "lax",
      secure: request.nextUrl.protocol === "https:",
      path: "/",
      maxAge: 60 * 60 * 24 * 365,
    });
  }
  return response;
}

// Pages only. Route handlers live under /api/ and are left alone: Next buffers (and cuts at 10 MB) the body of any
// request the proxy runs on, uploads must stream, and files answer with their own policy (a `sandbox` CSP that a
// page's must not replace). Route handlers authorize for themselves and refresh the session cookie themselves.
export const config = {
  matcher: ["/((?!api/|_next/static|_next/image|favicon.ico|.*\\.(?:svg|png|jpg|jpeg|gif|webp|ico)$).*)"],
};
