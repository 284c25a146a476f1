import "server-only";
// GET /api/documents/<org>/files/<documentId>/view — the verified bytes of a PDF or an image for the app's viewer,
// which fetches them and draws them itself (pdf.js on a canvas, an <img> from a blob); any other type is refused
// (415) before anything is read from Storage, so nothing else is ever offered inline. The response is the
// download's: an attachment under `default-src 'none'; sandbox` with nosniff — opened directly, it downloads.
import { withOrgRoute } from "@/lib/auth/org-route";
import { openDocument } from "../queries/documents";
import { viewerKind } from "../schemas";
import { documentResponse } from "./response";

export const viewDocumentRoute = withOrgRoute<{ org: string; documentId: string }>(
  { permission: "documents:read", name: "document view" },
  async (_request, ctx, { documentId }) =>
    documentResponse(
      await openDocument(ctx, documentId, {
        only: (type) => viewerKind(type) !== null,
        refusal: "This file can't be shown in the browser. Download it instead.",
      }),
    ),
);
