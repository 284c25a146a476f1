// The deal form's contact picker (lib/modules/crm/routes/contact-options.ts).
import { contactOptionsRoute } from "@/lib/modules/crm/routes/contact-options";

export const dynamic = "force-dynamic";
export const GET = contactOptionsRoute;
