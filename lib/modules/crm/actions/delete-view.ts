"use server";
import { orgAction } from "@/lib/auth/org-action";
import { deleteViewSchema } from "../schemas";
import { deleteView } from "../services/views";

export const deleteViewAction = orgAction("contacts:read", deleteViewSchema, deleteView, {
  revalidate: "crm",
});
