import "server-only";
// GET /api/organizations/<org>/dashboard/performance?period=month|quarter|year — the leaderboard and KPIs the
// manager's dashboard refetches when Realtime says a deal, loop or contact changed (or after a reconnect).
import { withOrgRoute } from "@/lib/auth/org-route";
import { getTeamPerformance } from "../queries/performance";
import { performanceQuerySchema } from "../schemas";

export const teamPerformanceRoute = withOrgRoute<{ org: string }>(
  { permission: "dashboard:view", name: "team performance" },
  async (request, ctx) => {
    const { period } = performanceQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
    return Response.json(
      { data: await getTeamPerformance(ctx, period) },
      { headers: { "cache-control": "no-store" } },
    );
  },
);
