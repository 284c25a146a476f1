"use server";
import { orgAction } from "@/lib/auth/org-action";
import { removeTemplateItemSchema } from "../schemas";
import { removeTemplateItem } from "../services/templates";

export const removeTemplateItemAction = orgAction(
  "templates:manage",
  removeTemplateItemSchema,
  removeTemplateItem,
  { revalidate: "templates" },
);
