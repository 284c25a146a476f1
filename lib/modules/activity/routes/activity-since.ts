import "server-only";
// GET /api/organizations/<org>/activity?after=<seq> — the live feed's backfill: every entry after `after` this
// member may read, oldest first (after a reconnect, a wake from sleep, or a gap in seq).
import { withOrgRoute } from "@/lib/auth/org-route";
import { AppError } from "@/lib/errors";
import { listActivitySince } from "../queries/feed";
import { activitySinceSchema } from "../schemas";

export const activitySinceRoute = withOrgRoute<{ org: string }>(
  { permission: "activity:read", name: "activity backfill" },
  async (request, ctx) => {
    const parsed = activitySinceSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
    if (!parsed.success) throw new AppError("VALIDATION", "`after` must be a sequence number.");
    return Response.json(
      { data: await listActivitySince(ctx, parsed.data.after) },
      { headers: { "cache-control": "no-store" } },
    );
  },
);
