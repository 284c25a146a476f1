import "server-only";
// Whether the app can reach its database right now: what the error boundaries ask when a page failed, since a
// production page error reaches the browser without its message (only a digest).
import { getPool } from "./database/client";
import { errorResponse } from "./http";

export async function databaseHealthResponse(request: Request): Promise<Response> {
  try {
    await getPool().query("select 1");
    return Response.json({ ok: true }, { headers: { "cache-control": "no-store" } });
  } catch (err) {
    return errorResponse(request, err, "health");
  }
}
