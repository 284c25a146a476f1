"use server";
import { orgAction } from "@/lib/auth/org-action";
import { untagContactSchema } from "../schemas";
import { untagContact } from "../services/tags";

export const untagContactAction = orgAction("contacts:write", untagContactSchema, untagContact, {
  revalidate: "crm",
});
