"use server";
import { orgAction } from "@/lib/auth/org-action";
import { logEntrySchema } from "../timeline-schemas";
import { logContactEntry } from "../services/timeline";

export const logContactEntryAction = orgAction("contacts:write", logEntrySchema, logContactEntry, {
  revalidate: "crm",
});
