"use server";
import { orgAction } from "@/lib/auth/org-action";
import { tagContactSchema } from "../schemas";
import { tagContact } from "../services/tags";

export const tagContactAction = orgAction("contacts:write", tagContactSchema, tagContact, {
  revalidate: "crm",
});
