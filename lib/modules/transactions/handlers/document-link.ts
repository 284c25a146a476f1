import "server-only";
// GET /api/documents/links/<token> — a "copy link" link. The token (signed by the app, short-lived, bound to one
// document and organization) must verify AND the visitor must be a signed-in member allowed to read that
// organization's documents; a deleted document's link stops working. Signed-out visitors are sent to log in.
import { authorizeUser } from "@/lib/auth/authorize";
import type { CurrentUser } from "@/lib/auth/current-user";
import { documentKeyring } from "@/lib/storage/keyring";
import { verifyDocumentLink } from "@/lib/storage/signed-link";
import { openDocument } from "../services/documents";
import { documentResponse, errorResponse, requireCaller } from "./http";

export async function handleDocumentLink(
  request: Request,
  params: { token: string },
  caller: CurrentUser | null,
): Promise<Response> {
  try {
    if (!caller && (request.headers.get("accept") ?? "").includes("text/html")) {
      const url = new URL(request.url);
      return new Response(null, {
        status: 303,
        headers: { location: `/login?next=${encodeURIComponent(url.pathname)}`, "cache-control": "no-store" },
      });
    }
    const user = requireCaller(caller);
    const claims = verifyDocumentLink(params.token, documentKeyring());
    const ctx = await authorizeUser(user, {
      organization: claims.organizationId,
      feature: "documents",
      permission: "documents:read",
    });
    return await documentResponse(await openDocument(ctx, claims.documentId));
  } catch (err) {
    return errorResponse(request, err, "link");
  }
}
