"use server";
import { orgAction } from "@/lib/auth/org-action";
import { bulkAssignSchema } from "../schemas";
import { bulkAssignContacts } from "../services/bulk-assign";

export const bulkAssignContactsAction = orgAction("contacts:bulk", bulkAssignSchema, bulkAssignContacts, {
  revalidate: "crm",
});
