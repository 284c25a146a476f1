// Streaming document upload (lib/modules/documents/routes/upload.ts).
import { uploadDocumentRoute } from "@/lib/modules/documents/routes/upload";

export const dynamic = "force-dynamic";
export const POST = uploadDocumentRoute();
