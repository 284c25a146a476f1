// Where Supabase Auth's mailed links land. A recovery link comes back with ?code= (PKCE: the verifier is in this
// browser's cookie), exchanged here for the session that may set a new password. An email-change link applies the
// change at Auth; the session is then refreshed so its claims — and our users row, synced from them on the next
// request — carry the new address. Every redirect names its own fragment (#main): a browser would otherwise carry
// the link's fragment (tokens, errors) over to the next page.
import { NextResponse, type NextRequest } from "next/server";
import { nextPathSchema } from "@/lib/modules/account/schemas";
import { createServerSupabase } from "@/lib/supabase/server";

// A relative Location: behind `next start --hostname` the request's own URL may name another host (localhost for
// 127.0.0.1) than the browser used, and the session cookies were just set for the browser's.
const to = (_request: NextRequest, path: string) =>
  new NextResponse(null, {
    status: 303,
    headers: { location: `${path}#main`, "cache-control": "no-store" },
  });

export async function GET(request: NextRequest) {
  const params = request.nextUrl.searchParams;
  const next = nextPathSchema.parse(params.get("next") ?? undefined) ?? "/app";
  const emailChange = params.get("change") === "email";
  const code = params.get("code");
  const supabase = await createServerSupabase();
  if (params.get("error_code") || params.get("error")) {
    return to(
      request,
      emailChange ? withParam(next, "email", "link-invalid") : "/forgot-password?reason=link-invalid",
    );
  }
  if (code) {
    const { error } = await supabase.auth.exchangeCodeForSession(code);
    if (error)
      return to(
        request,
        emailChange ? withParam(next, "email", "link-invalid") : "/forgot-password?reason=link-invalid",
      );
    return to(request, emailChange ? withParam(next, "email", "changed") : next);
  }
  if (emailChange) {
    const { error } = await supabase.auth.refreshSession();
    return to(request, error ? "/login?reason=email-changed" : withParam(next, "email", "changed"));
  }
  return to(request, "/forgot-password?reason=link-invalid");
}

function withParam(path: string, key: string, value: string): string {
  const url = new URL(path, "http://x");
  url.searchParams.set(key, value);
  return `${url.pathname}${url.search}`;
}
