"use server";
import { redirect } from "next/navigation";
import { userAction } from "@/lib/auth/org-action";
import { createOrganizationSchema } from "../schemas";
import { createOrganization } from "../services/onboarding";

export const createOrganizationAction = userAction(
  createOrganizationSchema,
  async (user, input) => {
    const org = await createOrganization(user, input);
    redirect(`/${org.slug}/dashboard`);
  },
  { name: "createOrganization" },
);
