// Authorized, verified download of one document (thin adapter over handleDocumentDownload).
import { getCurrentUser } from "@/lib/auth/current-user";
import { handleDocumentDownload } from "@/lib/modules/transactions/handlers/download-document";

export const dynamic = "force-dynamic";

export async function GET(
  request: Request,
  { params }: { params: Promise<{ org: string; documentId: string }> },
) {
  return handleDocumentDownload(request, await params, await getCurrentUser());
}
