import "server-only";
// POST /api/documents/<org>/loops/<loopId> — the streaming upload. The raw body is the file (no multipart);
// X-File-Name carries the percent-encoded name (metadata only), ?type= the document type. Authorization runs
// here (documents:write on the loop's organization); a declared Content-Length over the limit is refused with
// 413 before the body is read, and the limit is enforced again while streaming.
import { authorizeUser } from "@/lib/auth/authorize";
import type { CurrentUser } from "@/lib/auth/current-user";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { decodeHeaderFileName } from "@/lib/storage/filename";
import { tooLarge } from "@/lib/storage/inspect";
import { uploadDocument, type UploadOptions } from "../services/documents";
import { assertSameOrigin, errorResponse, requireCaller, UUID_PARAM } from "./http";

function contentLength(request: Request): number | undefined {
  const raw = request.headers.get("content-length");
  if (raw === null || !/^\d+$/.test(raw.trim())) return undefined;
  return Number(raw);
}

export async function handleDocumentUpload(
  request: Request,
  params: { org: string; loopId: string },
  caller: CurrentUser | null,
  opts: UploadOptions = {},
): Promise<Response> {
  try {
    const user = requireCaller(caller);
    assertSameOrigin(request);
    const name = request.headers.get("x-file-name");
    if (name === null) throw new AppError("VALIDATION", "Send the file's name in the X-File-Name header.");
    const maxBytes = opts.maxBytes ?? env().DOCUMENT_MAX_BYTES;
    const declared = contentLength(request);
    if (declared !== undefined && declared > maxBytes) throw tooLarge(maxBytes);
    if (!UUID_PARAM.test(params.loopId))
      throw new AppError("NOT_FOUND", "We couldn't find that transaction.");
    const ctx = await authorizeUser(user, {
      organization: params.org,
      feature: "documents",
      permission: "documents:write",
    });
    if (!request.body || declared === 0) throw new AppError("VALIDATION", "That file is empty.");
    const document = await uploadDocument(
      ctx,
      {
        loopId: params.loopId,
        fileName: decodeHeaderFileName(name),
        documentType: new URL(request.url).searchParams.get("type"),
        body: request.body,
        declaredLength: declared,
      },
      { ...opts, maxBytes },
    );
    return Response.json({ document }, { status: 201, headers: { "cache-control": "no-store" } });
  } catch (err) {
    return errorResponse(request, err, "upload");
  }
}
