"use server";
import { redirect } from "next/navigation";
import { action } from "@/lib/action";
import { requireUser } from "@/lib/auth/authorize";
import { createOrganizationSchema } from "../schemas";
import { createOrganization } from "../services/onboarding";

export const createOrganizationAction = action(
  "createOrganization",
  createOrganizationSchema,
  async (input) => {
    const user = await requireUser();
    const org = await createOrganization(user, input);
    redirect(`/${org.slug}/dashboard`);
  },
);
