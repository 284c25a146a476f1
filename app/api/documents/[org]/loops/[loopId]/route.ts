// Streaming document upload: a thin adapter over handleDocumentUpload (which authorizes, limits, sniffs,
// encrypts and stores). Server actions cap bodies at 1 MB, hence a route handler.
import { getCurrentUser } from "@/lib/auth/current-user";
import { handleDocumentUpload } from "@/lib/modules/transactions/handlers/upload-document";

export const dynamic = "force-dynamic";

export async function POST(
  request: Request,
  { params }: { params: Promise<{ org: string; loopId: string }> },
) {
  return handleDocumentUpload(request, await params, await getCurrentUser());
}
