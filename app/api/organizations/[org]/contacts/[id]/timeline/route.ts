// "Show older" on a contact's timeline (lib/modules/crm/routes/contact-timeline.ts).
import { contactTimelineRoute } from "@/lib/modules/crm/routes/contact-timeline";

export const dynamic = "force-dynamic";
export const GET = contactTimelineRoute;
