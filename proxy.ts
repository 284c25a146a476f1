// Next 16's request proxy (formerly middleware): refreshes the Supabase session cookie and nothing more.
// Authorization never lives here — every page, action and route handler checks for itself.
import type { NextRequest } from "next/server";
import { refreshSession } from "@/lib/supabase/session";

export async function proxy(request: NextRequest) {
  return refreshSession(request);
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|.*\\.(?:svg|png|jpg|jpeg|gif|webp|ico)$).*)"],
};
