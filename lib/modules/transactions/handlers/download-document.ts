import "server-only";
// GET /api/documents/<org>/files/<documentId> — the decrypted document for a member who may read it.
import { authorizeUser } from "@/lib/auth/authorize";
import type { CurrentUser } from "@/lib/auth/current-user";
import { AppError } from "@/lib/errors";
import { openDocument } from "../services/documents";
import { documentResponse, errorResponse, requireCaller, UUID_PARAM } from "./http";

export async function handleDocumentDownload(
  request: Request,
  params: { org: string; documentId: string },
  caller: CurrentUser | null,
): Promise<Response> {
  try {
    const user = requireCaller(caller);
    if (!UUID_PARAM.test(params.documentId))
      throw new AppError("NOT_FOUND", "We couldn't find that document.");
    const ctx = await authorizeUser(user, {
      organization: params.org,
      feature: "documents",
      permission: "documents:read",
    });
    return await documentResponse(await openDocument(ctx, params.documentId));
  } catch (err) {
    return errorResponse(request, err, "download");
  }
}
