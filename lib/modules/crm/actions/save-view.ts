"use server";
import { orgAction } from "@/lib/auth/org-action";
import { saveViewSchema } from "../schemas";
import { saveView } from "../services/views";

export const saveViewAction = orgAction("contacts:read", saveViewSchema, saveView, {
  revalidate: "crm",
});
