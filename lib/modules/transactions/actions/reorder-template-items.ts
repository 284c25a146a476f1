"use server";
import { orgAction } from "@/lib/auth/org-action";
import { reorderTemplateItemsSchema } from "../schemas";
import { reorderTemplateItems } from "../services/templates";

export const reorderTemplateItemsAction = orgAction(
  "templates:manage",
  reorderTemplateItemsSchema,
  reorderTemplateItems,
  { revalidate: "templates" },
);
