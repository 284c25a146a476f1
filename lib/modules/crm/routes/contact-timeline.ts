import "server-only";
// GET /api/organizations/<org>/contacts/<id>/timeline?cursor=&show= — "Show older" on a contact's timeline.
import { withOrgRoute } from "@/lib/auth/org-route";
import { getContactTimeline } from "../queries/timeline";
import { parseTimelineKinds, timelineParamsSchema } from "../timeline-schemas";

export const contactTimelineRoute = withOrgRoute<{ org: string; id: string }>(
  { permission: "contacts:read", name: "contact timeline" },
  async (request, ctx, params) => {
    const query = timelineParamsSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
    const page = await getContactTimeline(ctx, params.id, {
      cursor: query.cursor,
      kinds: parseTimelineKinds(query.show),
    });
    return Response.json({ data: page }, { headers: { "cache-control": "no-store" } });
  },
);
