"use server";
import { orgAction } from "@/lib/auth/org-action";
import { updateEntrySchema } from "../timeline-schemas";
import { updateContactEntry } from "../services/timeline";

export const updateContactEntryAction = orgAction("contacts:write", updateEntrySchema, updateContactEntry, {
  revalidate: "crm",
});
