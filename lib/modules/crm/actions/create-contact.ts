"use server";
import { orgAction } from "@/lib/auth/org-action";
import { createContactSchema } from "../schemas";
import { createContact } from "../services/contacts";

export const createContactAction = orgAction("contacts:write", createContactSchema, createContact, {
  revalidate: "crm",
  idempotent: true,
});
