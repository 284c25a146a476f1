// Authorized, verified download of one document (lib/modules/documents/routes/download.ts).
import { downloadDocumentRoute } from "@/lib/modules/documents/routes/download";

export const dynamic = "force-dynamic";
export const GET = downloadDocumentRoute;
