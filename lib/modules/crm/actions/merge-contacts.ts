"use server";
import { orgAction } from "@/lib/auth/org-action";
import { mergeContactsSchema } from "../schemas";
import { mergeContacts } from "../services/merge";

export const mergeContactsAction = orgAction("contacts:write", mergeContactsSchema, mergeContacts, {
  revalidate: "crm",
});
