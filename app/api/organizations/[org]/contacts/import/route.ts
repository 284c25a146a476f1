// CSV import, streamed with progress (lib/modules/crm/routes/import.ts).
import { importContactsRoute } from "@/lib/modules/crm/routes/import";

export const dynamic = "force-dynamic";
export const POST = importContactsRoute;
