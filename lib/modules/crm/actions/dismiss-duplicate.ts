"use server";
import { orgAction } from "@/lib/auth/org-action";
import { dismissDuplicateSchema } from "../schemas";
import { dismissDuplicate } from "../services/duplicates";

export const dismissDuplicateAction = orgAction("contacts:write", dismissDuplicateSchema, dismissDuplicate, {
  revalidate: "crm",
});
