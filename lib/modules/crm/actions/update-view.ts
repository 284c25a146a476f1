"use server";
import { orgAction } from "@/lib/auth/org-action";
import { updateViewSchema } from "../schemas";
import { updateView } from "../services/views";

export const updateViewAction = orgAction("contacts:read", updateViewSchema, updateView, {
  revalidate: "crm",
});
