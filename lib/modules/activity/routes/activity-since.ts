import "server-only";
// GET /api/organizations/<org>/activity?after=<chain seq> — the live feed's backfill: every entry this member may
// read that was sealed after chain position `after`, then those not sealed yet (after a reconnect or a wake).
import { withOrgRoute } from "@/lib/auth/org-route";
import { AppError } from "@/lib/errors";
import { listActivitySince } from "../queries/feed";
import { activitySinceSchema } from "../schemas";

export const activitySinceRoute = withOrgRoute<{ org: string }>(
  { permission: "activity:read", name: "activity backfill" },
  async (request, ctx) => {
    const parsed = activitySinceSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
    if (!parsed.success) throw new AppError("VALIDATION", "`after` must be a chain position.");
    return Response.json(
      { data: await listActivitySince(ctx, parsed.data.after) },
      { headers: { "cache-control": "no-store" } },
    );
  },
);
