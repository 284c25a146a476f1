// CSV export of an organization's audit log (lib/modules/activity/routes/audit-export.ts).
import { auditExportRoute } from "@/lib/modules/activity/routes/audit-export";

export const dynamic = "force-dynamic";
export const GET = auditExportRoute;
