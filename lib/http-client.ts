// The browser's side of the app's JSON route handlers (reads the browser polls are route handlers, not server
// actions: actions run one at a time per client, so a slow read would queue behind the user's edits). The same
// result shape as server actions, so callers handle both alike.
import { defaultMessage, type ActionResult, type ErrorCode } from "./errors";

export async function getJson<T>(url: string, init: RequestInit = {}): Promise<ActionResult<T>> {
  let res: Response;
  try {
    res = await fetch(url, {
      cache: "no-store",
      ...init,
      headers: { accept: "application/json", ...init.headers },
    });
  } catch {
    return {
      ok: false,
      error: {
        code: "INTERNAL",
        message: "We couldn't reach the server. Check your connection and try again.",
      },
    };
  }
  const body = (await res.json().catch(() => null)) as
    { data: T } | { error: { code: ErrorCode; message: string; details?: Record<string, unknown> } } | null;
  if (res.ok && body && "data" in body) return { ok: true, data: body.data };
  if (body && "error" in body && body.error?.code) return { ok: false, error: body.error };
  return { ok: false, error: { code: "INTERNAL", message: defaultMessage("INTERNAL") } };
}
