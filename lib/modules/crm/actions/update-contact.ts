"use server";
import { orgAction } from "@/lib/auth/org-action";
import { updateContactSchema } from "../schemas";
import { updateContact } from "../services/contacts";

export const updateContactAction = orgAction("contacts:write", updateContactSchema, updateContact, {
  revalidate: "crm",
});
