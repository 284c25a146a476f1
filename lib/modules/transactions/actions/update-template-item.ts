"use server";
import { orgAction } from "@/lib/auth/org-action";
import { updateTemplateItemSchema } from "../schemas";
import { updateTemplateItem } from "../services/templates";

export const updateTemplateItemAction = orgAction(
  "templates:manage",
  updateTemplateItemSchema,
  updateTemplateItem,
  { revalidate: "templates" },
);
