import "server-only";
// GET /api/documents/<org>/files/<documentId> — the decrypted document for a member who may read it.
import { withOrgRoute } from "@/lib/auth/org-route";
import { openDocument } from "../queries/documents";
import { documentResponse } from "./response";

export const downloadDocumentRoute = withOrgRoute<{ org: string; documentId: string }>(
  { permission: "documents:read", name: "document download" },
  async (_request, ctx, { documentId }) => documentResponse(await openDocument(ctx, documentId)),
);
