import "server-only";
// POST /api/documents/<org>/loops/<loopId> — the streaming upload (server actions cap bodies at 1 MB). The raw
// body is the file (no multipart); X-File-Name carries the percent-encoded name (metadata only), ?type= the
// document type, ?slot= the checklist slot to file it in. A declared Content-Length over the limit is refused with
// 413 before the body is read, and the limit is enforced again while streaming.
import { withOrgRoute, type Route } from "@/lib/auth/org-route";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { decodeHeaderFileName } from "@/lib/storage/filename";
import { tooLarge } from "@/lib/storage/inspect";
import { uploadDocument, type UploadOptions } from "../services/documents";

type Params = { org: string; loopId: string };

function contentLength(request: Request): number | undefined {
  const raw = request.headers.get("content-length");
  if (raw === null || !/^\d+$/.test(raw.trim())) return undefined;
  return Number(raw);
}

/** The upload route; tests pass smaller limits and chunks. */
export function uploadDocumentRoute(opts: UploadOptions = {}): Route<Params> {
  return withOrgRoute<Params>(
    { permission: "documents:write", sameOrigin: true, name: "document upload", idempotent: true },
    async (request, ctx, { loopId }) => {
      const name = request.headers.get("x-file-name");
      if (name === null) throw new AppError("VALIDATION", "Send the file's name in the X-File-Name header.");
      const maxBytes = opts.maxBytes ?? env().DOCUMENT_MAX_BYTES;
      const declared = contentLength(request);
      if (declared !== undefined && declared > maxBytes) throw tooLarge(maxBytes);
      if (!request.body || declared === 0) throw new AppError("VALIDATION", "That file is empty.");
      const query = new URL(request.url).searchParams;
      const document = await uploadDocument(
        ctx,
        {
          loopId,
          fileName: decodeHeaderFileName(name),
          documentType: query.get("type"),
          slotId: query.get("slot"),
          body: request.body,
          declaredLength: declared,
        },
        { ...opts, maxBytes },
      );
      return Response.json({ document }, { status: 201, headers: { "cache-control": "no-store" } });
    },
  );
}
