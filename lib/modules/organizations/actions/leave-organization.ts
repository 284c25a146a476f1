"use server";
import { redirect } from "next/navigation";
import { orgAction } from "@/lib/auth/org-action";
import { leaveOrganizationSchema } from "../schemas";
import { leaveOrganization } from "../services/members";

export const leaveOrganizationAction = orgAction(
  "organization:read",
  leaveOrganizationSchema,
  async (ctx, input) => {
    await leaveOrganization(ctx, input);
    redirect("/app");
  },
  { name: "leaveOrganization" },
);
