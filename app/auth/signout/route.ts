// Signs a suspended account out and shows the login page with the reason. Server Components can't write
// cookies, so requireAuth() redirects here. Ordinary logout is the logoutAction (a POST); a GET from
// another site can't sign an active user out.
import { NextResponse, type NextRequest } from "next/server";
import { getCurrentUser } from "@/lib/auth/current-user";
import { createServerSupabase } from "@/lib/supabase/server";

export async function GET(request: NextRequest) {
  const user = await getCurrentUser();
  const target = new URL("/login", request.nextUrl.origin);
  if (user?.globalRole === "SUSPENDED") {
    const supabase = await createServerSupabase();
    await supabase.auth.signOut({ scope: "local" }).catch(() => undefined);
    target.searchParams.set("reason", "suspended");
  }
  return NextResponse.redirect(target, { headers: { "cache-control": "no-store" } });
}
