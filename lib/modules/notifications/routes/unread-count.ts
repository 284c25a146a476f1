import "server-only";
// GET /api/organizations/<org>/notifications/unread — the bell's count, fetched after every live change.
import { withOrgRoute } from "@/lib/auth/org-route";
import { countUnreadNotifications } from "../queries/notifications";

export const unreadCountRoute = withOrgRoute<{ org: string }>(
  { permission: "notifications:read", name: "notifications unread count" },
  async (_request, ctx) =>
    Response.json(
      { data: { unread: await countUnreadNotifications(ctx) } },
      { headers: { "cache-control": "no-store" } },
    ),
);
