"use server";
import { orgAction } from "@/lib/auth/org-action";
import { updateOrganizationSchema } from "../schemas";
import { updateOrganization } from "../services/organization";

export const updateOrganizationAction = orgAction(
  "organization:update",
  updateOrganizationSchema,
  updateOrganization,
  { revalidate: "organization" },
);
