// The live feed's backfill (lib/modules/activity/routes/activity-since.ts).
import { activitySinceRoute } from "@/lib/modules/activity/routes/activity-since";

export const dynamic = "force-dynamic";
export const GET = activitySinceRoute;
