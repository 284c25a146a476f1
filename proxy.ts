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
  // API route handlers answer JSON or files with their own policy (a file's `sandbox` must not be replaced).
  if (request.nextUrl.pathname.startsWith("/api/")) return refreshSession(request);
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

// Uploads stream through their route handlers: Next buffers (and cuts at 10 MB) the body of any request the
// proxy runs on, so document uploads and the CSV import are excluded. Those handlers authorize for themselves.
export const config = {
  matcher: [
    "/((?!_next/static|_next/image|favicon.ico|api/documents/|[^/]+/crm/contacts/import/upload|.*\\.(?:svg|png|jpg|jpeg|gif|webp|ico)$).*)",
  ],
};
