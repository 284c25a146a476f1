"use server";
import { orgAction } from "@/lib/auth/org-action";
import { addTemplateItemSchema } from "../schemas";
import { addTemplateItem } from "../services/templates";

export const addTemplateItemAction = orgAction("templates:manage", addTemplateItemSchema, addTemplateItem, {
  revalidate: "templates",
});
