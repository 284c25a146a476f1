"use server";
import { redirect } from "next/navigation";
import { orgAction } from "@/lib/auth/org-action";
import { leaveOrganizationSchema } from "../schemas";
import { leaveOrganization } from "../services/members";

export const leaveOrganizationAction = orgAction(
  "organization:read",
  leaveOrganizationSchema,
  leaveOrganization,
  {
    name: "leaveOrganization",
    respond: async () => redirect("/app"),
  },
);
