// Short-lived "copy link" links to a document (thin adapter over handleDocumentLink).
import { getCurrentUser } from "@/lib/auth/current-user";
import { handleDocumentLink } from "@/lib/modules/transactions/handlers/document-link";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ token: string }> }) {
  return handleDocumentLink(request, await params, await getCurrentUser());
}
