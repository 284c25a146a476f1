// The manager's dashboard's live refresh (lib/modules/dashboard/routes/performance.ts).
import { teamPerformanceRoute } from "@/lib/modules/dashboard/routes/performance";

export const dynamic = "force-dynamic";
export const GET = teamPerformanceRoute;
