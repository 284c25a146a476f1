import "server-only";
// GET /api/documents/links/<token> — a "copy link" link. The token (signed by the app, short-lived, bound to one
// document and organization) must verify AND the visitor must be a signed-in member allowed to read that
// organization's documents; a deleted document's link stops working. Signed-out visitors are sent to log in.
import { authorizeUser } from "@/lib/auth/authorize";
import { withUserRoute } from "@/lib/auth/org-route";
import { documentKeyring } from "@/lib/storage/keyring";
import { verifyDocumentLink } from "../links";
import { openDocument } from "../queries/documents";
import { documentResponse } from "./response";

export const documentLinkRoute = withUserRoute<{ token: string }>(
  { name: "document link", signInRedirect: true },
  async (_request, user, { token }) => {
    const claims = verifyDocumentLink(token, documentKeyring());
    const ctx = await authorizeUser(user, {
      organization: claims.organizationId,
      permission: "documents:read",
    });
    return documentResponse(await openDocument(ctx, claims.documentId));
  },
);
