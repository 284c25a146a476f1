"use server";
import { orgAction } from "@/lib/auth/org-action";
import { deleteContactSchema } from "../schemas";
import { deleteContact } from "../services/contacts";

export const deleteContactAction = orgAction("contacts:write", deleteContactSchema, deleteContact, {
  revalidate: "crm",
});
