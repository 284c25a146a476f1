"use server";
import { orgAction } from "@/lib/auth/org-action";
import { bulkTagSchema } from "../schemas";
import { bulkTagContacts } from "../services/tags";

export const bulkTagContactsAction = orgAction("contacts:bulk", bulkTagSchema, bulkTagContacts, {
  revalidate: "crm",
});
