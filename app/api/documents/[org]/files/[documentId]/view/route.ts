// The document viewer's read of a PDF or an image (lib/modules/documents/routes/view.ts).
import { viewDocumentRoute } from "@/lib/modules/documents/routes/view";

export const dynamic = "force-dynamic";
export const GET = viewDocumentRoute;
