"use server";
import { orgAction } from "@/lib/auth/org-action";
import { deleteEntrySchema } from "../timeline-schemas";
import { deleteContactEntry } from "../services/timeline";

export const deleteContactEntryAction = orgAction("contacts:write", deleteEntrySchema, deleteContactEntry, {
  revalidate: "crm",
});
