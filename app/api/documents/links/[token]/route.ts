// Short-lived "copy link" links to a document (lib/modules/documents/routes/link.ts).
import { documentLinkRoute } from "@/lib/modules/documents/routes/link";

export const dynamic = "force-dynamic";
export const GET = documentLinkRoute;
