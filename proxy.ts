// Next 16's request proxy (formerly middleware): refreshes the Supabase session cookie and nothing more.
// Authorization never lives here — every page, action and route handler checks for itself.
import type { NextRequest } from "next/server";
import { refreshSession } from "@/lib/supabase/session";

export async function proxy(request: NextRequest) {
  return refreshSession(request);
}

// Uploads stream through their route handlers: Next buffers (and cuts at 10 MB) the body of any request the
// proxy runs on, so document uploads and the CSV import are excluded. Those handlers authorize for themselves.
export const config = {
  matcher: [
    "/((?!_next/static|_next/image|favicon.ico|api/documents/|[^/]+/crm/contacts/import/upload|.*\\.(?:svg|png|jpg|jpeg|gif|webp|ico)$).*)",
  ],
};
