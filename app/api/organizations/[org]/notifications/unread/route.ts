// The notification bell's unread count (lib/modules/notifications/routes/unread-count.ts).
import { unreadCountRoute } from "@/lib/modules/notifications/routes/unread-count";

export const dynamic = "force-dynamic";
export const GET = unreadCountRoute;
